"""L'éditeur web /admin/ (Decap CMS) dans Chromium, sur le site construit du contenu initial.

Le dépôt Git est remplacé par une doublure du serveur local de Decap (``local_backend``,
``http://localhost:8081/api/v1``, interceptée par ``page.route`` : aucune requête ne
sort). Elle sert les vrais fichiers de content/ et garde ce que l'éditeur enregistre.

On vérifie que :
- la configuration générée se charge sans erreur et le bouquet des collections apparaît ;
- sans serveur local, l'écran de connexion GitHub s'affiche (le cas en production) ;
- une fiche existante s'ouvre dans le formulaire (Decap relit nos fichiers) ;
- une fiche saisie dans le formulaire et enregistrée (flux éditorial : branche + pull
  request) passe la vérification de scripts/check.py telle que Decap l'écrirait.
"""
from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from bouquet_browser import REPO_ROOT, serve_directory, unavailable

from bouquet import cms
from bouquet.load import check_content
from bouquet.themes import load_vocabulary

PROXY = "http://localhost:8081/api/v1"
CONTENT = REPO_ROOT / "content"


@pytest.fixture(scope="module")
def admin_site(seed_site: Path, tmp_path_factory) -> Path:
    """Une copie du site construit, avec /admin/ écrit par cms.write (idempotent)."""
    site = tmp_path_factory.mktemp("admin-site") / "site"
    shutil.copytree(seed_site, site)
    vocabulary, _ = load_vocabulary(CONTENT, REPO_ROOT)
    try:
        cms.write(site, vocabulary)
    except cms.BundleMissing as error:
        unavailable(str(error))
    return site


@pytest.fixture(scope="module")
def admin_server(admin_site: Path):
    # Sous un préfixe, comme un site de projet GitHub Pages : tout doit être relatif.
    with serve_directory(admin_site, prefix="/bouquet/") as server:
        yield server


class LocalBackend:
    """Doublure de `decap-server` : répond aux actions POST du backend « proxy »."""

    def __init__(self, content: Path = CONTENT):
        self.content = content
        self.calls: list[dict] = []
        self.saved: dict[str, dict] = {}  # slug → {"path", "raw", "collection"}

    def install(self, page) -> None:
        page.route(f"{PROXY}**", self.handle)

    def handle(self, route) -> None:
        headers = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Content-Type",
                   "Access-Control-Allow-Methods": "POST, OPTIONS"}
        if route.request.method == "OPTIONS":
            route.fulfill(status=204, headers=headers)
            return
        payload = json.loads(route.request.post_data or "{}")
        self.calls.append(payload)
        status, body = self.answer(payload.get("action"), payload.get("params") or {})
        route.fulfill(status=status, headers=headers, content_type="application/json", body=json.dumps(body))

    def answer(self, action: str, params: dict) -> tuple[int, object]:
        if action == "info":
            return 200, {"repo": "bouquet", "publish_modes": ["simple", "editorial_workflow"], "type": "local_git"}
        if action == "entriesByFolder":
            folder = self.content.parent / params["folder"]
            files = sorted(folder.glob(f"*.{params['extension']}"))
            return 200, [self._entry(f) for f in files]
        if action == "getEntry":
            for saved in self.saved.values():
                if saved["path"] == params["path"]:
                    return 200, {"data": saved["raw"], "file": {"path": saved["path"], "id": saved["path"]}}
            file = self.content.parent / params["path"]
            if not file.is_file():  # Decap vérifie qu'une nouvelle fiche n'écrase rien
                return 404, {"error": "Not Found"}
            return 200, self._entry(file)
        if action in ("entriesByFiles", "getMedia"):
            return 200, []
        if action == "unpublishedEntries":
            return 200, sorted(self.saved)
        if action == "unpublishedEntry":
            slug = params.get("slug") or params.get("id")
            if not slug or slug not in self.saved:  # ce que répond decap-server : pas dans le flux éditorial
                return 404, {"error": "Not Found"}
            saved = self.saved[slug]
            return 200, {"slug": slug, "collection": saved["collection"], "status": "draft", "updatedAt": "2026-01-02T00:00:00Z",
                         "diffs": [{"id": saved["path"], "path": saved["path"], "newFile": True}]}
        if action == "unpublishedEntryDataFile":
            return 200, {"data": self.saved[params["slug"]]["raw"]}
        if action == "persistEntry":
            options = params.get("options") or {}
            for data_file in params.get("dataFiles") or [params.get("entry")]:
                self.saved[data_file["slug"]] = {"path": data_file["path"], "raw": data_file["raw"],
                                                 "collection": options.get("collectionName"), "options": options}
            return 200, {"message": "entry persisted"}
        if action == "getDeployPreview":
            return 200, None
        return 200, {}

    def _entry(self, file: Path) -> dict:
        path = file.relative_to(self.content.parent).as_posix()
        return {"data": file.read_text(encoding="utf-8"), "file": {"path": path, "id": path}}


def _problems(page, proxy_404: bool = False) -> dict:
    """Erreurs console, requêtes en échec, requêtes externes de la page.

    Avec ``proxy_404``, les 404 de la doublure sont ignorés : decap-server répond 404
    (et Chromium le note en console) quand une fiche n'existe pas encore ou n'est pas
    en cours de révision ; Decap s'en sert pour le savoir.
    """
    console, failed = list(page.bouquet_console_errors), list(page.bouquet_failed_requests)
    if proxy_404:
        console = [e for e in console if "status of 404" not in e]
        failed = [f for f in failed if not f.startswith(f"404 {PROXY}")]
    return {"console": console, "failed": failed, "external": page.bouquet_external_requests}


def _login(page, admin_server, backend: LocalBackend) -> None:
    backend.install(page)
    page.goto(admin_server.url("admin/"))
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Bouquets").wait_for()


