import pytest

from content_tree import experience, png


@pytest.mark.parametrize(
    "markdown",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](java&#115;cript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "[ref]\n\n[ref]: vbscript:msgbox",
        "<javascript:alert(1)>",
    ],
)
def test_forbidden_schemes(tree, markdown):
    tree.write("experiences/x.md", experience() + "\n" + markdown + "\n")
    codes = [(line, code) for _, line, code in tree.codes()]
    assert (14, "lien-interdit") in codes or (16, "lien-interdit") in codes


def test_allowed_links(tree):
    tree.write("experiences/y.md", experience())
    tree.write("images/velo.png", png())
    tree.write("a-propos.md", "---\ntitle: À propos\n---\nTexte.\n")
    tree.write("experiences/x.md", experience() + "\n[a](https://exemple.fr) [b](mailto:a@b.fr) [c](y.md) [d](#origine)"
               " [e](../experiences/y.md#origine) [f](./y.md?x=1) [g](../a-propos.md) [h](../images/velo.png)"
               " [i](../themes/mobilite/index.md) [j](../experiences/index.md) [k](//exemple.fr/x) [l](y%2Emd)\n")
    assert tree.codes() == []


# Body line 14 is the line after experience()'s last line.
@pytest.mark.parametrize(("markdown", "code"), [
    ("[a](absente.md)", "lien-introuvable"),
    ("[a](../bouquets/absent.md#x)", "lien-introuvable"),
    ("[a](y/)", "lien-introuvable"),  # MkDocs resolves only the .md file itself
    ("[a](../images/absente.png)", "lien-introuvable"),
    ("[a](../../README.md)", "lien-introuvable"),  # outside content/
    ("[a](../themes.yml)", "lien-introuvable"),  # not published
    ("[a](../themes/inconnu/index.md)", "lien-introuvable"),
    ("[a][ref]\n\n[ref]: absente.md", "lien-introuvable"),  # reported on the definition's line, 16
    ("[a](/experiences/y/)", "lien-absolu"),
    ("[a](brouillon.md)", "lien-brouillon"),
])
def test_links_to_what_the_site_does_not_publish(tree, markdown, code):
    tree.write("experiences/y.md", experience())
    tree.write("experiences/brouillon.md", experience(draft="draft: true"))
    tree.write("experiences/x.md", experience() + "\n" + markdown + "\n")
    assert tree.codes() == [("experiences/x.md", 16 if "[ref]:" in markdown else 14, code)]
    problem = tree.problems()[0]
    assert "Le lien" in problem.message and problem.hint


def test_a_page_link_written_as_a_folder_gets_the_md_file_as_hint(tree):
    tree.write("experiences/y.md", experience())
    tree.write("index.md", "---\ntitle: Accueil\n---\nVoir [y](experiences/y/) et [z](experiences/yy.md).\n")
    problems = tree.problems()
    assert [(p.path, p.line, p.code) for p in problems] == [("content/index.md", 4, "lien-introuvable")] * 2
    assert [p.hint for p in problems] == ["Visez le fichier : « experiences/y.md » (un lien vers une page se termine par .md).",
                                          "Vouliez-vous dire « experiences/y.md » ?"]


def test_a_draft_may_link_to_a_draft(tree):
    tree.write("experiences/brouillon.md", experience(draft="draft: true"))
    tree.write("experiences/x.md", experience(draft="draft: true") + "\n[a](brouillon.md)\n")
    assert tree.codes() == []
