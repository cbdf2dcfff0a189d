"""Outils partagés des tests navigateur de Bouquet.

Importable par ``conftest.py`` et par les tests (``from bouquet_browser import ...``).
Ce module n'importe PAS playwright au chargement : si le paquet manque, les
tests sont ignorés (ou échouent avec ``BOUQUET_REQUIRE_BROWSER=1``) au lieu de
planter à la collecte.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Iterable
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from playwright.sync_api import Page

# --------------------------------------------------------------------------
# Chemins et constantes
# --------------------------------------------------------------------------

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_TESTS_DIR.parent.parent
DEFAULT_SITE_DIR = REPO_ROOT / "site"
AXE_PATH = BROWSER_TESTS_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"

SITE_PREFIX = "/bouquet/"
LOCAL_HOST = "127.0.0.1"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Sans les options « background-networking », Chromium inonde le réseau fermé.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.2 AA

MSG_CHROMIUM = (
    "Chromium introuvable : installez-le avec `apt-get install -y chromium` "
    "(ou définissez BOUQUET_CHROMIUM)"
)
MSG_PLAYWRIGHT = (
    "Paquet Python playwright introuvable : installez-le avec `pip install playwright` "
    "(inutile de lancer `playwright install`, le Chromium du système est utilisé)"
)
MSG_AXE = "axe-core introuvable : lancez `npm ci --prefix tests/browser`"
MSG_SITE = "site/ absent : lancez `make build`"


# --------------------------------------------------------------------------
# Ignorer ou échouer
# --------------------------------------------------------------------------

def browser_required() -> bool:
    """Vrai si ``BOUQUET_REQUIRE_BROWSER=1`` : un prérequis absent fait échouer."""
    return os.environ.get("BOUQUET_REQUIRE_BROWSER", "").strip() == "1"


def unavailable(message: str) -> None:
    """Ignore le test, ou le fait échouer si ``BOUQUET_REQUIRE_BROWSER=1``."""
    if browser_required():
        pytest.fail(f"{message} [BOUQUET_REQUIRE_BROWSER=1]", pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    """Chemin de Chromium : ``$BOUQUET_CHROMIUM``, sinon /usr/bin/chromium, sinon PATH.

    Si ``BOUQUET_CHROMIUM`` est défini, il fait foi (pas de repli) : le définir à
    un chemin inexistant permet de simuler l'absence du navigateur.
    """
    env = os.environ.get("BOUQUET_CHROMIUM")
    if env:
        candidate = Path(env)
        return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None
    default = Path("/usr/bin/chromium")
    if default.is_file() and os.access(default, os.X_OK):
        return str(default)
    return shutil.which("chromium")


def site_dir() -> Path:
    """Dossier du site construit : ``$BOUQUET_SITE_DIR`` ou ``<racine du dépôt>/site``."""
    env = os.environ.get("BOUQUET_SITE_DIR")
    return Path(env).resolve() if env else DEFAULT_SITE_DIR


# --------------------------------------------------------------------------
# Serveur HTTP local, monté sous un préfixe
# --------------------------------------------------------------------------

class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # noqa: D401
        # Le navigateur coupe souvent des connexions : pas de trace bruyante.
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _PrefixHandler(SimpleHTTPRequestHandler):
    """Sert ``directory`` sous ``prefix`` ; tout le reste répond 404."""

    prefix = "/"
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".woff2": "font/woff2",
        ".xml": "application/xml",
    }

    def log_message(self, format: str, *args: Any) -> None:  # silence
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _dispatch(self, parent) -> None:
        parts = urlsplit(self.path)
        if self.prefix != "/" and parts.path == self.prefix.rstrip("/"):
            location = self.prefix + (f"?{parts.query}" if parts.query else "")
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not parts.path.startswith(self.prefix):
            self.send_error(404, "Hors du préfixe servi")
            return
        parent(self)

    def do_GET(self) -> None:
        self._dispatch(SimpleHTTPRequestHandler.do_GET)

    def do_HEAD(self) -> None:
        self._dispatch(SimpleHTTPRequestHandler.do_HEAD)

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if url_path.startswith(self.prefix):
            url_path = "/" + url_path[len(self.prefix):]
        return super().translate_path(url_path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Comme un hébergeur statique : la page 404.html du site si elle existe.
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class SiteServer:
    """Serveur HTTP en tâche de fond. ``url("page/")`` → ``http://127.0.0.1:PORT/bouquet/page/``."""

    def __init__(self, directory: Path | str, prefix: str = SITE_PREFIX) -> None:
        if not prefix.startswith("/"):
            prefix = "/" + prefix
        if not prefix.endswith("/"):
            prefix += "/"
        self.directory = Path(directory).resolve()
        self.prefix = prefix
        handler_cls = type("BouquetHandler", (_PrefixHandler,), {"prefix": prefix})
        handler = partial(handler_cls, directory=str(self.directory))
        self._httpd = _QuietServer((LOCAL_HOST, 0), handler)
        host, self.port = self._httpd.server_address[:2]
        self.host = host.decode() if isinstance(host, bytes) else host
        self.origin = f"http://{self.host}:{self.port}"
        self.base_url = self.origin + self.prefix
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"bouquet-http-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def url(self, path: str = "") -> str:
        """URL absolue d'un chemin relatif au site (``""`` → accueil)."""
        return self.base_url + path.lstrip("/")

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SiteServer {self.base_url} → {self.directory}>"


