import pytest

from content_tree import experience, png, png_header


def test_front_matter_image_without_alt(tree):
    tree.write("images/velo.png", png())
    tree.write("experiences/x.md", experience(image="image:\n  file: images/velo.png"))
    assert tree.codes() == [("experiences/x.md", 9, "image-sans-alt")]


def test_front_matter_image_file_missing(tree):
    tree.write("experiences/x.md", experience(image="image:\n  file: images/absente.png\n  alt: Un vélo"))
    assert tree.codes() == [("experiences/x.md", 10, "image-introuvable")]


def test_path_traversal_is_refused(tree):
    tree.write("experiences/x.md", experience(image="image:\n  file: ../../etc/passwd.png\n  alt: x"))
    assert tree.codes() == [("experiences/x.md", 10, "image-chemin-interdit")]


def test_svg_is_refused(tree):
    tree.write("images/dessin.svg", "<svg onload='alert(1)'/>")
    tree.write("experiences/x.md", experience(image="image:\n  file: images/dessin.svg\n  alt: x"))
    # The file itself would be published as it is, and the reference names it.
    assert tree.codes() == [("experiences/x.md", 10, "image-format"), ("images/dessin.svg", 1, "fichier-interdit")]


def test_body_image_without_alt_and_missing(tree):
    tree.write("experiences/x.md", experience() + "\n![](../images/absente.jpg)\n")
    assert tree.codes() == [("experiences/x.md", 14, "image-introuvable"), ("experiences/x.md", 14, "image-sans-alt")]


def test_valid_images(tree):
    tree.write("images/velo.png", png())
    tree.write("experiences/x.md", experience(image="image:\n  file: images/velo.png\n  alt: Un vélo\n  credit: © Ville") + "\n![Un vélo](../images/velo.png)\n")
    assert tree.codes() == []


def test_an_image_name_that_would_break_an_attribute_is_refused(tree):
    tree.write('images/x" onerror="alert(1).png', png())
    tree.write("images/Photo Été.JPG", png(format="JPEG"))
    problems = tree.problems()
    assert sorted((p.path, p.line, p.code) for p in problems) == [
        ('content/images/Photo Été.JPG', 1, "nom-de-fichier-invalide"),
        ('content/images/x" onerror="alert(1).png', 1, "nom-de-fichier-invalide"),
    ]
    hints = sorted(p.hint for p in problems)
    assert "« images/photo-ete.jpg »" in hints[0] and "« images/x-onerror-alert-1.png »" in hints[1]


def test_a_safe_name_in_a_subfolder_is_accepted(tree):
    tree.write("images/2015/atelier-velo-1.png", png())
    assert tree.codes() == []


@pytest.mark.parametrize(("name", "data", "code"), [
    ("images/gif.png", png(format="GIF"), "image-contenu-invalide"),
    ("images/png.jpg", png(), "image-contenu-invalide"),
    ("images/texte.png", b"<svg onload='alert(1)'/>", "image-illisible"),
    ("images/bmp.png", png(format="BMP"), "image-illisible"),  # a format the site does not serve
    ("images/tronquee.png", png()[:20], "image-illisible"),
    ("images/vide.webp", b"", "image-illisible"),
    ("images/bombe.png", png_header(10_000, 6_000), "image-trop-grande"),  # 60 megapixels, header only
    ("images/grosse-bombe.png", png_header(100_000, 100_000), "image-trop-grande"),  # beyond Pillow's own limit
], ids=lambda value: value if isinstance(value, str) and value.startswith("images/") else "")
def test_image_files_are_what_their_extension_says_and_of_a_sane_size(tree, name, data, code):
    tree.write(name, data)
    assert tree.codes() == [(name, 1, code)]
    assert tree.problems()[0].hint


def test_the_messages_name_the_format_found_and_the_dimensions(tree):
    tree.write("images/gif.png", png(format="GIF"))
    tree.write("images/bombe.png", png_header(10_000, 6_000))
    messages = {p.path: (p.message, p.hint) for p in tree.problems()}
    assert "contient une image GIF, pas une image PNG" in messages["content/images/gif.png"][0]
    # GIF is not accepted (CONTRIBUTING: JPEG, PNG, WebP, AVIF): no renaming to .gif is proposed.
    assert "images/gif.gif" not in messages["content/images/gif.png"][1]
    assert "Le format GIF n'est pas accepté : enregistrez-le à nouveau au format PNG (formats acceptés : JPEG, PNG, WebP ou AVIF)." == messages["content/images/gif.png"][1]
    assert "10000 × 6000 pixels (60 mégapixels) ; la limite est 50 mégapixels" in messages["content/images/bombe.png"][0]


def test_every_accepted_format_is_read(tree):
    for suffix, format in ((".jpg", "JPEG"), (".jpeg", "JPEG"), (".png", "PNG"), (".webp", "WEBP"), (".avif", "AVIF")):
        tree.write(f"images/x{suffix}", png(format=format))
    assert tree.codes() == []


def test_a_gif_is_refused_as_the_documentation_says(tree):
    tree.write("images/anime.gif", png(format="GIF"))
    assert tree.codes() == [("images/anime.gif", 1, "fichier-interdit")]
    assert "JPEG, PNG, WebP ou AVIF" in tree.problems()[0].hint
