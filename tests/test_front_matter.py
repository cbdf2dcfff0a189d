import pytest

from content_tree import experience


def test_yaml_that_does_not_parse_is_reported_at_its_line(tree):
    tree.write("experiences/cassee.md", experience(description="description: Un texte: avec deux points"))
    assert tree.codes() == [("experiences/cassee.md", 4, "yaml-invalide")]


def test_unclosed_bracket(tree):
    tree.write("experiences/crochet.md", experience(tags='tags: ["Mobilité"'))
    [(path, line, code)] = tree.codes()
    assert code == "yaml-invalide" and line >= 5


def test_front_matter_that_is_not_a_mapping(tree):
    tree.write("experiences/liste.md", "---\n- un\n- deux\n---\nTexte\n")
    assert tree.codes() == [("experiences/liste.md", 2, "entete-non-mapping")]


def test_key_given_twice_is_reported_on_the_second(tree):
    tree.write("experiences/double.md", experience(commune='commune: Blanquefort\ncommune: Bordeaux'))
    assert tree.codes() == [("experiences/double.md", 8, "cle-en-double")]


def test_unknown_key_suggests_the_right_name(tree):
    tree.write("experiences/faute.md", experience(titel="titel: Un doublon mal écrit"))
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(9, "cle-inconnue")]
    assert "« title »" in problems[0].hint


@pytest.mark.parametrize(
    "override, line",
    [
        ({"tags": "tags: [no]"}, 5),  # YAML 1.1 reads `no` as false
        ({"title": "title: 2015-05-19"}, 2),  # a date, not a text
        ({"title": "title: 12"}, 2),
        ({"description": "description: [a, b]"}, 4),
        ({"tags": "tags: Mobilité"}, 5),  # a single text where a list is expected
        ({"draft": "draft: peut-être"}, 9),
    ],
)
def test_wrong_types_including_yaml_coercions(tree, override, line):
    tree.write("experiences/types.md", experience(**override))
    assert tree.codes() == [("experiences/types.md", line, "type-invalide")]


def test_type_hint_shows_how_to_quote(tree):
    tree.write("experiences/types.md", experience(title="title: 2015-05-19"))
    [problem] = tree.problems()
    assert problem.hint == 'Mettez la valeur entre guillemets : title: "2015-05-19"'


@pytest.mark.parametrize(
    "value, code",
    [("2015-02-30", "date-impossible"), ("2015-2-3", "date-invalide"), ("19/05/2015", "date-invalide"), ('"2015-13-01"', "date-impossible"),
     ('"٢٠١٥-٠٢-٠٣"', "date-invalide")],  # other scripts' digits: a format error, as for the JSON Schema
)
def test_impossible_or_badly_formatted_dates(tree, value, code):
    tree.write("experiences/dates.md", experience(date=f"date: {value}"))
    assert tree.codes() == [("experiences/dates.md", 3, code)]


@pytest.mark.parametrize("value", ["2013-02-25", '"2013-02-25"', "'2013-02-25'"])
def test_quoted_or_unquoted_dates_are_accepted(tree, value):
    tree.write("experiences/dates.md", experience(date=f"date: {value}"))
    result = tree.check()
    assert result.problems == []
    assert str(result.documents[0].front.values["date"]) == "2013-02-25"


def test_missing_required_fields_each_reported(tree):
    tree.write("experiences/vide.md", experience(title=None, description=None))
    assert tree.codes() == [("experiences/vide.md", 2, "champ-manquant"), ("experiences/vide.md", 2, "champ-manquant")]
    assert {p.message for p in tree.problems()} == {
        "Le champ obligatoire « title » (Titre) manque.",
        "Le champ obligatoire « description » (Résumé) manque.",
    }


def test_too_long_title_and_description(tree):
    tree.write("experiences/longue.md", experience(title="title: " + "a" * 151, description="description: " + "b" * 401))
    assert tree.codes() == [("experiences/longue.md", 2, "texte-trop-long"), ("experiences/longue.md", 4, "texte-trop-long")]


def test_title_of_exactly_150_characters_is_fine(tree):
    tree.write("experiences/juste.md", experience(title="title: " + "a" * 150))
    assert tree.codes() == []


def test_html_in_a_plain_text_field(tree):
    tree.write("experiences/balise.md", experience(title="title: '\"><script>alert(1)</script>'"))
    assert tree.codes() == [("experiences/balise.md", 2, "html-dans-texte")]


def test_invisible_and_bidirectional_characters_in_a_title(tree):
    tree.write("experiences/cache.md", experience(title="title: Un titre \u202edéguisé"))
    assert tree.codes() == [("experiences/cache.md", 2, "caractere-interdit")]


def test_yaml_alias_is_refused(tree):
    tree.write("experiences/alias.md", experience(tags="tags: &t [Mobilité]", impacts="impacts: *t"))
    assert tree.codes() == [("experiences/alias.md", 8, "yaml-alias")]


def test_deep_nesting_is_refused_before_the_parser_sees_it(tree):
    tree.write("experiences/profond.md", experience(impacts="impacts: " + "[" * 100000 + "]" * 100000))
    assert tree.codes() == [("experiences/profond.md", 2, "yaml-trop-imbrique")]


def test_nested_field_errors_name_the_list_item(tree):
    tree.write("experiences/liens.md", experience(links="links:\n  - label: Site\n    url: www.exemple.fr"))
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (11, "url-invalide")
    assert "« links n°1 › url »" in problem.message


def test_a_url_scheme_is_ascii_letters_in_any_case(tree):
    tree.write("experiences/liens.md", experience(links="links:\n  - label: A\n    url: HTTPS://exemple.fr\n"
                                                        "  - label: B\n    url: httpſ://exemple.fr"))
    assert tree.codes() == [("experiences/liens.md", 13, "url-invalide")]


def test_control_character_in_the_yaml_gets_a_french_message_at_its_line(tree):
    tree.write("experiences/nul.md", experience(description='description: "un\x00deux"'))
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (4, "yaml-invalide")
    assert "Error" not in problem.message and "caractère" in problem.message


@pytest.mark.parametrize(("key", "value", "line"), [
    ("contact", 'contact:\n  email: "contact\u200b@mairie.fr"', 10),
    ("contact", 'contact:\n  email: "contact@mairie\u202erf.fr"', 10),
    ("contact", 'contact:\n  url: "https://mairie\u200b.fr/"', 10),
    ("source", 'source:\n  name: La mairie\n  url: "https://exemple\u2066.fr/\u2069"', 11),
    ("links", 'links:\n  - label: Le site\n    url: "https://exemple.fr/\ufeffpage"', 11),
])
def test_hidden_characters_in_an_address_are_reported(tree, key, value, line):
    tree.write("experiences/x.md", experience(**{key: value}))
    assert [(p.line, p.code) for p in tree.problems()] == [(line, "caractere-interdit")]


@pytest.mark.parametrize("date", ["0001-01-01", "1899-12-31", "2100-01-01", "9999-12-31"])
def test_dates_out_of_range_are_reported(tree, date):
    tree.write("experiences/x.md", experience(date=f"date: {date}"))
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(3, "date-hors-limites")]
    assert "1900–2099" in problems[0].message


@pytest.mark.parametrize("date", ["1900-01-01", "2099-12-31"])
def test_dates_at_the_limits_are_accepted(tree, date):
    tree.write("experiences/x.md", experience(date=f"date: {date}", updated="updated: 2099-12-31"))
    assert tree.codes() == []
