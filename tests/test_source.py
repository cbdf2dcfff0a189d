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
