"""The web editor's form, against the real local backend (`make editeur`), in Chromium.

decap-server runs as `make editeur` runs it (cms.local_backend: fs mode) on a temporary
git repository holding a copy of content/ and an editor's unrelated, uncommitted work.
Decap looks for it at http://localhost:8081; the page's requests there are forwarded to
the server's own port, so the test never needs port 8081.

The test writes an experience with every field of the action sheet, tries to save it
with each rule the form enforces broken (and reads the French message), saves a valid
one, and checks that the file written passes the checker, builds into a page, and that
nothing else in the repository was touched. Screenshots: test-artifacts/screenshots/
editeur-formulaire-erreur.png and editeur-apercu.png.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bouquet_browser import REPO_ROOT, screenshot, serve_directory, unavailable

from bouquet import cms
from bouquet.load import check_content
from sitebuild import build

PROXY = "http://localhost:8081/api/v1"
SLUG = "un-cafe-reparation-dans-un-quartier-dagen"  # Decap drops the apostrophe, as make new does (file_names.py)
UNRELATED = "notes-personnelles.txt"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with content/ committed, plus uncommitted work of the editor's own."""
    repo = tmp_path / "depot"
    shutil.copytree(REPO_ROOT / "content", repo / "content")
    _git(repo.parent, "init", "-q", str(repo))
    _git(repo, "add", "content")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "contenu")
    (repo / UNRELATED).write_text("à ne pas publier\n", encoding="utf-8")
    with (repo / "content" / "a-propos.md").open("a", encoding="utf-8") as page:
        page.write("\nUne phrase en cours d'écriture.\n")
    return repo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def local_backend(repo: Path):
    if not cms.LOCAL_SERVER.is_file() or shutil.which("node") is None:
        unavailable(f"decap-server ou node introuvable ({cms.LOCAL_SERVER}) : lancez `npm ci --prefix tools/cms`")
    port = _free_port()
    command, env = cms.local_backend(repo, port)
    server = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:  # the server says when it listens
            if "listening" in line:
                break
        else:
            pytest.fail("decap-server s'est arrêté au démarrage")
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        server.terminate()
        server.wait()


@pytest.fixture(scope="module")
def editor_server(built_site_dir: Path, tmp_path_factory):
    """The seed site as built without a login relay: /admin/ starts only on a local backend."""
    site = tmp_path_factory.mktemp("editor-site") / "site"
    shutil.copytree(built_site_dir, site)
    assert 'id="bq-setup"' in (site / "admin" / "index.html").read_text(encoding="utf-8")
    with serve_directory(site, prefix="/bouquet/") as server:
        yield server


def _open_form(page, editor_server, backend_url: str):
    def forward(route):
        route.fulfill(response=route.fetch(url=route.request.url.replace(PROXY, backend_url)))
    page.route(f"{PROXY}**", forward)
    page.goto(editor_server.url("admin/"))
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Bouquets").wait_for()
    assert page.locator("#bq-setup").count() == 0
    page.goto(editor_server.url("admin/#/collections/experiences/new"))
    page.get_by_label("Titre", exact=True).wait_for()


def _expand(page, name: str):
    page.locator(f"[id^='{name}-field-'] [data-testid=expand-button]").first.click()


def _select(page, label: str, text: str):
    page.get_by_label(label, exact=True).fill(text)
    page.keyboard.press("Enter")


def _add_items(page, add_label: str, field_prefix: str, values: list[str]):
    for value in values:
        page.get_by_role("button", name=add_label).click()
        page.locator(f"[id^='{field_prefix}-'] input[id^='item-field-']").last.fill(value)


# The optional rubrics of the action sheet, each field by its form label, as typed.
RUBRICS = (
    ("resources", {"Moyens humains": "Deux bénévoles par séance", "Moyens financiers": "1 500 € par an de la ville",
                   "Moyens matériels": "Un local et des outils"}),
    ("quote", {"Citation": "On répare, et on se parle.", "Auteur de la citation": "Une bénévole"}),
    ("contact", {"Nom": "Centre social du Montanou", "Fonction": "Accueil", "Courriel": "accueil@montanou.example.org",
                 "Téléphone": "05 53 00 00 00", "Site web": "https://montanou.example.org"}),
    ("source", {"Nom de la source": "Réseau des cafés réparation", "Lien vers la source": "https://reseau.example.org/agen"}),
)


