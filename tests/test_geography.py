"""Tests of the reference geography (src/bouquet/geography.py and its data).

`scripts/update_geography.py --check` needs the npm registry, so it is not run
here; instead the committed CSVs are checked for shape, order and uniqueness,
and the script's transformation is run on a small fabricated package.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
import json
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as hst

from bouquet import geography as geo

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "bouquet" / "data"
SCRIPT = ROOT / "scripts" / "update_geography.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("_update_geography_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return _load_script()


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    raw = (DATA / name).read_bytes()
    text = raw.decode("utf-8")  # strict: must be valid UTF-8
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


# ---------------------------------------------------------------------------
# Régions and départements


def test_eighteen_regions():
    regions = geo.regions()
    assert len(regions) == 18
    assert len({r.code for r in regions}) == 18
    names = {r.name for r in regions}
    assert {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"} <= names
    assert {"Nouvelle-Aquitaine", "Occitanie", "Grand Est", "Corse", "Île-de-France"} <= names
    assert "Aquitaine" not in names


def test_regions_sorted_by_folded_name():
    names = [r.name for r in geo.regions()]
    assert names[0] == "Auvergne-Rhône-Alpes"
    assert names[-1] == "Provence-Alpes-Côte d'Azur"
    # Île-de-France sorts with the I, not after Z.
    assert names.index("Hauts-de-France") < names.index("Île-de-France") < names.index("La Réunion")
    assert names == sorted(names, key=geo.collation_key)


def test_region_slugs():
    slugs = {r.name: r.slug for r in geo.regions()}
    assert slugs["Provence-Alpes-Côte d'Azur"] == "provence-alpes-cote-d-azur"
    assert slugs["Île-de-France"] == "ile-de-france"
    assert slugs["Centre-Val de Loire"] == "centre-val-de-loire"
    assert len(set(slugs.values())) == 18


def test_hundred_and_one_departements_in_code_order():
    codes = [d.code for d in geo.departements()]
    assert len(codes) == 101
    expected = (
        [f"{n:02d}" for n in range(1, 20)]
        + ["2A", "2B"]
        + [f"{n:02d}" for n in range(21, 96)]
        + ["971", "972", "973", "974", "976"]
    )
    assert codes == expected


def test_corsica():
    assert geo.departement("20") is None
    assert geo.departement("2A").name == "Corse-du-Sud"
    assert geo.departement("2B").name == "Haute-Corse"
    assert geo.departement("2A").region.name == "Corse"
    assert geo.departement("2B").region is geo.region_named("Corse")
    assert geo.departement("2A").slug == "2a-corse-du-sud"


@pytest.mark.parametrize(
    "code, name, region",
    [
        ("971", "Guadeloupe", "Guadeloupe"),
        ("972", "Martinique", "Martinique"),
        ("973", "Guyane", "Guyane"),
        ("974", "La Réunion", "La Réunion"),
        ("976", "Mayotte", "Mayotte"),
    ],
)
def test_overseas(code, name, region):
    dep = geo.departement(code)
    assert dep is not None
    assert dep.name == name
    assert dep.region.name == region


def test_collectivites_d_outre_mer_left_out():
    for code in ("975", "977", "978", "984", "986", "987", "988", "989"):
        assert geo.departement(code) is None


def test_departement_lookup():
    lot_et_garonne = geo.departement("47")
    assert lot_et_garonne.name == "Lot-et-Garonne"
    assert lot_et_garonne.region.name == "Nouvelle-Aquitaine"
    assert lot_et_garonne.slug == "47-lot-et-garonne"
    assert geo.departement(" 47 ") == lot_et_garonne
    assert geo.departement("1") is None
    assert geo.departement("") is None
    assert geo.departement("99") is None
    assert geo.departement("05").region.name == "Provence-Alpes-Côte d'Azur"


def test_dataclasses_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        geo.departement("47").name = "Lot"
    with pytest.raises(dataclasses.FrozenInstanceError):
        geo.regions()[0].slug = "x"


def test_region_named_is_exact_after_nfc():
    assert geo.region_named("Nouvelle-Aquitaine").code == "75"
    assert geo.region_named(unicodedata.normalize("NFD", "Île-de-France")).code == "11"
    assert geo.region_named("Provence-Alpes-Côte d'Azur") is not None
    assert geo.region_named("nouvelle-aquitaine") is None
    assert geo.region_named("Aquitaine") is None
    assert geo.region_named("Provence-Alpes-Côte-d'Azur") is None


@pytest.mark.parametrize(
    "given, meant",
    [
        ("Aquitaine", "Nouvelle-Aquitaine"),
        ("Limousin", "Nouvelle-Aquitaine"),
        ("Poitou-Charentes", "Nouvelle-Aquitaine"),
        ("Alsace", "Grand Est"),
        ("Lorraine", "Grand Est"),
        ("Champagne-Ardenne", "Grand Est"),
        ("Midi-Pyrénées", "Occitanie"),
        ("Languedoc-Roussillon", "Occitanie"),
        ("Auvergne", "Auvergne-Rhône-Alpes"),
        ("Rhône-Alpes", "Auvergne-Rhône-Alpes"),
        ("Bourgogne", "Bourgogne-Franche-Comté"),
        ("Franche-Comté", "Bourgogne-Franche-Comté"),
        ("Nord-Pas-de-Calais", "Hauts-de-France"),
        ("Picardie", "Hauts-de-France"),
        ("Basse-Normandie", "Normandie"),
        ("Haute-Normandie", "Normandie"),
        ("Centre", "Centre-Val de Loire"),
        ("Provence-Alpes-Côte-d'Azur", "Provence-Alpes-Côte d'Azur"),
        ("PACA", "Provence-Alpes-Côte d'Azur"),
        ("Réunion", "La Réunion"),
        ("reunion", "La Réunion"),
        ("MIDI PYRENEES", "Occitanie"),
        ("nouvelle aquitaine", "Nouvelle-Aquitaine"),
        ("Ile de France", "Île-de-France"),
        ("Pays-de-la-Loire", "Pays de la Loire"),
        ("Centre Val-de-Loire", "Centre-Val de Loire"),
        ("Occitannie", "Occitanie"),  # close spelling (difflib)
        ("Bretagne", "Bretagne"),  # already exact
    ],
)
def test_region_hint(given, meant):
    assert geo.region_hint(given) == meant


@pytest.mark.parametrize("given", ["Atlantide", "", "  ", "xyz", "Allemagne"])
def test_region_hint_none(given):
    assert geo.region_hint(given) is None


@pytest.mark.parametrize(
    "given, meant",
    [
        ("1", "01"),
        ("6", "06"),
        ("047", "47"),
        ("20", "2A ou 2B"),
        ("2a", "2A"),
        ("2b", "2B"),
        ("47000", "47"),  # a postcode
        ("97400", "974"),
        ("Gers", "32"),
        ("gers", "32"),
        ("Lot et Garonne", "47"),
        ("lot-et-garonne", "47"),
        ("Gers (32)", "32"),
        ("Corse", "2A ou 2B"),
        ("Haute Corse", "2B"),
        ("Reunion", "974"),
        ("Côtes-du-Nord", "22"),  # former name
        ("Dordognne", "24"),  # close spelling
        ("47", "47"),  # already valid
    ],
)
def test_departement_hint(given, meant):
    assert geo.departement_hint(given) == meant


@pytest.mark.parametrize("given", ["0", "00", "99", "100", "975", "", "abc", "Bavière"])
def test_departement_hint_none(given):
    assert geo.departement_hint(given) is None


# ---------------------------------------------------------------------------
# Text keys


def test_fold():
    assert geo.fold("St-Aubin-du-Pavail") == geo.fold("Saint Aubin du Pavail") == "saint aubin du pavail"
    assert geo.fold("Ste-Marie") == geo.fold("SAINTE MARIE")
    assert geo.fold("Villefranche-sur-Saône") == "villefranche sur saone"
    assert geo.fold("L'Haÿ-les-Roses") == geo.fold("l’hay les roses") == "l hay les roses"
    assert geo.fold("Œuilly") == geo.fold("oeuilly")
    assert geo.fold("  Saint--Étienne  ") == "saint etienne"
    assert geo.fold(unicodedata.normalize("NFD", "Châteaugiron")) == geo.fold("Chateaugiron")
    # "st" is only an abbreviation as a whole word.
    assert geo.fold("Stenay") == "stenay"


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur"),
        ("Île-de-France", "ile-de-france"),
        ("L’Haÿ-les-Roses", "l-hay-les-roses"),
        ("47 Lot-et-Garonne", "47-lot-et-garonne"),
        ("  Cœur   de   Bœuf !! ", "coeur-de-boeuf"),
        ("Saint-Étienne", "saint-etienne"),
        ("ÉTÉ 2024", "ete-2024"),
        ("---", ""),
    ],
)
def test_slugify(text, slug):
    assert geo.slugify(text) == slug


def test_slugify_output_alphabet():
    for dep in geo.departements():
        assert dep.slug == dep.slug.strip("-")
        assert set(dep.slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert "--" not in dep.slug
    assert len({d.slug for d in geo.departements()}) == 101


# ---------------------------------------------------------------------------
# Communes


def test_find_commune():
    found = geo.find_commune("villefranche sur saone", "69")
    assert found is not None
    assert found.name == "Villefranche-sur-Saône"
    assert found.code == "69264"
    assert found.departement.code == "69"
    assert found.is_current
    assert geo.find_commune("Villefranche-sur-Saône", "69") == found
    assert geo.find_commune("villefranche sur saone", "01") is None
    assert geo.find_commune("villefranche sur saone", "99") is None
    assert geo.find_commune("Nulle-Part-sur-Rien", "69") is None


def test_find_commune_saint_abbreviation_and_former_commune():
    found = geo.find_commune("St Aubin du Pavail", "35")
    assert found is not None
    assert found.name == "Saint-Aubin-du-Pavail"
    assert found.departement.code == "35"
    # Since 2017 a commune déléguée of Châteaugiron.
    assert not found.is_current
    assert found.parent is not None and found.parent.name == "Châteaugiron"
    assert found.parent == geo.find_commune("chateaugiron", "35")


def test_find_commune_overseas_and_corsica():
    assert geo.find_commune("saint denis", "974").code == "97411"
    assert geo.find_commune("Ajaccio", "2A").code == "2A004"
    assert geo.find_commune("Bastia", "2B").code == "2B033"
    assert geo.find_commune("Mamoudzou", "976").departement.region.name == "Mayotte"
    assert geo.find_commune("Cayenne", "973") is not None


def test_communes_named():
    veynes = geo.communes_named("Veynes")
    assert [c.departement.code for c in veynes] == ["05"]
    assert veynes[0].departement.name == "Hautes-Alpes"
    several = geo.communes_named("st denis")
    assert {c.departement.code for c in several} >= {"93", "974"}
    assert all(c.name == "Saint-Denis" for c in several)
    current_flags = [c.is_current for c in several]
    assert current_flags == sorted(current_flags, reverse=True)  # current communes first
    assert geo.communes_named("Nulle-Part-sur-Rien") == ()


def test_commune_suggestions():
    suggestions = geo.commune_suggestions("Villefrance-sur-Saone", "69")
    assert suggestions[0] == "Villefranche-sur-Saône"
    assert 1 <= len(suggestions) <= 3
    assert geo.commune_suggestions("Chateaugiro", "35")[0] == "Châteaugiron"
    assert len(geo.commune_suggestions("Saint", "35", limit=5)) <= 5
    assert geo.commune_suggestions("Villefrance", "99") == ()
    assert geo.commune_suggestions("zzzzzzzzzzzzzz", "69") == ()


def test_commune_by_code_and_paris_lyon_marseille_without_arrondissements():
    assert geo.commune("75056").name == "Paris"
    assert geo.commune("69123").name == "Lyon"
    assert geo.commune("13055").name == "Marseille"
    assert geo.commune("75101") is None  # Paris 1er arrondissement: not a commune
    assert all(c.departement.code == "75" for c in geo.communes_in("75"))
    assert len(geo.communes_in("75")) == 1


# ---------------------------------------------------------------------------
# The data files


@pytest.mark.parametrize("name", ["regions.csv", "departements.csv", "communes.csv", "communes_deleguees.csv", "epci.csv",
                                  "communes_population_epci.csv", "SOURCE.md"])
def test_data_files_utf8_lf(name):
    raw = (DATA / name).read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    assert not raw.startswith(b"\xef\xbb\xbf")


def test_regions_csv():
    header, rows = _rows("regions.csv")
    assert header == ["code", "name"]
    assert len(rows) == 18
    codes = [r[0] for r in rows]
    assert codes == sorted(codes) and len(set(codes)) == 18


def test_departements_csv():
    header, rows = _rows("departements.csv")
    assert header == ["code", "name", "region_code"]
    assert len(rows) == 101
    codes = [r[0] for r in rows]
    assert codes == sorted(codes, key=geo.departement_sort_key)
    assert len(set(codes)) == 101
    region_codes = {r[0] for r in _rows("regions.csv")[1]}
    assert {r[2] for r in rows} == region_codes  # every région has a département


def test_communes_csv_sorted_unique_and_consistent():
    header, rows = _rows("communes.csv")
    assert header == ["departement_code", "code", "name"]
    assert 34_000 < len(rows) < 36_000
    assert all(len(r) == 3 and all(r) for r in rows)
    key = lambda r: (geo.departement_sort_key(r[0]), geo.collation_key(r[2]), r[2], r[1])  # noqa: E731
    assert rows == sorted(rows, key=key)
    codes = [r[1] for r in rows]
    assert len(set(codes)) == len(codes)
    dep_codes = {r[0] for r in _rows("departements.csv")[1]}
    assert {r[0] for r in rows} == dep_codes  # every département has communes, no others
    for dep_code, code, _name in rows:
        assert code.startswith(dep_code) and len(code) == 5
    # No two communes of a département share a folded name, so find_commune is unambiguous.
    keys = [(r[0], geo.fold(r[2])) for r in rows]
    assert len(set(keys)) == len(keys)


def test_overseas_communes_present():
    _, rows = _rows("communes.csv")
    counts: dict[str, int] = {}
    for dep_code, _code, _name in rows:
        counts[dep_code] = counts.get(dep_code, 0) + 1
    assert {code: counts[code] for code in ("971", "972", "973", "974", "976")} == {
        "971": 32,
        "972": 34,
        "973": 22,
        "974": 24,
        "976": 17,
    }


def test_communes_deleguees_csv():
    header, rows = _rows("communes_deleguees.csv")
    assert header == ["departement_code", "code", "name", "commune_code"]
    assert all(len(r) == 4 and all(r) for r in rows)
    key = lambda r: (geo.departement_sort_key(r[0]), geo.collation_key(r[2]), r[2], r[1], r[3])  # noqa: E731
    assert rows == sorted(rows, key=key)
    assert len({tuple(r) for r in rows}) == len(rows)
    current = {r[1]: r for r in _rows("communes.csv")[1]}
    for dep_code, _code, name, parent_code in rows:
        assert parent_code in current
        assert current[parent_code][0] == dep_code
        assert current[parent_code][2] != name


def test_source_md_matches_pinned_version(script):
    text = (DATA / "SOURCE.md").read_text(encoding="utf-8")
    assert script.PACKAGE == "@etalab/decoupage-administratif"
    assert f"`{script.VERSION}`" in text
    assert f"`{script.INTEGRITY}`" in text
    assert "Licence Ouverte" in text
    assert script.INTEGRITY.startswith("sha512-")
    assert script.VERSION.count(".") == 2 and "^" not in script.VERSION and "~" not in script.VERSION


# ---------------------------------------------------------------------------
# The update script, offline, on a fabricated package


def _fake_package(script) -> dict:
    regions = [
        {"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro"},
        {"code": "94", "nom": "Corse", "zone": "metro"},
        {"code": "04", "nom": "La Réunion", "zone": "drom"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
    ]
    departements = [
        {"code": "974", "nom": "La Réunion", "region": "04", "zone": "drom"},
        {"code": "2B", "nom": "Haute-Corse", "region": "94", "zone": "metro"},
        {"code": "69", "nom": "Rhône", "region": "84", "zone": "metro"},
        {"code": "2A", "nom": "Corse-du-Sud", "region": "94", "zone": "metro"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "region": "975", "zone": "com"},
    ]

    def c(code, nom, dep, type_="commune-actuelle", **extra):
        if type_ == "commune-actuelle" and dep != "975":
            extra.setdefault("population", 1000 + int(code[-3:]))
        return {"code": code, "nom": nom, "departement": dep, "type": type_, **extra}

    def m(code, population):
        return {"code": code, "nom": "x", "populationMunicipale": population}

    epci = [
        # Straddles 69 and 2A: most inhabitants are in 2A, so its pages sit there.
        {"code": "200000002", "nom": "CC des Deux Rives", "type": "CC", "membres": [m("69001", 10), m("2A004", 90)]},
        {"code": "200000001", "nom": "Métropole de Lyon", "type": "MET69", "membres": [m("69123", 500), m("69264", 40), m("69002", 1), m("69003", 1)]},
        {"code": "200000003", "nom": "CA Saint-Pierre", "type": "CA", "membres": [m("97502", 5)]},  # zone com: dropped
    ]
    communes = [
        c("69264", "Villefranche-sur-Saône", "69"),
        c("69123", "Lyon", "69"),
        c("69381", "Lyon 1er Arrondissement", "69", "arrondissement-municipal"),
        c("69001", "Affoux", "69"),
        c("69002", "Éveux", "69"),
        c("69003", "Ecully", "69"),
        c("69004", "Ancienne", "69", "commune-deleguee", chefLieu="69001"),
        c("69001", "Affoux", "69", "commune-deleguee", chefLieu="69001"),
        c("97411", "Saint-Denis", "974"),
        c("2B033", "Bastia", "2B"),
        c("2A004", "Ajaccio", "2A"),
        c("97502", "Saint-Pierre", "975"),
    ]
    return {
        "package": {"version": script.VERSION},
        "readme": f"| 2026  | {script.VERSION} | x |\n",
        "regions": regions,
        "departements": departements,
        "communes": communes,
        "epci": epci,
        "data_mtime": 1_773_061_080,
    }


def test_build_filters_and_orders(script):
    files = script.build(_fake_package(script), validate=False)
    assert set(files) == set(script.OUTPUTS)
    regions = files["regions.csv"].decode()
    assert regions == "code,name\n04,La Réunion\n84,Auvergne-Rhône-Alpes\n94,Corse\n"
    deps = files["departements.csv"].decode().splitlines()
    assert [line.split(",")[0] for line in deps[1:]] == ["2A", "2B", "69", "974"]
    communes = files["communes.csv"].decode().splitlines()
    assert communes == [
        "departement_code,code,name",
        "2A,2A004,Ajaccio",
        "2B,2B033,Bastia",
        "69,69001,Affoux",
        "69,69003,Ecully",
        "69,69002,Éveux",
        "69,69123,Lyon",
        "69,69264,Villefranche-sur-Saône",
        "974,97411,Saint-Denis",
    ]
    former = files["communes_deleguees.csv"].decode().splitlines()
    assert former == ["departement_code,code,name,commune_code", "69,69004,Ancienne,69001"]
    assert files["epci.csv"].decode().splitlines() == [
        "code,name,kind,departement_code",
        "200000001,Métropole de Lyon,MET69,69",
        "200000002,CC des Deux Rives,CC,2A",
    ]
    assert files["communes_population_epci.csv"].decode().splitlines() == [
        "code,population,epci_code",
        "2A004,1004,200000002",
        "2B033,1033,",
        "69001,1001,200000002",
        "69002,1002,200000001",
        "69003,1003,200000001",
        "69123,1123,200000001",
        "69264,1264,200000001",
        "97411,1411,",
    ]
    source = files["SOURCE.md"].decode()
    assert script.INTEGRITY in source and "2026" in source
    # Deterministic: same input, same bytes.
    assert script.build(_fake_package(script), validate=False) == files


def test_build_validation_rejects_incomplete_data(script):
    with pytest.raises(SystemExit):
        script.build(_fake_package(script), validate=True)


def test_read_package_and_verify(script, tmp_path):
    package = _fake_package(script)
    tarball = tmp_path / "pkg.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name, content in [
            ("package/package.json", json.dumps(package["package"])),
            ("package/README.md", package["readme"]),
            ("package/data/regions.json", json.dumps(package["regions"])),
            ("package/data/departements.json", json.dumps(package["departements"])),
            ("package/data/communes.json", json.dumps(package["communes"])),
            ("package/data/epci.json", json.dumps(package["epci"])),
        ]:
            data = content.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = package["data_mtime"]
            archive.addfile(info, io.BytesIO(data))
    read = script.read_package(tarball)
    assert read["regions"] == package["regions"]
    assert read["data_mtime"] == package["data_mtime"]
    with pytest.raises(SystemExit):
        script.verify(tarball)  # not the pinned tarball


# ---------------------------------------------------------------------------
# Properties of the text keys

_SLUG = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?")


@hypothesis.given(hst.text())
def test_slugify_shape_and_idempotence(text):
    slug = geo.slugify(text)
    assert _SLUG.fullmatch(slug)
    assert geo.slugify(slug) == slug


@hypothesis.given(hst.text())
def test_fold_is_idempotent_and_ignores_case_and_separators(text):
    key = geo.fold(text)
    assert geo.fold(key) == key
    assert key == key.strip() and "  " not in key
    assert geo.fold(text.upper().replace(" ", "-")) == geo.fold(text.replace(" ", "-")) or not text.isascii()


# ---------------------------------------------------------------------------
# Intercommunalités and populations


def test_epci_csv_and_populations_consistent():
    header, rows = _rows("epci.csv")
    assert header == ["code", "name", "kind", "departement_code"]
    assert 1_200 < len(rows) < 1_300
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert {r[2] for r in rows} <= {"CC", "CA", "CU", "METRO", "MET69"}
    header, details = _rows("communes_population_epci.csv")
    assert header == ["code", "population", "epci_code"]
    communes = {r[1] for r in _rows("communes.csv")[1]}
    assert {r[0] for r in details} == communes  # one row per current commune
    assert all(r[1].isdigit() for r in details)
    epci_codes = {r[0] for r in rows}
    assert {r[2] for r in details if r[2]} == epci_codes  # every EPCI has members, none is unknown
    assert sum(1 for r in details if not r[2]) < 10  # island communes (Ouessant, Sein, Bréhat, Yeu)


def test_epci_and_population_of_communes():
    agen = geo.find_commune("Agen", "47")
    assert geo.epci_of(agen).official_name == "CA Agglomération d'Agen"
    assert geo.epci_of(agen).name == "Agglomération d'Agen"
    assert geo.epci_of(agen).kind_label == "communauté d'agglomération"
    assert not geo.epci_of(agen).names_kind
    # A commune déléguée: its current commune's EPCI and population.
    pavail = geo.find_commune("Saint-Aubin-du-Pavail", "35")
    assert pavail.parent.name == "Châteaugiron"
    assert geo.epci_of(pavail) == geo.epci_of(pavail.parent)
    assert geo.epci_of(pavail).official_name == "CC Pays de Châteaugiron Communauté"
    assert geo.population_of(pavail) == geo.population_of("35069") == 10_845
    assert geo.epci_of(geo.find_commune("Ouessant", "29")) is None
    assert geo.population_of("99999") is None and geo.epci_of("99999") is None
    assert len({e.slug for e in geo.epcis()}) == len(geo.epcis())


@pytest.mark.parametrize(("official", "kind", "shown"), [
    ("CC de la Plaine de l'Ain", "CC", "Communauté de communes de la Plaine de l'Ain"),
    ("CC Faucigny - Glières", "CC", "Communauté de communes Faucigny - Glières"),
    ("CA du Bassin de Brive", "CA", "Communauté d'agglomération du Bassin de Brive"),
    ("CA Agglomération d'Agen", "CA", "Agglomération d'Agen"),
    ("CC Pays de Châteaugiron Communauté", "CC", "Pays de Châteaugiron Communauté"),
    ("CU Caen la Mer", "CU", "Communauté urbaine Caen la Mer"),
    ("Rennes Métropole", "METRO", "Rennes Métropole"),
])
def test_epci_display_name(official, kind, shown):
    assert geo.epci_display_name(official, kind) == shown
