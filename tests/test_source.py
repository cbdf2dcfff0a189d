from content_tree import experience


def test_file_that_is_not_utf8_is_reported_at_the_line_of_the_bad_byte(tree):
    ascii_head = "---\ntitle: Atelier\ndate: 2013-02-25\ndescription: Un atelier.\ntags: [Mobilite]\n---\n"
    tree.write("experiences/latin.md", (ascii_head + "Premier paragraphe.\n\nUn été.\n").encode("latin-1"))
    assert tree.codes() == [("experiences/latin.md", 9, "encodage-invalide")]


def test_missing_front_matter(tree):
    tree.write("experiences/nue.md", "# Titre\n\nDu texte sans en-tête.\n")
    assert tree.codes() == [("experiences/nue.md", 1, "entete-absent")]


def test_unclosed_front_matter(tree):
    tree.write("experiences/ouverte.md", "---\ntitle: x\n")
    assert tree.codes() == [("experiences/ouverte.md", 1, "entete-non-ferme")]


def test_crlf_and_byte_order_mark_are_accepted(tree):
    text = "\ufeff" + experience().replace("\n", "\r\n")
    tree.write("experiences/windows.md", text.encode("utf-8"))
    assert tree.codes() == []


def test_oversized_file_is_refused_before_parsing(tree):
    tree.write("experiences/enorme.md", experience() + "x" * (10 * 1024 * 1024))
    assert tree.codes() == [("experiences/enorme.md", 1, "fichier-trop-gros")]


# A line ends at LF (CRLF counts as one): git, GitHub's annotations, grep and wc agree.
def test_a_lone_carriage_return_is_reported_and_shifts_no_line(tree):
    # The fuzzer's case: essai-cr.md has 7 lines, a problem was reported at line 8.
    text = "---\ntitle: Essai\ndate: 2013-02-25\ndescription: Un essai.\ntags: [Mobilité]\n---\nTexte.\r<script>alert(1)</script>\n"
    assert text.count("\n") == 7
    tree.write("experiences/essai-cr.md", text)
    assert tree.codes() == [("experiences/essai-cr.md", 7, "html-interdit"), ("experiences/essai-cr.md", 7, "retour-chariot-isole")]
    problem = next(p for p in tree.problems() if p.code == "retour-chariot-isole")
    assert "CR" in problem.message and "LF" in problem.hint


def test_a_lone_carriage_return_in_the_front_matter_shifts_no_yaml_line(tree):
    tree.write("experiences/essai-cr.md", experience(description='description: "Un\ressai."', tags="tags: [Inconnu]"))
    assert tree.codes() == [("experiences/essai-cr.md", 4, "retour-chariot-isole"), ("experiences/essai-cr.md", 5, "theme-inconnu")]


def test_yaml_line_separators_shift_no_line(tree):
    # YAML ends lines at U+2028, U+2029 and NEL too; the editor sees one line.
    tree.write("experiences/essai-ls.md", experience(title='title: "Facture\u2028\u2029\x85x"', tags="tags: [Inconnu]"))
    assert tree.codes() == [("experiences/essai-ls.md", 2, "caractere-interdit"), ("experiences/essai-ls.md", 5, "theme-inconnu")]


def test_a_yaml_error_after_a_line_separator_is_at_its_line(tree):
    tree.write("experiences/essai-ls.md", experience(title='title: "Facture\u2028x"', tags="tags: Mobilité: oui"))
    assert tree.codes() == [("experiences/essai-ls.md", 5, "yaml-invalide")]
