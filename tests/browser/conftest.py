"""Fixtures des tests navigateur (Playwright + Chromium de Debian + axe-core).

Prérequis absents (Chromium, paquet playwright, axe-core, site/ construit) :
test ignoré avec un message d'installation, ou ÉCHEC si ``BOUQUET_REQUIRE_BROWSER=1``.

Variables d'environnement :
- ``BOUQUET_CHROMIUM``        chemin de Chromium (défaut /usr/bin/chromium, puis PATH)
- ``BOUQUET_SITE_DIR``        site construit à servir (défaut <dépôt>/site)
- ``BOUQUET_REQUIRE_BROWSER`` ``1`` → échouer au lieu d'ignorer (CI)
"""

from __future__ import annotations

import os

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:  # aussi avec --import-mode=importlib
    sys.path.insert(0, str(_HERE))

from bouquet.catalogue import build_catalogue  # noqa: E402
from bouquet.load import check_content  # noqa: E402
from bouquet_browser import (  # noqa: E402
    CHROMIUM_ARGS,
    DESKTOP,
    MSG_CHROMIUM,
    MSG_PLAYWRIGHT,
    MSG_SITE,
    REPO_ROOT,
    SITE_PREFIX,
    find_chromium,
    is_local_url,
    screenshot,
    serve_directory,
    site_dir,
    unavailable,
)


# --------------------------------------------------------------------------
# Marqueur « browser »
# --------------------------------------------------------------------------

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: test exécuté dans Chromium via Playwright (tests/browser/)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.path)).resolve()
        if path == _HERE or _HERE in path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Mémorise le résultat de chaque phase pour la capture en cas d'échec.
    report = yield
    setattr(item, f"bouquet_rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------
# Navigateur
# --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Chemin de l'exécutable Chromium (ignore/échoue s'il manque)."""
    path = find_chromium()
    if path is None:
        unavailable(MSG_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def playwright_instance(chromium_path: str):
    """Instance Playwright (API synchrone) de la session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(MSG_PLAYWRIGHT)
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path: str):
    """Chromium de Debian, sans interface, lancé une fois par session."""
    b = playwright_instance.chromium.launch(
        executable_path=chromium_path,
        headless=True,
        args=CHROMIUM_ARGS,
    )
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def viewport() -> dict:
    """Taille de fenêtre du fixture ``page`` (DESKTOP par défaut).

    Surcharger par test : ``@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])``.
    """
    return DESKTOP


@pytest.fixture
def page(browser, viewport: dict, request: pytest.FixtureRequest):
    """Nouvelle page (contexte neuf) avec journaux attachés :

    - ``page.bouquet_console_errors``    : textes des messages console de type « error »
      et des exceptions JS non rattrapées (préfixe ``pageerror: ``) ;
    - ``page.bouquet_failed_requests``   : ``"<statut> <url>"`` pour les réponses >= 400,
      ``"<erreur> <url>"`` pour les échecs réseau (hors requêtes externes bloquées) ;
    - ``page.bouquet_external_requests`` : URL de toute requête vers un hôte autre
      que 127.0.0.1 — elles sont BLOQUÉES (``route.abort``), jamais envoyées.

    Une capture ``FAILED-<test>.png`` est prise si le test échoue.
    """
    context = browser.new_context(viewport=viewport, locale="fr-FR", service_workers="block")
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)

    console_errors: list[str] = []
    failed_requests: list[str] = []
    external_requests: list[str] = []

    def _route(route) -> None:
        url = route.request.url
        if is_local_url(url):
            route.continue_()
        else:
            external_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", _route)

    pg = context.new_page()
    pg.bouquet_console_errors = console_errors
    pg.bouquet_failed_requests = failed_requests
    pg.bouquet_external_requests = external_requests

    pg.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))

    def _on_failed(req) -> None:
        if is_local_url(req.url):
            failed_requests.append(f"{req.failure} {req.url}")

    def _on_response(resp) -> None:
        if resp.status >= 400:
            failed_requests.append(f"{resp.status} {resp.url}")

    pg.on("requestfailed", _on_failed)
    pg.on("response", _on_response)

    try:
        yield pg
    finally:
        rep = getattr(request.node, "bouquet_rep_call", None)
        if rep is not None and rep.failed:
            try:
                screenshot(pg, f"FAILED-{request.node.name}")
            except Exception:  # la capture ne doit pas masquer l'échec
                pass
        context.close()


# --------------------------------------------------------------------------
# Serveurs du site construit
# --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def built_site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: ``$BOUQUET_SITE_DIR`` when set, otherwise the seed content
    built by this test session (``seed_site``), so ``make test`` needs no prior build."""
    if not os.environ.get("BOUQUET_SITE_DIR"):
        return request.getfixturevalue("seed_site")
    d = site_dir()
    if not (d / "index.html").is_file():
        unavailable(f"{MSG_SITE} (cherché : {d})")
    return d


@pytest.fixture(scope="session")
def site_server(built_site_dir: Path):
    """Site servi sous ``/bouquet/`` : ``site_server.url("guide/")`` →
    ``http://127.0.0.1:PORT/bouquet/guide/`` ; hors préfixe → 404."""
    with serve_directory(built_site_dir, prefix="/bouquet/") as server:
        yield server


@pytest.fixture(scope="session")
def root_server(built_site_dir: Path):
    """Même site monté à la racine : ``root_server.url("guide/")`` → ``http://127.0.0.1:PORT/guide/``."""
    with serve_directory(built_site_dir, prefix="/") as server:
        yield server


# The search tests' shared fixtures (test_search_browser, test_search_queries,
# test_search_filters_places): the seed catalogue their expectations come from, and
# the seed site served under its prefix. A module may define its own `server`.
@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(check_content(REPO_ROOT / "content", REPO_ROOT))


@pytest.fixture(scope="module")
def server(seed_site: Path):
    with serve_directory(seed_site, prefix=SITE_PREFIX) as srv:
        yield srv
