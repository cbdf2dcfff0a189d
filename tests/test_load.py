"""The whole tree is checked in one pass: every problem of every file comes out."""
import pytest

from content_tree import experience, png


def test_many_broken_files_report_every_problem_in_one_run(tree):
    tree.write("experiences/ok.md", experience())
    tree.write("experiences/theme.md", experience(tags="tags: [Solidarite]"))
    tree.write("experiences/date.md", experience(date="date: 2015-02-30"))
    tree.write("experiences/yaml.md", experience(description="description: a: b"))
    tree.write("experiences/nue.md", "Sans en-tête\n")
    tree.write("experiences/trois.md", experience(title=None, departement='departement: "99"', extra="extra: 1"))
    tree.write("experiences/script.md", experience() + "\n<script>alert(1)</script>\n")
    tree.write("experiences/Majuscule.md", experience())
    tree.write("bouquets/b.md", "---\ntitle: B\ndate: 2015-05-19\ndescription: D\nexperiences: [inconnue]\n---\nIntro\n")
    assert sorted(tree.codes()) == sorted([
        ("experiences/theme.md", 5, "theme-inconnu"),
        ("experiences/date.md", 3, "date-impossible"),
        ("experiences/yaml.md", 4, "yaml-invalide"),
        ("experiences/nue.md", 1, "entete-absent"),
        ("experiences/trois.md", 2, "champ-manquant"),
        ("experiences/trois.md", 7, "departement-inconnu"),
        ("experiences/trois.md", 8, "cle-inconnue"),
        ("experiences/script.md", 14, "html-interdit"),
        ("experiences/Majuscule.md", 1, "slug-invalide"),
        ("bouquets/b.md", 5, "bouquet-experience-inconnue"),
    ])


def test_problems_are_sorted_by_path_then_line(tree):
    tree.write("experiences/b.md", experience(tags="tags: [X]", title="title: 1"))
    tree.write("experiences/a.md", experience(tags="tags: [Y]"))
    problems = tree.problems()
    assert problems == sorted(problems)
    assert [p.path for p in problems] == ["content/experiences/a.md", "content/experiences/b.md", "content/experiences/b.md"]


def test_static_pages_get_the_body_rules_too(tree):
    tree.write("a-propos.md", "---\ntitle: À propos\n---\n<iframe src='https://x'></iframe>\n")
    assert tree.codes() == [("a-propos.md", 4, "html-interdit")]


def test_file_in_a_subfolder_of_experiences_is_reported(tree):
    tree.write("experiences/2015/x.md", experience())
    assert tree.codes() == [("experiences/2015/x.md", 1, "emplacement-invalide")]


def test_broken_theme_vocabulary_is_reported(tree):
    (tree.content / "themes.yml").write_text("- name: A\n  description: a\n- name: A\n  description: b\n- nom: C\n", encoding="utf-8")
    codes = tree.codes()
    assert ("themes.yml", 3, "theme-en-double") in codes
    assert ("themes.yml", 5, "cle-inconnue") in codes


def test_files_that_would_be_published_as_they_are_are_refused(tree):
    tree.write("piege.html", "<script>alert(1)</script>")
    tree.write("assets/bouquet.js", "alert(1)")
    tree.write("images/dessin.svg", "<svg onload='alert(1)'/>")
    tree.write("images/photo.jpg", png(format="JPEG"))
    assert sorted(tree.codes()) == [("assets/bouquet.js", 1, "fichier-interdit"), ("images/dessin.svg", 1, "fichier-interdit"), ("piege.html", 1, "fichier-interdit")]


def test_a_yaml_error_hides_neither_the_body_rules_nor_the_file_name_rules(tree):
    text = experience(date="date: [2013-02-25") + "<script>alert(1)</script>\n\n[lien](javascript:alert(1))\n"
    tree.write("experiences/Mauvais Nom.md", text)
    tree.write("bouquets/b.md", "---\ntitle: B\ndate: 2013-02-25\ndescription: Un bouquet.\nexperiences:\n  - Mauvais Nom\n---\n")
    body = experience().count("\n") + 1
    assert tree.codes() == [
        ("bouquets/b.md", 6, "slug-invalide"),
        ("experiences/Mauvais Nom.md", 1, "slug-invalide"),
        ("experiences/Mauvais Nom.md", 4, "yaml-invalide"),
        ("experiences/Mauvais Nom.md", body, "html-interdit"),
        ("experiences/Mauvais Nom.md", body + 2, "lien-interdit"),
    ]
    assert [d.slug for d in tree.check().documents] == ["b"]  # the unreadable one is never built


def test_a_rule_that_crashes_keeps_its_findings_and_the_other_rules_run(tree, monkeypatch):
    from bouquet import load
    from bouquet.problems import Problem

    def crashing(document, context):
        yield Problem(document.path, 2, "trouve-avant", "Trouvé avant la panne.", "Corrigez.")
        raise KeyError("title")

    monkeypatch.setattr(load, "DOCUMENT_RULES", (crashing, *load.DOCUMENT_RULES))
    tree.write("experiences/x.md", experience(tags="tags: [Inconnu]"))
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(1, "erreur-interne"), (2, "trouve-avant"), (5, "theme-inconnu")]
    internal = problems[0]
    assert internal.path == "content/experiences/x.md" and "KeyError" in internal.message and "signalez" in internal.hint


def test_a_crash_while_reading_a_file_is_one_problem_of_that_file(tree, monkeypatch):
    from bouquet import load

    def broken(source, fields):
        raise RecursionError("trop profond")

    monkeypatch.setattr(load, "read_front_matter", broken)
    tree.write("experiences/x.md", experience())
    tree.write("experiences/Y.md", experience())
    assert tree.codes() == [("experiences/Y.md", 1, "erreur-interne"), ("experiences/x.md", 1, "erreur-interne")]


