"""Test de fumée de l'outillage navigateur, sur un mini-site temporaire.

Vérifie réellement : le serveur sous préfixe, Chromium, la navigation, le blocage
des requêtes externes, axe-core (zéro violation sur une page saine, ``image-alt``
sur une page fautive) et les captures d'écran.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bouquet_browser import PHONE, format_violations, run_axe, screenshot, serve_directory

INDEX_HTML = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Bouquet — accueil de test</title>
</head>
<body>
  <header><p>Bouquet</p></header>
  <nav aria-label="Navigation principale">
    <ul><li><a id="vers-page2" href="page2/">Aller à la deuxième page</a></li></ul>
  </nav>
  <main>
    <h1>Accueil du bouquet</h1>
    <p>Un petit site pour vérifier les tests navigateur.</p>
  </main>
  <footer><p>Pied de page</p></footer>
</body>
</html>
"""

PAGE2_HTML = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Bouquet — deuxième page</title>
</head>
<body>
  <main>
    <h1>Deuxième page</h1>
    <p><a href="../">Retour à l'accueil</a></p>
  </main>
</body>
</html>
"""

# Image sans alt (violation « image-alt ») + ressource externe (doit être bloquée).
BROKEN_HTML = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Bouquet — page fautive</title>
  <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
</head>
<body>
  <main>
    <h1>Page fautive</h1>
    <img src="fleur.png" width="10" height="10">
  </main>
</body>
</html>
"""


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    (tmp_path / "page2").mkdir()
    (tmp_path / "page2" / "index.html").write_text(PAGE2_HTML, encoding="utf-8")
    (tmp_path / "fautive").mkdir()
    (tmp_path / "fautive" / "index.html").write_text(BROKEN_HTML, encoding="utf-8")
    return tmp_path


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def test_serveur_sous_prefixe(mini_site: Path) -> None:
    with serve_directory(mini_site, prefix="/bouquet/") as srv:
        assert srv.url() == f"http://127.0.0.1:{srv.port}/bouquet/"
        assert srv.url("page2/") == f"http://127.0.0.1:{srv.port}/bouquet/page2/"
        assert _status(srv.url()) == 200
        assert _status(srv.url("page2/")) == 200
        assert _status(srv.url("absente/")) == 404
        assert _status(f"{srv.origin}/") == 404  # hors préfixe
        assert _status(f"{srv.origin}/page2/") == 404  # hors préfixe
        # /bouquet (sans barre finale) redirige vers /bouquet/ (urllib suit la redirection)
        with urllib.request.urlopen(f"{srv.origin}/bouquet", timeout=5) as resp:
            assert resp.url == srv.url()


def test_navigation_accessibilite_capture(page, mini_site: Path) -> None:
    with serve_directory(mini_site, prefix="/bouquet/") as srv:
        page.goto(srv.url())
        assert page.title() == "Bouquet — accueil de test"
        violations = run_axe(page)
        assert violations == [], format_violations(violations)

        page.get_by_role("link", name="Aller à la deuxième page").click()
        page.wait_for_url(srv.url("page2/"))
        assert page.url == srv.url("page2/")
        assert page.get_by_role("heading", level=1).inner_text() == "Deuxième page"
        violations = run_axe(page)
        assert violations == [], format_violations(violations)

        shot = screenshot(page, "smoke-page2-desktop")
        assert shot.is_file() and shot.stat().st_size > 0

        page.set_viewport_size(PHONE)
        shot = screenshot(page, "smoke-page2-phone")
        assert shot.is_file() and shot.stat().st_size > 0

        assert page.bouquet_console_errors == []
        assert page.bouquet_failed_requests == []
        assert page.bouquet_external_requests == []


def test_axe_detecte_image_sans_alt(page, mini_site: Path) -> None:
    with serve_directory(mini_site, prefix="/bouquet/") as srv:
        page.goto(srv.url("fautive/"))
        violations = run_axe(page)
        ids = {v["id"] for v in violations}
        assert "image-alt" in ids, format_violations(violations)
        # Le message formaté est exploitable.
        assert "image-alt" in format_violations(violations)
        # La feuille de style externe a été interceptée, pas envoyée sur le réseau.
        assert any("fonts.googleapis.com" in u for u in page.bouquet_external_requests)
        # fleur.png n'existe pas : 404 enregistré.
        assert any(r.startswith("404 ") and r.endswith("/fautive/fleur.png")
                   for r in page.bouquet_failed_requests), page.bouquet_failed_requests
