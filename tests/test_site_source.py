"""MkDocs reads front matter again from the body we hand it: it must keep every line."""
import pytest
from bouquet.engine import meta

from bouquet.pages import shielded


@pytest.mark.parametrize("body", [
    "Contact: la mairie\nHoraires: le mardi\n\nLe texte.\n",  # MultiMarkdown metadata to MkDocs
    "---\ntitle: Un autre titre\n---\nLe texte.\n",  # a second front matter
    "## Origine\n\nLe texte.\n",
])
def test_mkdocs_keeps_every_line_of_the_body(body):
    assert meta.get_data(shielded(body)) == (body, {})
