"""La recherche (Pagefind) dans Chromium, sur le site construit du contenu initial,
servi sous le sous-chemin /bouquet/ comme un site de projet.

On vérifie que :
- un mot présent dans une seule expérience la renvoie en premier ;
- « velo » et « vélo » trouvent la même expérience ;
- le filtre région ne renvoie que les expériences de la région, autant que la page
  du territoire en liste (toutes ses pages) ;
- une adresse portant mots, filtre et tri restaure le formulaire et les résultats,
  et Précédent / Suivant restaurent l'état ;
- la boîte de l'en-tête marche depuis une expérience et depuis l'accueil (clavier,
  souris, écran étroit), et sans JavaScript reste un formulaire vers recherche/ ;
- sous le sous-chemin, chaque lien de résultat répond 200 ;
- le filtre type=Expérience sans mots compte les expériences publiées ;
- axe (WCAG 2.1 A/AA) ne relève rien, résultats et panneau ouverts ; captures.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from bouquet_browser import DESKTOP, PHONE, format_violations, run_axe, screenshot, serve_directory


PREFIX = "/bouquet/"


# --------------------------------------------------------------------------
# Fixtures et outils
# --------------------------------------------------------------------------

def search_url(server, query: str = "") -> str:
    return server.url("recherche/") + (f"?{query}" if query else "")


def wait_results(page) -> int:
    """Attend la fin de la recherche en cours ; renvoie le nombre de résultats."""
    page.wait_for_function(
        """() => {
            const status = document.querySelector('#bq-sp-status');
            return status && status.dataset.count !== undefined && !status.hasAttribute('aria-busy');
        }"""
    )
    return int(page.get_attribute("#bq-sp-status", "data-count"))


def result_hrefs(page, all_results: bool = False) -> list[str]:
    """Les liens des résultats affichés (tous, en cliquant « Charger plus »)."""
    more = page.locator("[data-bq-more]")
    while all_results and more.is_visible():
        before = page.locator("#bq-sp-list > li").count()
        more.click()
        page.wait_for_function("(n) => document.querySelectorAll('#bq-sp-list > li').length > n", arg=before)
    return page.eval_on_selector_all("#bq-sp-list .bq-card__link", "links => links.map(a => a.getAttribute('href'))")


def slug_of(href: str, kind: str = "experiences") -> str | None:
    match = re.fullmatch(rf"{re.escape(PREFIX)}{kind}/([^/]+)/", href)
    return match.group(1) if match else None


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_facet(page, name: str) -> None:
    toggle = page.locator(f"[data-bq-facet='{name}'] .bq-facet__toggle")
    if not toggle.is_visible():  # écran étroit : les filtres sont repliés
        page.click(".bq-sp__filters-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.wait_for_selector(f"[data-bq-facet='{name}'] .bq-facet__item:not([hidden])")


def facet_item(page, name: str, value: str):
    return page.locator(f"[data-bq-facet='{name}'] .bq-facet__item").filter(
        has=page.locator(".bq-facet__value", has_text=re.compile(f"^{re.escape(value)}$"))
    )


def facet_box(page, name: str, value: str):
    return facet_item(page, name, value).locator("input")


def assert_clean(page) -> None:
    assert page.bouquet_failed_requests == [], page.bouquet_failed_requests
    assert page.bouquet_external_requests == [], page.bouquet_external_requests
    assert page.bouquet_console_errors == [], page.bouquet_console_errors


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()


def words(text: str) -> dict[str, str]:
    """Mots (repliés : minuscules, sans accents) → leur première forme dans le texte."""
    found: dict[str, str] = {}
    for word in re.findall(r"[^\W\d_]+", text):
        found.setdefault(fold(word), word)
    return found


def distinctive_words(catalogue, how_many: int = 3) -> list[tuple[str, str]]:
    """(mot, slug) : des mots d'une seule expérience publiée.

    Pagefind racinise (français) et complète le dernier mot : un mot n'est retenu
    que si aucune autre expérience ni aucun bouquet ne contient un mot aux 6 mêmes
    premières lettres. « Babydasse » passe en premier s'il convient.
    """
    def text(e):
        return " ".join([e.title, e.description, e.body, e.territory.label or "", *(lead.name for lead in e.leads), *e.partners, *e.impacts,
                         e.quote.get("text", "")])

    per_doc = {e.slug: words(text(e)) for e in catalogue.experiences}
    prefixes_of = {slug: {w[:6] for w in ws} for slug, ws in per_doc.items()}
    for b in catalogue.bouquets:
        prefixes_of[f"bouquet:{b.slug}"] = {w[:6] for w in words(" ".join([b.title, b.description, b.body]))}
    candidates = []
    for slug, ws in per_doc.items():
        others = set().union(*(p for key, p in prefixes_of.items() if key != slug))
        candidates += [(w, original, slug) for w, original in ws.items() if len(w) >= 8 and w[:6] not in others]
    candidates.sort(key=lambda c: (c[0] != "babydasse", c[0]))
    chosen, slugs = [], set()
    for _, original, slug in candidates:
        if slug not in slugs:
            chosen.append((original, slug))
            slugs.add(slug)
        if len(chosen) == how_many:
            break
    return chosen


# --------------------------------------------------------------------------
# Page de recherche
# --------------------------------------------------------------------------

def test_un_mot_d_une_seule_experience_la_renvoie_en_premier(page, server, catalogue):
    chosen = distinctive_words(catalogue)
    assert chosen, "aucun mot distinctif trouvé dans le contenu initial"
    for word, slug in chosen:
        # Le mot figure bien dans cette seule expérience (texte source).
        page.goto(search_url(server, f"q={quote(word)}"))
        count = wait_results(page)
        hrefs = result_hrefs(page)
        assert count >= 1 and hrefs, f"aucun résultat pour {word!r}"
        assert slug_of(hrefs[0]) == slug, f"{word!r} : {hrefs[0]} en premier, attendu {slug}"
        # Le mot est surligné dans le résultat.
        marks = page.locator("#bq-sp-list > li").first.locator("mark").all_inner_texts()
        assert any(fold(word) in fold(m) for m in marks), marks
    assert_clean(page)


def test_velo_et_vélo_trouvent_la_meme_experience(page, server):
    firsts = {}
    for query in ("velo", "vélo"):
        page.goto(search_url(server, f"q={quote(query)}"))
        assert wait_results(page) >= 1, query
        firsts[query] = result_hrefs(page)[0]
    assert firsts["velo"] == firsts["vélo"]
    assert slug_of(firsts["vélo"]), firsts
    assert_clean(page)


def listing_slugs(page, server, url: str) -> list[str]:
    """Les fiches d'une page de liste, toutes ses pages comprises."""
    slugs: list[str] = []
    page.goto(server.url(url))
    while True:
        slugs += page.eval_on_selector_all(".bq-cards > li.bq-card[data-slug]", "cards => cards.map(c => c.dataset.slug)")
        following = page.locator(".bq-pagination a[rel=next]")
        if not following.count():
            return slugs
        following.click()
        page.wait_for_load_state()


