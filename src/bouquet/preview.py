"""The live preview (`make serve`) when the content has problems.

MkDocs' development server holds every page request until a build succeeds, so a
build that stopped on a content problem left the browser waiting with no word of
why. In the preview, a content problem does not stop the build: the build is sent
to a throwaway folder instead (the served site keeps the last good build), and every
page the server sends carries the French report at its top until the content is
valid again. Then the next build replaces the site and the report goes away.

A preview that starts with broken content has no last good site: it serves a report
page, then the site as soon as the content is fixed.

The server injects its reload script into each page as inline script; the pages'
Content-Security-Policy would block it, and the browser would never reload by
itself, so the policy is computed again once the script is in (csp.with_policy
hashes every inline script outside the content).
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from . import csp
from .problems import Problem, visible

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
REPORT_PAGES = ("index.html", "404.html")


@dataclass
class Preview:
    """What the preview server shows: nothing more than the site, or the report."""

    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    content_dir: Path | None = None
    _scratch: Path | None = None

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    def record(self, problems: list[Problem], files_read: int, content_dir: Path | None = None) -> None:
        self.problems, self.files_read = list(problems), files_read
        self.content_dir = content_dir or self.content_dir

    def divert(self, config, problems: list[Problem], files_read: int, content_dir: Path):
        """The build's configuration once the content is found broken: the served site
        keeps the last good build and shows the report on it, while MkDocs builds an
        empty site into a throwaway folder (before it would clean the served one)."""
        self.record(problems, files_read, content_dir)
        self.write_report_site(Path(config["site_dir"]))
        config["docs_dir"], config["site_dir"] = (str(folder) for folder in self.scratch_folders())
        config["nav"] = None
        config["theme"].static_templates.clear()
        return config

    def scratch_folders(self) -> tuple[Path, Path]:
        """An empty docs folder and a throwaway site folder for a broken build, the
        same for the whole preview (MkDocs empties the site folder each time)."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="bouquet-preview-"))
        docs, site = self._scratch / "docs", self._scratch / "site"
        docs.mkdir(exist_ok=True)
        return docs, site

    def close(self) -> None:
        """The preview stops: its throwaway folders go with it."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def report_html(self, site_kept: bool = True) -> str:
        """The report as an HTML block (French): every problem, then what to do."""
        kept = "Le site affiché ci-dessous est la dernière version sans problème. " if site_kept else ""
        items = "".join(
            f'<li><code>{escape(visible(p.path))}:{p.line}</code> <strong>{escape(p.code)}</strong> '
            f'{escape(visible(p.message))}{" → " + str(escape(visible(p.hint))) if p.hint else ""}</li>'
            for p in self.problems
        )
        return (
            '<aside class="bq-preview-report" role="alert" aria-labelledby="bq-preview-report-title">'
            '<h2 id="bq-preview-report-title">Aperçu en pause : le contenu a des problèmes</h2>'
            f"<p>{len(self.problems)} problème(s) dans {len({p.path for p in self.problems})} fichier(s) "
            f"sur {self.files_read} vérifié(s). Corrigez chaque ligne ci-dessous.</p>"
            f"<ol>{items}</ol>"
            f"<p>{kept}Enregistrez le fichier corrigé : l'aperçu se met à jour tout seul.</p>"
            "</aside>"
        )

    def decorate(self, page: bytes) -> bytes:
        """A served page: the report after <body> while the content is broken, and a
        policy that lets the server's reload script run."""
        if self.broken and b"bq-preview-report" not in page:
            body = _BODY.search(page)
            position = body.end() if body else 0
            page = page[:position] + self.report_html().encode("utf-8") + page[position:]
        return csp.with_policy(page.decode("utf-8")).encode("utf-8")

    def write_report_site(self, site_dir: Path) -> None:
        """A served folder with no good build yet gets a page that is only the report."""
        site_dir.mkdir(parents=True, exist_ok=True)
        if (site_dir / "index.html").exists():
            return
        page = (
            '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Aperçu en pause – problèmes dans le contenu</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}"
            ".bq-preview-report{border-left:.4rem solid #b3261e;padding:.5rem 1rem;background:#fdf1f0;color:#1b1b1b}"
            "code{overflow-wrap:anywhere}</style></head>"
            f"<body>{self.report_html(site_kept=False)}</body></html>\n"
        )
        for name in REPORT_PAGES:
            (site_dir / name).write_text(page, encoding="utf-8")
