from bouquet.editorial import SYNTHESIS_LABEL, mark


def test_the_synthesis_is_wrapped_and_labelled():
    body = '<p>Intro</p>\n<h2 id="origine">Origine</h2>\n<p>A</p>\n<h2 id="ce-quil-faut-retenir">Ce qu\u2019il faut retenir</h2>\n<p>B</p>\n'
    out = mark(body)
    assert '<section class="bq-synthesis" aria-labelledby="ce-quil-faut-retenir"><h2 id="ce-quil-faut-retenir">' in out
    assert f'<p class="bq-synthesis__label">{SYNTHESIS_LABEL}</p>\n<p>B</p></section>' in out
    assert out.startswith('<p>Intro</p>\n<h2 id="origine">Origine</h2>\n<p>A</p>\n')


def test_empty_sections_are_not_shown():
    body = '<h2 id="a">Origine</h2>\n\n<h2 id="b">Description</h2>\n<p>Texte</p>\n<h2 id="c">Résultats</h2>\n'
    assert mark(body) == '<h2 id="b">Description</h2>\n<p>Texte</p>\n'


def test_a_body_without_sections_is_left_alone():
    assert mark("<p>Seul</p>") == "<p>Seul</p>"