def territory_slugs(page, server, region_slug: str) -> list[str]:
    """Les fiches listées par la page du territoire, toutes ses pages comprises."""
    return listing_slugs(page, server, f"territoires/{region_slug}/")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_filtre_region_comme_la_page_du_territoire(page, server, catalogue, viewport):
    region = next(e.territory.region for e in catalogue.experiences
                  if e.territory.region and e.territory.region.name == "Bretagne")
    expected = territory_slugs(page, server, "bretagne")
    assert expected

    # Sans mots : on coche la région dans les filtres.
    page.goto(search_url(server))
    page.wait_for_selector("#bq-sp-status:has-text('Saisissez')")
    open_facet(page, "région")
    facet_box(page, "région", "Bretagne").check()
    count = wait_results(page)
    assert params(page).get("région") == ["Bretagne"]
    slugs = [slug_of(href) for href in result_hrefs(page, all_results=True)]
    assert None not in slugs, "seules des expériences ont une région"
    assert all(catalogue.by_slug[s].territory.region == region for s in slugs)
    assert count == len(slugs) == len(expected) == len(catalogue.by_region[region.code])
    assert sorted(slugs) == sorted(expected)
    # Le compte affiché à côté de la valeur est le même.
    shown = facet_item(page, "région", "Bretagne").locator(".bq-facet__count").inner_text()
    assert shown.strip().endswith(str(count)), shown
    assert_clean(page)