@pytest.mark.parametrize("name", ["---", "'!!!'", '"…"', "'***'", '"-- --"'])
def test_a_theme_name_without_letters_is_reported(tree, name):
    (tree.content / "themes.yml").write_text(f"- name: Mobilité\n  description: a\n- name: {name}\n  description: b\n", encoding="utf-8")
    problems = [p for p in tree.problems() if p.path == "content/themes.yml"]
    assert [(p.line, p.code) for p in problems] == [(3, "theme-sans-lettres")]


def _summary(result):
    return ([(p.path, p.line, p.code, p.message) for p in result.problems],
            [(d.path, d.source.body, repr(d.front.values)) for d in result.documents])


def test_a_check_memo_reads_again_only_the_changed_file_and_finds_the_same(tree, monkeypatch):
    from bouquet import load

    tree.write("experiences/a.md", experience())
    tree.write("experiences/b.md", experience(tags="tags: [Inconnu]"))
    tree.write("experiences/c.md", experience(title='title: "C"'))
    memo = load.CheckMemo()
    first = load.check_content(tree.content, memo=memo)
    assert _summary(first) == _summary(load.check_content(tree.content))
    reads, checked = [], []
    read_document = load._read_document
    monkeypatch.setattr(load, "_read_document", lambda *args: reads.append(args[2].as_posix()) or read_document(*args))
    original_run = load.run
    monkeypatch.setattr(load, "run", lambda step, path, arguments: checked.append(path) or original_run(step, path, arguments))
    tree.write("experiences/c.md", experience(title='title: "C changé"', date="date: 2015-02-30"))
    second = load.check_content(tree.content, memo=memo)
    assert reads == ["experiences/c.md"]
    # The document rules ran again on the changed file only; on the others, only the
    # image rule (which looks at the image files) ran.
    assert sum(path.endswith("a.md") for path in checked) == 1
    assert sum(path.endswith("c.md") for path in checked) > 2
    monkeypatch.undo()
    assert _summary(second) == _summary(load.check_content(tree.content))
    assert ("experiences/c.md", 3, "date-impossible") in tree.codes()


def test_a_check_memo_runs_the_rules_again_when_a_file_appears(tree):
    from bouquet import load

    tree.write("experiences/a.md", experience() + "\n[voir](b.md)\n")
    memo = load.CheckMemo()
    first = load.check_content(tree.content, memo=memo)
    assert [p for p in first.problems if p.path.endswith("a.md")]  # b.md is missing
    tree.write("experiences/b.md", experience(title='title: "B"'))
    second = load.check_content(tree.content, memo=memo)
    assert _summary(second) == _summary(load.check_content(tree.content))
    assert not [p for p in second.problems if p.path.endswith("a.md")]


def test_a_check_memo_forgets_a_deleted_file(tree):
    from bouquet import load

    tree.write("experiences/a.md", experience())
    tree.write("experiences/b.md", experience(title='title: "B"'))
    memo = load.CheckMemo()
    load.check_content(tree.content, memo=memo)
    (tree.content / "experiences/b.md").unlink()
    second = load.check_content(tree.content, memo=memo)
    assert [d.slug for d in second.documents] == ["a"]
    assert _summary(second) == _summary(load.check_content(tree.content))


def test_a_new_file_runs_again_only_the_rules_that_read_the_file_list(tree, monkeypatch):
    # At 5,000 experiences, running every file's rules again for one new experience
    # took 2 s of the preview's quick pass; only the image rule reads the file list.
    from bouquet import load
    from bouquet.rules import FILE_LIST_READERS, images

    tree.write("experiences/a.md", experience() + "\n![Un vélo](../images/velo.png)\n")
    tree.write("experiences/b.md", experience(title='title: "B"'))
    memo = load.CheckMemo()
    first = load.check_content(tree.content, memo=memo)
    assert ("experiences/a.md", 14, "image-introuvable") in [(p.path.removeprefix("content/"), p.line, p.code) for p in first.problems]
    assert FILE_LIST_READERS == {images.check}
    ran = []
    original_run = load.run
    monkeypatch.setattr(load, "run", lambda step, path, arguments: ran.append((getattr(step, "__module__", ""), path)) or original_run(step, path, arguments))
    tree.write("images/velo.png", png())
    tree.write("experiences/c.md", experience(title='title: "C"'))
    second = load.check_content(tree.content, memo=memo)
    document_rules = [(module, path) for module, path in ran if path.endswith(("a.md", "b.md")) and module.startswith("bouquet.rules.")]
    assert sorted({module for module, _ in document_rules}) == ["bouquet.rules.images"]
    monkeypatch.undo()
    assert _summary(second) == _summary(load.check_content(tree.content))
    assert not [p for p in second.problems if p.code == "image-introuvable"]


def test_a_document_rule_that_reads_the_file_list_undeclared_is_an_internal_error(tree, monkeypatch):
    from bouquet import load

    def reads_the_list(document, context):
        if "images/x.png" in context.files:
            yield from ()
        return

    monkeypatch.setattr(load, "DOCUMENT_RULES", (*load.DOCUMENT_RULES, reads_the_list))
    tree.write("experiences/a.md", experience())
    for memo in (None, load.CheckMemo()):
        problems = load.check_content(tree.content, memo=memo).problems
        assert [(p.path, p.code) for p in problems] == [("content/experiences/a.md", "erreur-interne")]
        assert "reads_files" in problems[0].message
