"""Lead structures (« porteurs ») are plain text or a mapping with a kind from
schema.LEAD_KINDS; an unknown kind is reported on its line with a suggestion."""
from bouquet.catalogue import build_catalogue
from bouquet.model import Lead
from content_tree import experience

LEADS = """leads:
  - "Ville de Quintin"
  - {name: "Association Rues du développement durable", kind: "association"}
  - name: "Préfecture des Côtes-d'Armor"
    kind: "service de l'État\""""


def test_both_shapes_are_read_and_reach_the_experience(tree):
    tree.write("experiences/x.md", experience(leads=LEADS))
    result = tree.check()
    assert result.problems == []
    [item] = build_catalogue(result).experiences
    assert item.leads == (Lead("Ville de Quintin"), Lead("Association Rues du développement durable", "association"),
                          Lead("Préfecture des Côtes-d'Armor", "service de l'État"))
    assert item.lead_kinds == ("association", "service de l'État")  # schema order, each once


def test_an_unknown_kind_is_reported_on_its_line_with_a_suggestion(tree):
    tree.write("experiences/x.md", experience(leads='leads:\n  - "Ville de Quintin"\n  - name: "Mairie de Rennes"\n    kind: "mairie"\n  - {name: "X", kind: "club"}'))
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(12, "porteur-type-inconnu"), (13, "porteur-type-inconnu")]
    assert problems[0].hint == "Vouliez-vous dire « commune » ?"
    assert problems[1].hint.startswith("Types possibles : commune, intercommunalité")


def test_a_mapping_needs_its_name_and_knows_only_name_and_kind(tree):
    tree.write("experiences/x.md", experience(leads='leads:\n  - {kind: "commune"}\n  - {name: "Ville", type: "commune"}'))
    assert [(p.line, p.code) for p in tree.problems()] == [(10, "champ-manquant"), (11, "cle-inconnue")]


def test_a_list_or_a_number_is_still_refused(tree):
    tree.write("experiences/x.md", experience(leads='leads:\n  - [Ville]\n  - 12'))
    assert [(p.line, p.code) for p in tree.problems()] == [(10, "type-invalide"), (11, "type-invalide")]