def test_une_adresse_restaure_mots_filtre_et_tri_et_l_historique(page, server, catalogue):
    jeunesse = "Jeunesse"
    page.goto(search_url(server, f"q={quote('coopérative')}&{quote('thème')}={jeunesse}&tri=date"))
    count = wait_results(page)
    assert page.input_value("#bq-sp-q") == "coopérative"
    assert page.input_value("#bq-sp-tri") == "date"
    assert facet_box(page, "thème", jeunesse).is_checked()
    assert page.get_attribute("[data-bq-facet='thème'] .bq-facet__toggle", "aria-expanded") == "true"
    slugs = [slug_of(h) for h in result_hrefs(page, all_results=True)]
    assert count == len(slugs) >= 2
    experiences = [catalogue.by_slug[s] for s in slugs]
    assert all(any(t.name == jeunesse for t in e.themes) for e in experiences)
    dates = [e.date for e in experiences]
    assert dates == sorted(dates, reverse=True), "tri : les plus récentes d'abord"

    # Un filtre de plus : nouvelle entrée d'historique ; Précédent puis Suivant.
    open_facet(page, "région")
    region_box = facet_box(page, "région", "Bretagne")
    region_box.check()
    narrowed = wait_results(page)
    assert params(page)["région"] == ["Bretagne"] and narrowed <= count
    page.go_back()
    assert wait_results(page) == count
    assert "région" not in params(page)
    assert not region_box.is_checked() and facet_box(page, "thème", jeunesse).is_checked()
    assert page.input_value("#bq-sp-q") == "coopérative" and page.input_value("#bq-sp-tri") == "date"
    page.go_forward()
    assert wait_results(page) == narrowed
    assert region_box.is_checked()

    # Le tri « Pertinence » retire tri= de l'adresse.
    page.select_option("#bq-sp-tri", "")
    wait_results(page)
    assert "tri" not in params(page)
    assert_clean(page)


def test_sans_mots_le_type_experience_compte_les_experiences_publiees(page, server, catalogue):
    page.goto(search_url(server, f"type={quote('Expérience')}"))
    count = wait_results(page)
    assert count == len(catalogue.experiences)
    slugs = {slug_of(h) for h in result_hrefs(page, all_results=True)}
    assert slugs == {e.slug for e in catalogue.experiences}
    assert not slugs & {Path(src_uri).stem for src_uri in catalogue.drafts}
    assert_clean(page)


def test_sous_le_sous_chemin_chaque_resultat_repond_200(page, server, catalogue):
    page.goto(search_url(server, f"type={quote('Expérience')}&type=Bouquet"))
    count = wait_results(page)
    assert count == len(catalogue.experiences) + len(catalogue.bouquets)
    hrefs = result_hrefs(page, all_results=True)
    assert len(hrefs) == count
    for href in hrefs:
        assert href.startswith(PREFIX), href
        response = page.request.get(server.origin + href)
        assert response.status == 200, href
    assert any(slug_of(h, "bouquets") for h in hrefs)
    assert_clean(page)


def test_charger_plus_et_clavier_sur_la_page(page, server):
    page.goto(search_url(server))
    page.wait_for_selector("#bq-sp-status:has-text('Saisissez')")
    page.focus("#bq-sp-q")
    page.keyboard.type("coopérative")
    page.keyboard.press("Enter")
    count = wait_results(page)
    assert count > 10, "le contenu initial a plus de 10 résultats pour « coopérative »"
    assert page.locator("#bq-sp-list > li").count() == 10
    more = page.locator("[data-bq-more]")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#bq-sp-list > li').length > 10")
    # Le focus passe au premier résultat chargé.
    focused = page.evaluate("() => document.activeElement.closest('#bq-sp-list > li') && "
                            "[...document.querySelectorAll('#bq-sp-list > li')].indexOf(document.activeElement.closest('li'))")
    assert focused == 10
    assert "« coopérative »" in page.inner_text("#bq-sp-status")
    assert_clean(page)


# --------------------------------------------------------------------------
# Boîte de recherche de l'en-tête
# --------------------------------------------------------------------------

def type_in_header(page, text: str) -> None:
    if page.locator(".bq-hsearch__open").is_visible():  # écran étroit
        page.click(".bq-hsearch__open")
    page.focus("#bq-hsearch-q")
    page.keyboard.type(text)
    page.wait_for_selector("#bq-hsearch-panel:not([hidden]) [role=option]")
    page.wait_for_function("(q) => document.querySelector('#bq-hsearch-status').textContent.includes('« ' + q + ' »')", arg=text)


