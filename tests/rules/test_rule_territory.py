import pytest

from content_tree import experience


def test_unknown_departement_code(tree):
    tree.write("experiences/x.md", experience(departement='departement: "96"'))
    assert ("experiences/x.md", 8, "departement-inconnu") in tree.codes()


def test_unquoted_departement_without_leading_zero_gets_a_hint(tree):
    tree.write("experiences/x.md", experience(commune=None, departement="departement: 1"))
    [problem] = tree.problems()
    assert problem.code == "departement-inconnu" and "« 01 »" in problem.hint


def test_departement_and_region_that_disagree(tree):
    tree.write("experiences/x.md", experience(region="region: Bretagne"))
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (9, "territoire-incoherent")
    assert "Nouvelle-Aquitaine" in problem.hint


def test_former_region_name_gets_the_current_one(tree):
    tree.write("experiences/x.md", experience(region="region: Aquitaine"))
    [problem] = tree.problems()
    assert problem.code == "region-inconnue" and "Nouvelle-Aquitaine" in problem.hint


def test_commune_requires_departement(tree):
    tree.write("experiences/x.md", experience(departement=None))
    assert tree.codes() == [("experiences/x.md", 7, "commune-sans-departement")]


def test_commune_in_the_wrong_departement_names_the_right_one(tree):
    tree.write("experiences/x.md", experience(commune="commune: Veynes", departement='departement: "04"'))
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (7, "commune-inconnue")
    assert "Hautes-Alpes (05)" in problem.hint


@pytest.mark.parametrize(
    "lines",
    [
        'commune: Ajaccio\ndepartement: "2A"',
        'commune: Bastia\ndepartement: 2B',
        'commune: Saint-Denis\ndepartement: "974"',
        'commune: Mamoudzou\ndepartement: 976',
        'departement: "01"\nregion: Auvergne-Rhône-Alpes',
        "region: Corse",
        "",
    ],
)
def test_corsican_overseas_regional_and_unplaced_territories_are_accepted(tree, lines):
    text = experience(commune=None, departement=None).replace("---\n## Origine", lines + "\n---\n## Origine" if lines else "---\n## Origine")
    tree.write("experiences/x.md", text)
    assert tree.codes() == []
