"""The preview's report (make serve with broken content), without a server."""
from bouquet import cms, csp
from bouquet.preview import Preview
from bouquet.problems import Problem

HOSTILE = Problem('content/experiences/<img src=x onerror=alert(1)>.md', 4, "theme-inconnu",
                  "Le thème « <script>alert(1)</script> » n'existe pas.", "Choisissez un thème de la liste.")


def test_the_report_names_every_problem_escaped():
    preview = Preview()
    preview.record([HOSTILE, Problem("content/b.md", 2, "date-impossible", "Date.", "")], 48)
    report = preview.report_html()
    assert "<script>" not in report and "<img" not in report
    assert "&lt;script&gt;" in report and "content/b.md:2" in report and "2 problème(s) dans 2 fichier(s) sur 48" in report


def test_a_served_page_gets_the_report_after_body_and_a_policy_for_its_scripts():
    preview = Preview()
    preview.record([HOSTILE], 1)
    page = b'<html><head><meta charset="utf-8"></head><body class="x"><p>site</p><script>reload()</script></body></html>'
    served = preview.decorate(page).decode()
    assert served.index("bq-preview-report") > served.index('<body class="x">') and served.index("bq-preview-report") < served.index("<p>site")
    assert csp.script_hash("reload()") in served
    preview.record([], 1)
    assert "bq-preview-report" not in preview.decorate(page).decode()


def test_a_preview_with_no_good_build_serves_only_the_report(tmp_path):
    preview = Preview()
    preview.record([HOSTILE], 1)
    preview.write_report_site(tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in index and "theme-inconnu" in index and "dernière version" not in index
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == index
    assert preview.decorate(index.encode()).decode().count("bq-preview-report\"") == 1


def test_a_served_editor_page_keeps_its_own_policy():
    # The preview server passes every page through csp.with_policy(): the web editor's
    # page keeps ADMIN_POLICY (the site's policy would forbid what Decap compiles).
    editor = cms.index_html("Bouquet", "3.0.0")
    served = Preview().decorate(editor.encode()).decode()
    assert served == editor
    assert csp.with_policy(editor) == editor


def test_a_stopped_preview_leaves_no_temporary_folder(tmp_path, monkeypatch):
    # Found under the measurements of issue 14: the throwaway folders of a broken
    # build stayed in /tmp after `make serve` stopped.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    preview = Preview()
    docs, site = preview.scratch_folders()
    (site / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("vide", encoding="utf-8")
    assert list(tmp_path.iterdir())
    preview.close()
    assert list(tmp_path.iterdir()) == []
    preview.close()  # twice: nothing left to remove, no error