def test_boite_d_en_tete_depuis_une_experience_au_clavier(page, server, catalogue):
    experience = catalogue.experiences[-1]
    page.goto(server.url(experience.url))
    type_in_header(page, "coopérative")
    box = page.locator("#bq-hsearch-q")
    assert box.get_attribute("aria-expanded") == "true"
    assert page.locator("#bq-hsearch-list [role=option]").count() == 5
    assert re.match(r"\d+ résultats pour « coopérative »", page.inner_text("#bq-hsearch-status"))
    all_link = page.locator("#bq-hsearch-all")
    assert all_link.get_attribute("href").endswith("/bouquet/recherche/?q=coop%C3%A9rative")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#bq-hsearch-list [role=option]").nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # rouvre, sur le premier
    first = page.locator("#bq-hsearch-list [role=option]").first
    target = first.get_attribute("data-url")
    assert target.startswith(PREFIX)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert urlsplit(page.url).path == target
    assert_clean(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_boite_d_en_tete_depuis_l_accueil(page, server, viewport):
    page.goto(server.url())
    type_in_header(page, "jeunesse")
    # Entrée sans option choisie : la page de recherche, avec les mots.
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert urlsplit(page.url).path == "/bouquet/recherche/" and params(page)["q"] == ["jeunesse"]
    assert wait_results(page) >= 5
    assert page.input_value("#bq-sp-q") == "jeunesse"

    # Un clic sur une option ouvre la fiche.
    page.goto(server.url())
    type_in_header(page, "jeunesse")
    option = page.locator("#bq-hsearch-list [role=option]").nth(2)
    target = option.get_attribute("data-url")
    with page.expect_navigation() as navigation:
        option.click()
    assert navigation.value.status == 200 and urlsplit(page.url).path == target
    assert_clean(page)


def test_sans_javascript_la_boite_est_un_formulaire_vers_recherche(browser, seed_site):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP, locale="fr-FR")
    try:
        with serve_directory(seed_site, prefix=PREFIX) as srv:
            page = context.new_page()
            page.goto(srv.url("experiences/"))
            page.fill("#bq-hsearch-q", "vélo")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert urlsplit(page.url).path == "/bouquet/recherche/"
            assert parse_qs(urlsplit(page.url).query) == {"q": ["vélo"]}
            assert "La recherche a besoin de JavaScript" in page.inner_text("main, body")
            # Écran étroit : un lien vers la page de recherche.
            page.set_viewport_size(PHONE)
            page.goto(srv.url("experiences/"))
            link = page.locator(".bq-hsearch__link")
            assert link.is_visible() and link.get_attribute("href") == "../recherche/"
    finally:
        context.close()


# --------------------------------------------------------------------------
# Accessibilité et captures
# --------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_et_captures(page, server, catalogue, viewport):
    name = "phone" if viewport == PHONE else "desktop"
    page.goto(search_url(server, f"q={quote('coopérative')}&{quote('région')}=Bretagne"))
    wait_results(page)
    open_facet(page, "thème")
    page.wait_for_timeout(200)
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    screenshot(page, f"search-{name}")

    page.goto(server.url(catalogue.experiences[0].url))
    type_in_header(page, "jeunesse")
    page.keyboard.press("ArrowDown")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    screenshot(page, f"search-header-{name}")
    assert_clean(page)


# The policy the search needs (and nothing looser): WebAssembly for Pagefind, same-
# origin scripts, styles, fetches. Pagefind runs without a worker (see search.js).
STRICT_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; object-src 'none'; base-uri 'self'")


def test_la_recherche_marche_sous_une_csp_stricte(page, server):
    def with_csp(route):
        response = route.fetch()
        headers = dict(response.headers)
        if "text/html" in headers.get("content-type", ""):
            headers["content-security-policy"] = STRICT_CSP
        route.fulfill(response=response, headers=headers)

    page.route(f"{server.base_url}**", with_csp)
    page.goto(search_url(server, f"q={quote('vélo')}"))
    assert wait_results(page) >= 1
    page.fill("#bq-hsearch-q", "jeunesse")
    page.wait_for_selector("#bq-hsearch-panel:not([hidden]) [role=option]")
    # Only Material's own inline scripts (theme palette…) break this policy, and
    # Material's bundle then misses their helpers (__md_get…): never ours.
    others = [e for e in page.bouquet_console_errors if "inline script" not in e and "__md_" not in e]
    assert others == [], others
    assert page.bouquet_failed_requests == [] and page.bouquet_external_requests == []
