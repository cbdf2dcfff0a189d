"""Nothing outside content/ is ever read: links are refused, special files never opened."""
import os

import pytest

from bouquet.content_files import NotRegularFile, list_content, open_regular, read_bounded
from content_tree import experience, png


@pytest.fixture
def outside(tmp_path):
    """A folder beside the tree (outside content/) with a secret, an image and an experience."""
    folder = tmp_path / "ailleurs"
    folder.mkdir()
    (folder / "secret.txt").write_text("mot de passe", encoding="utf-8")
    (folder / "photo.png").write_bytes(png())
    (folder / "dehors.md").write_text(experience(), encoding="utf-8")
    return folder


def test_every_symbolic_link_under_content_is_refused(tree, outside):
    tree.write("experiences/ok.md", experience())
    (tree.content / "images").mkdir()
    os.symlink(outside / "photo.png", tree.content / "images" / "photo.png")
    os.symlink(outside / "dehors.md", tree.content / "experiences" / "dehors.md")
    os.symlink(outside, tree.content / "bouquets" / "dossier")
    os.symlink("/etc/passwd", tree.content / "images" / "passwd.png")
    os.symlink("/nulle/part", tree.content / "casse.md")
    os.symlink(tree.content, tree.content / "boucle")
    assert sorted(tree.codes()) == [
        ("boucle", 1, "lien-symbolique"),
        ("bouquets/dossier", 1, "lien-symbolique"),
        ("casse.md", 1, "lien-symbolique"),
        ("experiences/dehors.md", 1, "lien-symbolique"),
        ("images/passwd.png", 1, "lien-symbolique"),
        ("images/photo.png", 1, "lien-symbolique"),
    ]
    problem = next(p for p in tree.problems() if p.path.endswith("dehors.md"))
    assert "lien symbolique" in problem.message and "copie" in problem.hint


def test_a_link_to_an_endless_device_is_never_read(tree):
    tree.write("experiences/ok.md", experience())
    os.symlink("/dev/zero", tree.content / "experiences" / "zero.md")
    os.symlink("/dev/zero", tree.content / "themes-bis.yml")
    assert sorted(tree.codes()) == [("experiences/zero.md", 1, "lien-symbolique"), ("themes-bis.yml", 1, "lien-symbolique")]
    with pytest.raises(NotRegularFile):
        read_bounded(tree.content / "experiences" / "zero.md", 10)


def test_a_fifo_is_reported_and_never_opened_for_reading(tree):
    tree.write("experiences/ok.md", experience())
    os.mkfifo(tree.content / "experiences" / "tube.md")
    os.mkfifo(tree.content / "images-tube.png")
    assert sorted(tree.codes()) == [("experiences/tube.md", 1, "fichier-special"), ("images-tube.png", 1, "fichier-special")]
    # Opened directly, it is refused at once instead of waiting for a writer.
    with pytest.raises(NotRegularFile):
        open_regular(tree.content / "experiences" / "tube.md")


def test_a_linked_vocabulary_is_not_read_through(tree, outside):
    (tree.content / "themes.yml").unlink()
    (outside / "themes.yml").write_text("- name: Ailleurs\n  description: Lu hors du dépôt.\n", encoding="utf-8")
    os.symlink(outside / "themes.yml", tree.content / "themes.yml")
    result = tree.check()
    assert ("content/themes.yml", 1, "lien-symbolique") in [(p.path, p.line, p.code) for p in result.problems]
    assert result.vocabulary.themes == ()


def test_links_in_hidden_folders_are_refused_too(tree, outside):
    # MkDocs walks hidden folders, following links, before it excludes them.
    (tree.content / ".cache").mkdir()
    os.symlink("/", tree.content / ".cache" / "racine")
    (tree.content / ".cache" / "note.txt").write_text("ignoré", encoding="utf-8")
    assert tree.codes() == [(".cache/racine", 1, "lien-symbolique")]


def test_the_listing_never_follows_a_link(tree, outside):
    os.symlink(outside, tree.content / "dossier")
    listing = list_content(tree.content)
    assert listing.links == [tree.content / "dossier"]
    assert all(outside not in f.parents for f in listing.files)


def test_reading_is_bounded(tmp_path):
    big = tmp_path / "gros.md"
    big.write_bytes(b"x" * 1000)
    data, size = read_bounded(big, 10)
    assert (len(data), size) == (11, 1000)