def test_admin_loads_its_configuration_and_shows_the_collections(page, admin_server):
    backend = LocalBackend()
    _login(page, admin_server, backend)
    assert page.get_by_role("link", name="Expériences").first.is_visible()
    assert page.get_by_role("link", name="Bouquets").first.is_visible()
    # Decap a lu les vraies fiches, avec son propre lecteur YAML.
    page.get_by_text("Blanquefort : un atelier municipal pour réparer son vélo").first.wait_for()
    # Le flux éditorial est actif (onglet « Flux »), en français.
    assert page.get_by_role("link", name="Flux").is_visible()
    actions = [c.get("action") for c in backend.calls]
    assert actions[0] == "info" and "entriesByFolder" in actions and "unpublishedEntries" in actions
    problems = _problems(page)
    assert problems == {"console": [], "failed": [], "external": []}, problems


def test_an_existing_experience_opens_in_the_form(page, admin_server):
    backend = LocalBackend()
    _login(page, admin_server, backend)
    page.goto(admin_server.url("admin/#/collections/experiences/entries/atelier-mobilites-modernes-blanquefort"))
    title = page.get_by_label("Titre", exact=True)
    title.wait_for()
    assert title.input_value().startswith("Blanquefort : un atelier municipal")
    assert page.get_by_text("33 – Gironde").is_visible()
    assert page.get_by_text("Mobilité", exact=True).first.is_visible()
    problems = _problems(page, proxy_404=True)
    assert problems == {"console": [], "failed": [], "external": []}, problems


def _select(page, label: str, text: str) -> None:
    """Choisit une option d'un menu déroulant de Decap (react-select) en tapant son texte."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    page.keyboard.press("Enter")


def test_an_experience_saved_from_the_form_passes_the_checker(page, admin_server, tmp_path):
    backend = LocalBackend()
    _login(page, admin_server, backend)
    page.goto(admin_server.url("admin/#/collections/experiences/new"))
    page.get_by_label("Titre", exact=True).fill("Équipe d'été à Saint-Étienne")
    page.get_by_label("Résumé", exact=True).fill("Des jeunes du quartier forment une équipe d'été avec la ville.")
    _select(page, "Thèmes", "Jeunesse")
    _select(page, "Thèmes", "Mobili")
    page.get_by_label("Commune (optionnel)").fill("Saint-Étienne")
    _select(page, "Département (optionnel)", "42 – Loire")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Modifications enregistrées").or_(page.get_by_text("Entrée enregistrée")).first.wait_for()

    saved = next(iter(backend.saved.values()))
    # Le flux éditorial : un enregistrement = une branche et une pull request.
    assert saved["options"]["useWorkflow"] is True and saved["options"]["status"] == "draft"
    assert saved["path"].startswith("content/experiences/") and saved["path"].endswith(".md")
    assert saved["options"]["commitMessage"].startswith("Nouvelle fiche")

    content = tmp_path / "content"
    (content / "experiences").mkdir(parents=True)
    shutil.copy(CONTENT / "themes.yml", content / "themes.yml")
    target = tmp_path / saved["path"]
    target.write_text(saved["raw"], encoding="utf-8")
    result = check_content(content, tmp_path)
    report = "\n".join(p.as_text() for p in result.problems)
    assert result.ok, f"{report}\n--- fichier écrit par Decap :\n{textwrap.indent(saved['raw'], '  ')}"
    problems = _problems(page, proxy_404=True)
    assert problems == {"console": [], "failed": [], "external": []}, problems
    values = result.documents[0].front.values
    assert values["tags"] == ["Jeunesse", "Mobilité"] and values["departement"] == "42"
    assert values["title"] == "Équipe d'été à Saint-Étienne"


# The second has leads of both shapes: a text (« Banques alimentaires du Bas-Rhin ») and a
# mapping with its kind (IBM, « entreprise »), which our list widget shows alike; the
# third has audiences, now a select of content/publics.yml.
@pytest.mark.parametrize("slug", ["cafe-partenaires-agen-montanou", "banques-alimentaires-bas-rhin-mecenat-competences",
                                  "odyssee-logements-sociaux-nantes"])
def test_an_existing_experience_saved_again_keeps_every_field_valid(page, admin_server, tmp_path, slug):
    """Decap relit une fiche riche (listes, sous-champs, citation) et la réécrit : elle reste valide."""
    original = check_content(CONTENT, REPO_ROOT)
    before = next(d for d in original.documents if d.slug == slug).front.values
    backend = LocalBackend()
    _login(page, admin_server, backend)
    page.goto(admin_server.url(f"admin/#/collections/experiences/entries/{slug}"))
    summary = page.get_by_label("Résumé", exact=True)
    summary.wait_for()
    summary.fill(before["description"] + " Relu.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Modifications enregistrées").or_(page.get_by_text("Entrée enregistrée")).first.wait_for()

    saved = backend.saved[slug]
    assert saved["path"] == f"content/experiences/{slug}.md" and saved["options"]["newEntry"] is False
    content = tmp_path / "content"
    (content / "experiences").mkdir(parents=True)
    shutil.copy(CONTENT / "themes.yml", content / "themes.yml")
    shutil.copy(CONTENT / "publics.yml", content / "publics.yml")
    (tmp_path / saved["path"]).write_text(saved["raw"], encoding="utf-8")
    result = check_content(content, tmp_path)
    assert result.ok, "\n".join(p.as_text() for p in result.problems) + "\n" + saved["raw"][:3000]
    after = result.documents[0].front.values
    assert after == {**before, "description": before["description"] + " Relu."}
    problems = _problems(page, proxy_404=True)
    assert problems == {"console": [], "failed": [], "external": []}, problems
