from bouquet.problems import Problem, format_report


def test_text_format_is_path_line_code_message_and_hint():
    problem = Problem("content/experiences/a.md", 4, "theme-inconnu", "Le thème « X » n'existe pas.", "Vouliez-vous dire « Y » ?")
    assert problem.as_text() == "content/experiences/a.md:4: theme-inconnu Le thème « X » n'existe pas. → Vouliez-vous dire « Y » ?"


def test_github_annotation_escapes_properties_and_data():
    problem = Problem("content/a,b.md", 2, "yaml-invalide", "100% cassé\nligne 2")
    assert problem.as_github() == "::error file=content/a%2Cb.md,line=2,title=yaml-invalide::100%25 cassé%0Aligne 2"


def test_report_ends_with_a_french_summary_that_says_what_to_do():
    report = format_report([Problem("a.md", 1, "x", "m")], files_read=3)
    assert report.splitlines()[-1].startswith("1 problème(s) dans 1 fichier(s) sur 3")
    assert "make check" in report