def _fill_valid(page):
    """Every field of an experience but the image, valid."""
    page.get_by_label("Titre", exact=True).fill("Un café réparation dans un quartier d'Agen")
    page.get_by_label("Date de mise en ligne", exact=True).fill("2026-05-01")
    page.get_by_label("Date de mise à jour (optionnel)", exact=True).fill("2026-06-02")
    page.get_by_label("Résumé", exact=True).fill("Des habitants réparent ensemble petits appareils et vélos, avec le centre social.")
    _select(page, "Thèmes", "Environnement et alimentation")
    _select(page, "Thèmes", "Vie associative")
    page.get_by_label("Commune (optionnel)", exact=True).fill("Agen")
    _select(page, "Département (optionnel)", "47 – Lot-et-Garonne")
    _select(page, "Région (optionnel)", "Nouvelle-Aquitaine")
    # Lists of one text each: the new item is the last input of its list.
    # A lead: its name, and its kind chosen in the closed list (schema.LEAD_KINDS).
    page.get_by_role("button", name="Ajouter porteur").click()
    page.get_by_label("Nom de la structure", exact=True).fill("Centre social du Montanou")
    _select(page, "Type de structure (optionnel)", "association")
    _add_items(page, "Ajouter partenaires", "partners-field", ["Ville d'Agen", "Association Répar'Tout"])
    _add_items(page, "Ajouter impacts", "impacts-field", ["120 objets réparés en un an"])
    for rubric, values in RUBRICS:
        _expand(page, rubric)
        for label, value in values.items():
            page.get_by_label(f"{label} (optionnel)", exact=True).fill(value)
    page.get_by_role("button", name="Ajouter lien").click()
    page.get_by_label("Intitulé du lien", exact=True).fill("Le programme des séances")
    page.get_by_label("Adresse", exact=True).fill("https://montanou.example.org/programme")


def _clear(field):
    """Empties a field as a person does (select all, delete): React sees the change."""
    field.press("Control+a")
    field.press("Backspace")


def _set(field, value: str):
    """Replaces a field's text. Decap's text inputs restore the caret after each change,
    which makes Playwright's fill() insert instead of replace on a filled field."""
    _clear(field)
    field.fill(value)


def _publish(page):
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_text("Publier maintenant").click()


def _errors(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("[class*='ControlErrorsList'] li").all_text_contents()]


# (what the editor does, the French message expected, how to put it right)
BROKEN = [
    ("title", lambda p: _clear(p.get_by_label("Titre", exact=True)),
     "Le champ « Titre » est obligatoire : remplissez-le.",
     lambda p: _set(p.get_by_label("Titre", exact=True), "Un café réparation dans un quartier d'Agen")),
    ("title-html", lambda p: _set(p.get_by_label("Titre", exact=True), "Un <b>café</b> réparation"),
     "Le champ « Titre » n’est pas valide : écrivez du texte simple, de 150 caractères au plus, sans balise HTML",
     lambda p: _set(p.get_by_label("Titre", exact=True), "Un café réparation dans un quartier d'Agen")),
    ("title-long", lambda p: _set(p.get_by_label("Titre", exact=True), "Un café " + "x" * 150),
     "de 150 caractères au plus",
     lambda p: _set(p.get_by_label("Titre", exact=True), "Un café réparation dans un quartier d'Agen")),
    ("description", lambda p: _clear(p.get_by_label("Résumé", exact=True)),
     "Le champ « Résumé » est obligatoire : remplissez-le.",
     lambda p: _set(p.get_by_label("Résumé", exact=True), "Des habitants réparent ensemble petits appareils et vélos.")),
    ("commune-unknown", lambda p: _set(p.get_by_label("Commune (optionnel)", exact=True), "Blanquefort"),
     "Aucune commune « Blanquefort » dans le département Lot-et-Garonne (47) : vérifiez l'orthographe officielle, ou corrigez le département.",
     lambda p: _set(p.get_by_label("Commune (optionnel)", exact=True), "Agen")),
    ("region", lambda p: _select(p, "Région (optionnel)", "Occitanie"),
     "Le département Lot-et-Garonne (47) est en Nouvelle-Aquitaine, pas en Occitanie : choisissez Nouvelle-Aquitaine",
     lambda p: _select(p, "Région (optionnel)", "Nouvelle-Aquitaine")),
    ("updated", lambda p: p.get_by_label("Date de mise à jour (optionnel)", exact=True).fill("2001-02-01"),
     "La date de mise à jour est avant la date de mise en ligne",
     lambda p: p.get_by_label("Date de mise à jour (optionnel)", exact=True).fill("2026-06-02")),
    ("quote", lambda p: _clear(p.get_by_label("Citation (optionnel)", exact=True)),
     "« Citation » est obligatoire quand la rubrique « Sur le vif » est remplie : remplissez-le, ou videz toute la rubrique.",
     lambda p: _set(p.get_by_label("Citation (optionnel)", exact=True), "On répare, et on se parle.")),
    ("source", lambda p: _clear(p.get_by_label("Nom de la source (optionnel)", exact=True)),
     "« Nom de la source » est obligatoire quand la rubrique « Source » est remplie",
     lambda p: _set(p.get_by_label("Nom de la source (optionnel)", exact=True), "Réseau des cafés réparation")),
    # Decap's image widget never calls a widget's check: the alt text beside it asks.
    ("image", lambda p: (_expand(p, "image"), _set(p.get_by_label("Texte alternatif (optionnel)", exact=True), "Des bénévoles autour d'un vélo")),
     "« Fichier » est obligatoire quand la rubrique « Image » est remplie : choisissez-le, ou videz toute la rubrique.",
     lambda p: _clear(p.get_by_label("Texte alternatif (optionnel)", exact=True))),
    ("email", lambda p: _set(p.get_by_label("Courriel (optionnel)", exact=True), "accueil-montanou"),
     "Le champ « Courriel » n’est pas valide : écrivez une adresse de la forme nom@domaine.fr",
     lambda p: _set(p.get_by_label("Courriel (optionnel)", exact=True), "accueil@montanou.example.org")),
    ("url", lambda p: _set(p.get_by_label("Site web (optionnel)", exact=True), "montanou"),
     "Le champ « Site web » n’est pas valide : écrivez une adresse complète, commençant par https://",
     lambda p: _set(p.get_by_label("Site web (optionnel)", exact=True), "https://montanou.example.org")),
    ("link-url", lambda p: _clear(p.get_by_label("Adresse", exact=True)),
     "Le champ « Adresse » est obligatoire : remplissez-le.",
     lambda p: _set(p.get_by_label("Adresse", exact=True), "https://montanou.example.org/programme")),
]


