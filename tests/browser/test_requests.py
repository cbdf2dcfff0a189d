"""Under its Content-Security-Policy, each page template of the site loads only from
the site itself: no request to another host, no console error, no CSP violation.

The site is the seed site built by the session. Built with the policy wired
(bouquet.plugin → bouquet.csp), it is served as it is; built without, a copy is
given its policies by bouquet.csp.with_policy, exactly what the hooks do.
The accepted hostile cases (tests/hostile/inert/) are also opened and searched:
nothing they hold may run (no dialog) or break the policy.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from bouquet import csp
from bouquet_browser import DESKTOP, PHONE, serve_directory
from sitebuild import ROOT, build

LOCAL = "127.0.0.1"
CSP_META = 'http-equiv="Content-Security-Policy"'
WATCH_VIOLATIONS = """
  window.__bqViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__bqViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile || ''}:${e.lineNumber || ''} ${e.sample || ''}`);
  });
"""
NAMES = ["accueil", "bouquet", "experience", "theme", "region", "departement", "territoires", "themes", "bouquets",
         "experiences", "recherche", "donnees", "page", "404"]


def with_policies(site: Path, target: Path) -> Path:
    """The site as the wired hooks write it: a copy whose pages carry their policy."""
    if CSP_META in (site / "index.html").read_text(encoding="utf-8"):
        return site
    shutil.copytree(site, target)
    for path in target.rglob("*.html"):
        if path.relative_to(target).parts[0] == "admin":
            continue  # written by cms.write(), never by on_post_page
        path.write_text(csp.with_policy(path.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def first_folder(root: Path) -> str:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "index.html").is_file())[0]


@pytest.fixture(scope="module")
def csp_site(seed_site, tmp_path_factory) -> Path:
    return with_policies(seed_site, tmp_path_factory.mktemp("csp-site") / "site")


@pytest.fixture(scope="module")
def server(csp_site):
    # At the root, as site_url (https://bouquet.example/) says: 404.html's root-relative
    # addresses then resolve as on the real host.
    with serve_directory(csp_site, prefix="/") as srv:
        yield srv


def templates(site: Path) -> dict[str, str]:
    """One page of each template, found in the built site."""
    region = first_folder(site / "territoires")
    return {
        "accueil": "",
        "bouquet": f"bouquets/{first_folder(site / 'bouquets')}/",
        "experience": f"experiences/{first_folder(site / 'experiences')}/",
        "theme": f"themes/{first_folder(site / 'themes')}/",
        "region": f"territoires/{region}/",
        "departement": f"territoires/{region}/{first_folder(site / 'territoires' / region)}/",
        "territoires": "territoires/",
        "themes": "themes/",
        "bouquets": "bouquets/",
        "experiences": "experiences/",
        "recherche": f"recherche/?q={quote('coopération')}",
        "donnees": "donnees/",
        "page": "a-propos/",
        "404": "cette-page-n-existe-pas/",
    }


@pytest.fixture
def watched(page):
    """The conftest's page, recording every request, every CSP violation and every
    dialog (alert, confirm, prompt: dismissed, and a failure)."""
    requests: list[str] = []
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", on_dialog)
    page.add_init_script(WATCH_VIOLATIONS)
    page.bouquet_requests = requests
    page.bouquet_dialogs = dialogs
    return page


def assert_only_the_site(page, url: str, status: int = 200) -> None:
    offsite = [u for u in page.bouquet_requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname != LOCAL]
    assert offsite == [] and page.bouquet_external_requests == [], offsite
    violations = page.evaluate("() => window.__bqViolations")
    assert violations == [], violations
    assert page.bouquet_dialogs == [], page.bouquet_dialogs
    csp_messages = [m for m in page.bouquet_console_errors if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert csp_messages == [], csp_messages
    errors = page.bouquet_console_errors
    failed = page.bouquet_failed_requests
    if status == 404:  # the page itself answers 404, and Chromium says so once
        failed = [f for f in failed if f != f"404 {url}"]
        errors = [e for e in errors if not e.startswith("Failed to load resource: the server responded with a status of 404")]
    assert errors == [], errors
    assert failed == [], failed


def exercise(page, name: str) -> None:
    """What a reader does on the page, so lazily loaded code runs under the policy too."""
    page.mouse.wheel(0, 4000)  # Material's "back to top" button and scroll spy
    page.wait_for_timeout(200)
    if name == "recherche":
        page.wait_for_function("() => { const s = document.querySelector('#bq-sp-status');"
                               " return s && s.dataset.count !== undefined && !s.hasAttribute('aria-busy'); }")
        assert int(page.get_attribute("#bq-sp-status", "data-count")) > 0
    else:
        # The header box: focusing it loads Pagefind (JS module + WebAssembly).
        if page.locator(".bq-hsearch__open").is_visible():
            page.click(".bq-hsearch__open")
        page.focus("#bq-hsearch-q")
        page.keyboard.type("jeunesse")
        page.wait_for_selector("#bq-hsearch-panel:not([hidden]) [role=option]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
@pytest.mark.parametrize("name", NAMES)
def test_each_template_loads_only_from_the_site_under_its_policy(watched, server, csp_site, viewport, name):
    path = templates(csp_site)[name]
    url = server.url(path)
    response = watched.goto(url)
    status = 404 if name == "404" else 200
    assert response.status == status
    html = response.text()
    assert html.count(CSP_META) == 1, "la page n'a pas sa politique"
    exercise(watched, name)
    assert_only_the_site(watched, url, status)
    # Material's language switcher took the Atom feed links for languages and fetched
    # the whole sitemap on every page view (bouquet.theme_script).
    sitemaps = [u for u in watched.bouquet_requests if urlsplit(u).path.endswith("sitemap.xml")]
    assert sitemaps == [], sitemaps


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_palette_switch_and_the_phone_drawer_run_under_the_policy(watched, server, viewport):
    url = server.url(templates(Path(server.directory))["experience"])
    watched.goto(url)
    watched.locator("form[data-md-component=palette] label:visible").first.click()  # stored in localStorage
    watched.wait_for_timeout(200)
    watched.locator("label[for='__drawer']:visible").first.click()
    watched.wait_for_timeout(300)
    watched.locator("label.md-overlay").click(position={"x": 380, "y": 400})
    watched.reload()  # the palette script restores the stored scheme
    assert watched.get_attribute("body", "data-md-color-scheme") == "slate"
    assert_only_the_site(watched, url)


# -- the accepted hostile cases, in the browser ---------------------------------------


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-browser")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "tests" / "hostile" / "inert", content, dirs_exist_ok=True)
    completed = build(content, tmp / "built", tmp)
    assert completed.returncode == 0, completed.stderr
    site = with_policies(tmp / "built", tmp / "site")
    with serve_directory(site, prefix="/") as srv:
        yield srv


INERT_PAGES = [f"experiences/{p.stem}/" for p in sorted((ROOT / "tests" / "hostile" / "inert" / "experiences").glob("*.md"))
               if "\ndraft: true\n" not in p.read_text(encoding="utf-8")]  # drafts have no page
INERT_PAGES += ["bouquets/inerte-bouquet/", "inerte-page/"]


@pytest.mark.parametrize("path", INERT_PAGES)
def test_hostile_pages_run_nothing(watched, hostile_server, path):
    url = hostile_server.url(path)
    assert watched.goto(url).status == 200
    for element in watched.locator("main a, main abbr, main span[title], main img").all()[:40]:
        if element.is_visible():
            element.hover()
    assert_only_the_site(watched, url)


@pytest.mark.parametrize("query", ["alert", "onerror", "script", "config"])
def test_searching_hostile_text_runs_nothing(watched, hostile_server, query):
    url = hostile_server.url(f"recherche/?q={quote(query)}")
    watched.goto(url)
    watched.wait_for_function("() => { const s = document.querySelector('#bq-sp-status');"
                              " return s && s.dataset.count !== undefined && !s.hasAttribute('aria-busy'); }")
    assert int(watched.get_attribute("#bq-sp-status", "data-count")) > 0
    watched.focus("#bq-hsearch-q")
    watched.keyboard.type(query)
    watched.wait_for_selector("#bq-hsearch-panel:not([hidden]) [role=option]")
    watched.wait_for_load_state("networkidle")
    # Nothing of the index became markup: no script, handler or broken image in the results.
    injected = watched.locator("article script, #bq-hsearch-panel script, [onerror], [onload], img[src='x']")
    assert injected.count() == 0, injected.evaluate_all("els => els.map(e => e.outerHTML)")
    assert_only_the_site(watched, url)


def test_an_inline_script_slipped_into_the_content_is_refused_and_reported(watched, csp_site, tmp_path):
    # The control experiment: the watchers above do see a violation when there is one.
    site = tmp_path / "site"
    shutil.copytree(csp_site, site, ignore=shutil.ignore_patterns("pagefind", "admin", "territoires", "experiences"))
    page = site / "a-propos" / "index.html"
    html = csp._without_policy(page.read_text(encoding="utf-8"))
    html = html.replace("</article>", '<script>window.__bqRan = 1</script><img src="x" onerror="window.__bqRan = 2"></article>', 1)
    page.write_text(csp.with_policy(html), encoding="utf-8")
    with serve_directory(site, prefix="/") as srv:
        watched.goto(srv.url("a-propos/"))
        watched.wait_for_load_state("networkidle")
        assert watched.evaluate("() => window.__bqRan") is None
        violations = watched.evaluate("() => window.__bqViolations")
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert any(v.startswith("script-src-attr inline") for v in violations), violations


def test_the_admin_policy_lets_the_web_editor_start(watched, seed_site, tmp_path):
    # /admin/ carries csp.ADMIN_POLICY, the looser policy Decap needs, as built.
    # Decap must start under it (login screen) without a violation.
    site = tmp_path / "site"
    shutil.copytree(seed_site / "admin", site / "admin")
    html = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert html.count(CSP_META) == 1 and csp.meta_element(csp.ADMIN_POLICY) in html
    with serve_directory(site, prefix="/") as srv:
        url = srv.url("admin/")
        watched.goto(url)
        watched.wait_for_selector("text=/GitHub/i", timeout=20_000)
        # Not "networkidle": Decap keeps probing the local decap-server (below), so a
        # loaded machine may never see 500 ms without a request. The login screen is
        # drawn once Decap's code has run, which is what the policy must allow.
        watched.wait_for_load_state("load")
    assert watched.evaluate("() => window.__bqViolations") == []
    # Opened on a local address, Decap probes the local decap-server proxy
    # (local_backend in config.yml); nothing else leaves the site.
    offsite = {u for u in watched.bouquet_requests if urlsplit(u).hostname not in (LOCAL, None)}
    assert offsite <= {"http://localhost:8081/api/v1"}, offsite
