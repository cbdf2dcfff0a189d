import pytest

from content_tree import experience


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
    tree.write("experiences/x.md", experience() + "\n[a](https://exemple.fr) [b](mailto:a@b.fr) [c](../bouquets/b.md) [d](#origine)\n")
    assert tree.codes() == []