def test_the_form_refuses_each_broken_rule_in_french_then_saves_a_file_that_passes_the_check(page, editor_server, local_backend, repo, tmp_path):
    head = _git(repo, "rev-parse", "HEAD")
    _open_form(page, editor_server, local_backend)
    _fill_valid(page)
    written = repo / "content" / "experiences" / f"{SLUG}.md"
    seen = {}
    for name, breaks, message, repairs in BROKEN:
        breaks(page)
        _publish(page)
        try:
            page.locator("[class*='ControlErrorsList'] li").first.wait_for()
        except Exception:
            pytest.fail(f"{name} : aucun message, le formulaire a accepté la règle enfreinte")
        errors = _errors(page)
        seen[name] = errors
        if name == "commune-unknown":
            page.get_by_label("Commune (optionnel)", exact=True).scroll_into_view_if_needed()
            screenshot(page, "editeur-formulaire-erreur")
        assert not written.exists()
        repairs(page)
        assert any(message in e for e in errors), (name, errors)
    _publish(page)
    page.get_by_text("Publiée", exact=True).first.wait_for(timeout=20_000)
    for _ in range(50):  # the server answers once the file is written; the page may be a step ahead
        if written.exists():
            break
        time.sleep(0.1)
    raw = written.read_text(encoding="utf-8")

    # The preview pane: the saved experience as the site draws it.
    preview = page.frame_locator("iframe").first
    preview.get_by_role("heading", name="Fiche action").wait_for()
    assert preview.get_by_text("Mise en ligne le ").first.inner_text().startswith("Mise en ligne le ")
    assert preview.get_by_text("Publiée par Réseau des cafés réparation").first.is_visible()
    screenshot(page, "editeur-apercu")

    # The file passes the checker, with every field as typed.
    result = check_content(repo / "content", repo)
    assert result.ok, "\n".join(p.as_text() for p in result.problems) + "\n" + raw
    values = next(d for d in result.documents if d.slug == SLUG).front.values
    assert values["commune"] == "Agen" and values["departement"] == "47" and values["region"] == "Nouvelle-Aquitaine"
    assert values["tags"] == ["Environnement et alimentation", "Vie associative et bénévolat"]
    assert values["leads"] == [{"name": "Centre social du Montanou", "kind": "association"}] and len(values["partners"]) == 2
    assert values["resources"]["financial"] == "1 500 € par an de la ville"
    assert values["quote"] == {"text": "On répare, et on se parle.", "author": "Une bénévole"}
    assert values["contact"]["email"] == "accueil@montanou.example.org"
    assert values["source"]["name"] == "Réseau des cafés réparation"
    assert values["links"] == [{"label": "Le programme des séances", "url": "https://montanou.example.org/programme"}]

    # And it renders: the repository's content builds, the sheet carries what was typed.
    built = build(repo / "content", tmp_path / "rendu", tmp_path)
    assert built.returncode == 0, built.stderr
    sheet = (tmp_path / "rendu" / "experiences" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Centre social du Montanou (association)" in sheet and "On répare, et on se parle." in sheet and "Mise en ligne le" in sheet

    # Nothing else was touched: no commit, nothing staged, the editor's own work as it was.
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "diff", "--cached", "--name-only") == ""
    status = sorted(line[3:] for line in _git(repo, "status", "--porcelain").splitlines())
    assert status == ["content/a-propos.md", f"content/experiences/{SLUG}.md", UNRELATED]
    assert (repo / UNRELATED).read_text(encoding="utf-8") == "à ne pas publier\n"


def test_without_a_relay_admin_explains_what_to_configure_and_shows_no_login(page, editor_server):
    page.goto(editor_server.url("admin/"))
    setup = page.locator("#bq-setup")
    setup.get_by_role("heading", name="L'éditeur web n'est pas encore relié à GitHub").wait_for()
    assert "BOUQUET_CMS_AUTH_URL" in setup.inner_text() and "BOUQUET_CMS_REPO" in setup.inner_text()
    assert "docs/mise-en-service.md" in setup.inner_text()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Se connecter avec GitHub").count() == 0
    # The only request that tried to leave the site: the look for a local decap-server.
    assert [u for u in page.bouquet_external_requests if not u.startswith(PROXY)] == []