def serve_directory(path: Path | str, prefix: str = SITE_PREFIX) -> SiteServer:
    """Démarre un serveur pour ``path`` sous ``prefix`` (``"/"`` = à la racine).

    À utiliser en gestionnaire de contexte (``with serve_directory(d) as srv:``)
    ou à fermer avec ``srv.close()``.
    """
    return SiteServer(path, prefix)


# --------------------------------------------------------------------------
# Accessibilité (axe-core)
# --------------------------------------------------------------------------

def run_axe(
    page: Page,
    *,
    tags: Iterable[str] = AXE_TAGS,
    context: str | None = None,
    disable_rules: Iterable[str] = (),
) -> list[dict]:
    """Injecte axe-core dans la page courante et renvoie les violations WCAG 2.2 A/AA.

    ``context`` : sélecteur CSS à auditer (défaut : tout le document).
    ``disable_rules`` : identifiants de règles axe à désactiver (à justifier !).
    """
    if not AXE_PATH.is_file():
        unavailable(MSG_AXE)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools: an injected <script> would be (rightly) blocked
        # by the pages' Content-Security-Policy.
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    # axe's target-size treats Material's sticky header as a block at its scrolled
    # place (axe-core issue #3720, open): after opening the disclosures the page may
    # be scrolled, and a 24 px checkbox partly under the header is reported. Measured
    # at the top of the page, as a reader first meets it, targets are sized as built.
    page.evaluate("() => window.scrollTo(0, 0)")
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)}}
    rules = list(disable_rules)
    if rules:
        options["rules"] = {rule: {"enabled": False} for rule in rules}
    result = page.evaluate(
        """async ([selector, options]) => {
            const context = selector ? document.querySelector(selector) : document;
            if (!context) throw new Error('run_axe : sélecteur introuvable : ' + selector);
            return await axe.run(context, options);
        }""",
        [context, options],
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    """Résumé lisible des violations axe pour les messages d'assertion."""
    if not violations:
        return "aucune violation axe"
    lines = [f"{len(violations)} violation(s) axe :"]
    for v in violations:
        nodes = v.get("nodes", [])
        targets = []
        for node in nodes[:3]:
            target = node.get("target", [])
            targets.append(" ".join(str(t) for t in target) if isinstance(target, list) else str(target))
        more = f" (+{len(nodes) - 3} autres)" if len(nodes) > 3 else ""
        lines.append(
            f"- [{v.get('impact') or '?'}] {v.get('id')} : {v.get('help')}\n"
            f"    cibles : {', '.join(targets) or '—'}{more}\n"
            f"    aide : {v.get('helpUrl', '')}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Captures d'écran
# --------------------------------------------------------------------------

def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "capture"


def screenshot(page: Page, name: str) -> Path:
    """Capture pleine page dans ``test-artifacts/screenshots/<name>.png``."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def is_local_url(url: str) -> bool:
    """Vrai pour les URL non réseau (data:, blob:…) et celles de 127.0.0.1."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True
    return parts.hostname == LOCAL_HOST
