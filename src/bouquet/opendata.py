"""The catalogue as open data: /donnees/experiences.json, .csv, schema.json,
datapackage.json and the page /donnees/ that describes them.

One declaration, :data:`FIELDS`, drives everything: the records, the CSV columns,
the JSON Schema, the Data Package's Table Schema and the table of fields on the
page, so they cannot drift.

Decisions, also stated on the page:

- One record per published experience (drafts never), newest first then by slug,
  the order of the site's listings. Output is deterministic: no clock, dates come
  from the content.
- Absent values: ``null`` for a text or a date, ``[]`` for a list.
- ``commune_code`` is the INSEE code of the current commune; for a former commune
  that is now a commune déléguée, the code of the commune it belongs to.
- Personal data stay out: contacts' names, roles, e-mail addresses and phone
  numbers are on each experience's page, not in the data set (only the contact's
  web site is). Bodies and images are not included either (images may be under
  other licences).
- JSON: UTF-8, indented, keys in field order.
- CSV (RFC 4180): UTF-8 *with* a byte order mark, so that Excel recognises the
  encoding; comma separator; CRLF line ends; every field quoted only when needed;
  a header row with the field names. A list is one cell, its items joined with
  `` | `` (an item's own " | " becomes " / "); an absent value is an empty cell.
- datapackage.json: a Frictionless Data Package (profile tabular-data-package) that
  describes both files with one Table Schema, so that tools read the codes as text
  ("05", not 5), the dates as dates and the lists as lists. Its ``created`` is
  SOURCE_DATE_EPOCH (left out without it): the same input gives the same bytes.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Mapping

from . import geography, json_schema, routes
from .filesize import file_size
from .catalogue import Catalogue
from .listings import GeneratedPage
from .model import Experience
from .schema import EXPERIENCE_FIELDS, LEAD_KINDS, SLUG_PATTERN, Kind

SCHEMA_VERSION = "1.0"
LICENSE = "Licence Ouverte / Etalab 2.0"
LICENSE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENSE_ID = "etalab-2.0"  # SPDX
DIRECTORY = routes.OPEN_DATA.rstrip("/")
JSON_FILE, CSV_FILE, SCHEMA_FILE, PACKAGE_FILE = (routes.OPEN_DATA_FILES[kind] for kind in ("json", "csv", "schema", "package"))
LIST_SEPARATOR = " | "
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a BOM, for Excel
CSV_LINE_END = "\r\n"  # RFC 4180


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # string, url, date, list, code
    required: bool
    label: str  # French, for the page
    description: str
    value: Callable[[Experience, str], object]  # (experience, absolute site URL) -> value
    example: str = ""
    constraints: Callable[[], dict] = dict  # Table Schema constraints beyond type and `required`

    @property
    def type_label(self) -> str:
        base = {"string": "texte", "url": "adresse web", "date": "date AAAA-MM-JJ", "list": "liste de textes",
                "code": "code"}[self.kind]
        return base if self.required or self.kind == "list" else f"{base} ou vide"


#: A lead's kind in the open data when its sheet does not give one (lists have no empty item).
LEAD_KIND_UNKNOWN = "non précisé"
COMMUNE_CODE_PATTERN = "[0-9]{5}|2[AB][0-9]{3}"  # INSEE: 5 digits, or 2A/2B and 3 digits in Corsica


TAGS = next(f for f in EXPERIENCE_FIELDS if f.kind is Kind.LIST and f.item is not None and f.item.choices == "themes")  # as many as the front matter allows


def _themes_constraints() -> dict:
    return {"required": True, "minLength": TAGS.min_items, "maxLength": TAGS.max_items}


def _optional(text: str | None) -> str | None:
    return text if text else None


def _commune_code(experience: Experience) -> str | None:
    commune = experience.territory.commune
    return (commune.parent or commune).code if commune else None


FIELDS: tuple[Field, ...] = (
    Field("slug", "code", True, "Identifiant", "Identifiant stable de l'expérience (le nom de sa page).",
          lambda e, base: e.slug, "atelier-mobilites-modernes-blanquefort",
          # XML Schema regular expressions (Table Schema's) have no (?: groups.
          lambda: {"unique": True, "pattern": SLUG_PATTERN.pattern.replace("(?:", "(")}),
    Field("url", "url", True, "Adresse", "Adresse de la fiche de l'expérience sur le site.",
          lambda e, base: base + e.url),
    Field("title", "string", True, "Titre", "Titre de l'expérience.", lambda e, base: e.title),
    Field("description", "string", True, "Résumé", "Résumé en deux ou trois phrases.", lambda e, base: e.description),
    Field("date", "date", True, "Date de mise en ligne", "Jour où la fiche a été mise en ligne sur ce site.",
          lambda e, base: e.date.isoformat(), "2026-11-21"),
    Field("updated", "date", False, "Date de mise à jour", "Jour de la dernière mise à jour de la fiche sur ce site.",
          lambda e, base: e.updated.isoformat() if e.updated else None),
    Field("themes", "list", True, "Thèmes", "Noms des thèmes de l'expérience (1 à 5).",
          lambda e, base: [t.name for t in e.themes], "Mobilité", _themes_constraints),
    Field("theme_slugs", "list", True, "Identifiants des thèmes", "Identifiants des mêmes thèmes, dans le même ordre.",
          lambda e, base: [t.slug for t in e.themes], "mobilite", _themes_constraints),
    Field("commune", "string", False, "Commune", "Nom officiel de la commune où se déroule l'expérience.",
          lambda e, base: e.territory.commune.name if e.territory.commune else None, "Blanquefort"),
    Field("commune_code", "code", False, "Code de la commune",
          "Code INSEE (Code officiel géographique) de la commune actuelle ; pour une commune déléguée, celui de la commune nouvelle dont elle fait partie.",
          lambda e, base: _commune_code(e), "33056", lambda: {"pattern": COMMUNE_CODE_PATTERN}),
    Field("departement", "code", False, "Département (code)", "Code INSEE du département.",
          lambda e, base: e.territory.departement.code if e.territory.departement else None, "33",
          lambda: {"enum": [d.code for d in geography.departements()]}),
    Field("departement_name", "string", False, "Département", "Nom du département.",
          lambda e, base: e.territory.departement.name if e.territory.departement else None, "Gironde",
          lambda: {"enum": [d.name for d in geography.departements()]}),
    Field("region", "string", False, "Région", "Nom de la région (une des 18 régions actuelles).",
          lambda e, base: e.territory.region.name if e.territory.region else None, "Nouvelle-Aquitaine",
          lambda: {"enum": [r.name for r in geography.regions()]}),
    Field("region_code", "code", False, "Région (code)", "Code INSEE de la région.",
          lambda e, base: e.territory.region.code if e.territory.region else None, "75",
          lambda: {"enum": [r.code for r in geography.regions()]}),
    Field("leads", "list", True, "Porteurs", "Structures qui portent l'action.", lambda e, base: [lead.name for lead in e.leads]),
    Field("lead_kinds", "list", True, "Types des structures porteuses",
          "Type de chaque porteur, dans l'ordre de « leads » : " + ", ".join(LEAD_KINDS)
          + f", ou « {LEAD_KIND_UNKNOWN} » quand la fiche ne le dit pas.",
          lambda e, base: [lead.kind or LEAD_KIND_UNKNOWN for lead in e.leads], "commune"),
    Field("partners", "list", True, "Partenaires", "Structures partenaires.", lambda e, base: list(e.partners)),
    Field("impacts", "list", True, "Impacts", "Effets constatés.", lambda e, base: list(e.impacts)),
    Field("resources_human", "string", False, "Moyens humains", "Moyens humains mobilisés.",
          lambda e, base: _optional(e.resources.get("human"))),
    Field("resources_financial", "string", False, "Moyens financiers", "Moyens financiers mobilisés.",
          lambda e, base: _optional(e.resources.get("financial"))),
    Field("resources_material", "string", False, "Moyens matériels", "Moyens matériels mobilisés.",
          lambda e, base: _optional(e.resources.get("material"))),
    Field("quote_text", "string", False, "Citation", "Citation d'un acteur de l'expérience.",
          lambda e, base: _optional(e.quote.get("text"))),
    Field("quote_author", "string", False, "Auteur de la citation", "Qui parle, tel qu'il est présenté sur la fiche.",
          lambda e, base: _optional(e.quote.get("author"))),
    Field("source_name", "string", False, "Source", "Qui a recueilli l'expérience.",
          lambda e, base: _optional(e.source.get("name"))),
    Field("source_url", "url", False, "Lien vers la source", "Adresse de la source.",
          lambda e, base: _optional(e.source.get("url"))),
    Field("source_date", "date", False, "Date de publication par la source",
          "Jour où la source a publié l'expérience ; vide quand la source n'en donne pas.",
          lambda e, base: e.source_date.isoformat() if e.source_date else None, "2013-02-25"),
    Field("source_updated", "date", False, "Date de mise à jour par la source",
          "Jour où la source a mis sa fiche à jour ; vide quand elle n'en donne pas.",
          lambda e, base: e.source_updated.isoformat() if e.source_updated else None),
    Field("contact_url", "url", False, "Site du contact",
          "Site web donné comme contact (les nom, fonction, courriel et téléphone des personnes restent sur la fiche).",
          lambda e, base: _optional(e.contact.get("url"))),
    Field("links", "list", True, "Pour aller plus loin", "Adresses des liens « Pour aller plus loin » de la fiche.",
          lambda e, base: [link.url for link in e.links]),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
PRIMARY_KEY = "slug"


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") or not site_url else site_url + "/"


def records(catalogue: Catalogue, site_url: str = "") -> list[dict]:
    """One dict per published experience, keys in FIELDS order, newest first then by slug."""
    base = _base(site_url)
    ordered = sorted(catalogue.experiences, key=lambda e: e.sort_key)
    return [{f.name: f.value(e, base) for f in FIELDS} for e in ordered]


def last_modified(catalogue: Catalogue) -> str | None:
    days = [e.updated or e.date for e in catalogue.experiences]
    return max(days).isoformat() if days else None


def document(catalogue: Catalogue, site_url: str = "") -> dict:
    """The content of experiences.json."""
    items = records(catalogue, site_url)
    base = _base(site_url)
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": f"{base}{DIRECTORY}/{SCHEMA_FILE}",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "generated_from": base,
        "last_modified": last_modified(catalogue),
        "count": len(items),
        "experiences": items,
    }


def json_text(catalogue: Catalogue, site_url: str = "") -> str:
    return json.dumps(document(catalogue, site_url), ensure_ascii=False, indent=2) + "\n"


# A spreadsheet runs a cell that starts with one of these as a formula (CSV
# injection): such a cell gets a leading apostrophe, which spreadsheets hide and
# parse_csv removes. A cell that starts with an apostrophe gets one too, so the
# round trip stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def _cell(field: Field, value) -> str:
    if value is None:
        return ""
    if field.kind == "list":
        text = LIST_SEPARATOR.join(item.replace(LIST_SEPARATOR, " / ") for item in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(catalogue: Catalogue, site_url: str = "") -> str:
    """experiences.csv as text (the BOM is added when the file is written)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=CSV_LINE_END)
    writer.writerow(FIELD_NAMES)
    for record in records(catalogue, site_url):
        writer.writerow([_cell(f, record[f.name]) for f in FIELDS])
    return buffer.getvalue()


def parse_csv(text: str) -> list[dict]:
    """The records back from experiences.csv (text with or without its BOM)."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    header, body = rows[0], rows[1:]
    kinds = {f.name: f.kind for f in FIELDS}
    out = []
    for row in body:
        record: dict[str, list[str] | str | None] = {}
        for name, cell in zip(header, row, strict=True):
            cell = cell[1:] if cell.startswith("'") else cell
            if kinds[name] == "list":
                record[name] = cell.split(LIST_SEPARATOR) if cell else []
            else:
                record[name] = cell if cell else None
        out.append(record)
    return out


def schema(site_url: str = "", site_name: str = "") -> dict:
    """JSON Schema (draft 2020-12) of experiences.json."""
    base = _base(site_url)

    def prop(field: Field) -> dict:
        if field.kind == "list":
            spec: dict = {"type": "array", "items": {"type": "string", "minLength": 1}}
        else:
            spec = {"type": "string" if field.required else ["string", "null"], "minLength": 1}
            if field.kind == "date":
                spec["format"] = "date"
                spec["pattern"] = json_schema.PATTERNS[Kind.DATE]
            elif field.kind == "url":
                spec["format"] = "uri"
        if field.constraints is _themes_constraints:
            spec.update(minItems=TAGS.min_items, maxItems=TAGS.max_items)
        return {"title": field.label, "description": field.description, **spec}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}{DIRECTORY}/{SCHEMA_FILE}",
        "title": f"Expériences du {site_name}",
        "description": f"Jeu de données {DIRECTORY}/{JSON_FILE}, version {SCHEMA_VERSION} du schéma.",
        "type": "object",
        "required": ["schema_version", "license", "generated_from", "count", "experiences"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "schema": {"type": "string", "format": "uri"},
            "license": {"const": LICENSE},
            "license_url": {"type": "string", "format": "uri"},
            "generated_from": {"type": "string"},
            "last_modified": {"type": ["string", "null"], "format": "date"},
            "count": {"type": "integer", "minimum": 0},
            "experiences": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": list(FIELD_NAMES),
                    "additionalProperties": False,
                    "properties": {f.name: prop(f) for f in FIELDS},
                },
            },
        },
    }


def schema_text(site_url: str = "", site_name: str = "") -> str:
    return json.dumps(schema(site_url, site_name), ensure_ascii=False, indent=2) + "\n"


# Table Schema type and format of each kind of field.
TABLE_TYPES = {"string": ("string", None), "code": ("string", None), "url": ("string", "uri"),
               "date": ("date", None), "list": ("list", None)}


def table_field(field: Field) -> dict:
    """The Table Schema descriptor of one field (same for the CSV and the JSON)."""
    kind, form = TABLE_TYPES[field.kind]
    spec: dict = {"name": field.name, "title": field.label, "type": kind}
    description = field.description
    if field.kind == "list":
        spec.update(delimiter=LIST_SEPARATOR, itemType="string")
        description += (f" Dans le CSV, les éléments sont séparés par « {LIST_SEPARATOR.strip()} » "
                        "(entouré d'espaces) ; dans le JSON, c'est une liste.")
    spec["description"] = description
    if form:
        spec["format"] = form
    constraints = {"required": True} if field.required and field.kind != "list" else {}
    constraints.update(field.constraints())
    if constraints:
        spec["constraints"] = constraints
    if field.example:
        spec["example"] = field.example
    return spec


def table_schema() -> dict:
    """The Table Schema of the records, derived from FIELDS."""
    return {"fields": [table_field(f) for f in FIELDS], "primaryKey": [PRIMARY_KEY], "missingValues": [""]}


def created_at(environ: Mapping[str, str]) -> str | None:
    """SOURCE_DATE_EPOCH as an ISO 8601 UTC time, for `created`; None when unset."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def package(site_url: str = "", created: str | None = None, site_name: str = "") -> dict:
    """datapackage.json: a Frictionless (tabular) Data Package of the CSV and the JSON."""
    base = _base(site_url)
    schema = table_schema()
    descriptor: dict = {
        "profile": "tabular-data-package",
        "name": "bouquet-experiences",
        "title": f"Expériences du {site_name}",
        "description": ("Toutes les expériences publiées sur le site, une par ligne, avec leurs métadonnées "
                        "(ni les coordonnées personnelles des contacts, ni les textes complets, ni les images). "
                        f"Version {SCHEMA_VERSION} du schéma."),
    }
    if base:
        descriptor["id"] = f"{base}{DIRECTORY}/{PACKAGE_FILE}"
        descriptor["homepage"] = f"{base}{DIRECTORY}/"
    if created:
        descriptor["created"] = created
    descriptor["licenses"] = [{"name": LICENSE_ID, "title": LICENSE, "path": LICENSE_URL}]
    descriptor["sources"] = [{"title": site_name, **({"path": base} if base else {})}]
    descriptor["resources"] = [
        {"name": "experiences-csv", "path": CSV_FILE, "profile": "tabular-data-resource",
         "title": "Expériences (CSV)",
         "description": ("RFC 4180, UTF-8 avec BOM, une ligne d'en-tête. Une cellule qui commencerait par =, +, -, @ "
                         "ou une apostrophe est précédée d'une apostrophe (protection des tableurs) : retirez-la à la lecture."),
         "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
         "dialect": {"delimiter": ",", "lineTerminator": CSV_LINE_END, "quoteChar": '"', "doubleQuote": True,
                     "header": True},
         "schema": schema},
        {"name": "experiences-json", "path": JSON_FILE, "profile": "tabular-data-resource",
         "title": "Expériences (JSON)",
         "description": (f"Les mêmes enregistrements, dans la liste « experiences » de l'objet JSON ; "
                         f"son JSON Schema est {SCHEMA_FILE}."),
         "format": "json", "mediatype": "application/json", "encoding": "utf-8",
         "dialect": {"json": {"property": "experiences", "keyed": True}},
         "schema": schema},
    ]
    return descriptor


def package_text(site_url: str = "", created: str | None = None, site_name: str = "") -> str:
    return json.dumps(package(site_url, created, site_name), ensure_ascii=False, indent=2) + "\n"


def contents(catalogue: Catalogue, site_url: str = "", created: str | None = None, site_name: str = "") -> dict[str, bytes]:
    """The four files of donnees/, by name: what write() writes and page() measures."""
    return {name: text.encode(encoding) for name, text, encoding in (
        (JSON_FILE, json_text(catalogue, site_url), "utf-8"),
        (CSV_FILE, csv_text(catalogue, site_url), CSV_ENCODING),
        (SCHEMA_FILE, schema_text(site_url, site_name), "utf-8"),
        (PACKAGE_FILE, package_text(site_url, created, site_name), "utf-8"))}


def write(catalogue: Catalogue, site_dir: Path, site_url: str = "", created: str | None = None, site_name: str = "",
          file_bytes: dict[str, bytes] | None = None) -> list[Path]:
    """Writes donnees/experiences.json, experiences.csv, schema.json and datapackage.json under site_dir
    (`file_bytes`: what contents() gave for the same arguments, when the caller has it)."""
    target = Path(site_dir) / DIRECTORY
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in (file_bytes or contents(catalogue, site_url, created, site_name)).items():
        path = target / name
        path.write_bytes(data)
        written.append(path)
    return written


@dataclass(frozen=True)
class Dataset:
    """What the page /donnees/ shows."""
    count: int
    last_modified: str | None
    fields: tuple[Field, ...]
    files: tuple[tuple[str, str, str, str], ...]  # (url, label, format description, « CSV, 12 Ko »)
    schema_version: str = SCHEMA_VERSION
    license: str = LICENSE
    license_url: str = LICENSE_URL
    list_separator: str = LIST_SEPARATOR
    credit: str = ""  # the name to cite as the source: the site's name

    @property
    def last_modified_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.last_modified) if self.last_modified else None


def page(catalogue: Catalogue, site_url: str = "", created: str | None = None, site_name: str = "",
         file_bytes: dict[str, bytes] | None = None) -> GeneratedPage:
    """The generated page /donnees/ (template opendata.html, context {"dataset": Dataset}).

    Each download says its format and its size, measured on the very bytes write()
    will write (the same site_url, created date and site name; `file_bytes`: those bytes,
    from contents(), when the caller has them: the build makes them once for both)."""
    sizes = {name: len(data) for name, data in (file_bytes or contents(catalogue, site_url, created, site_name)).items()}
    files = (
        ("json", JSON_FILE, "JSON, UTF-8", "JSON"),
        ("csv", CSV_FILE, "CSV, UTF-8, séparateur virgule", "CSV"),
        ("schema", SCHEMA_FILE, "JSON Schema du fichier JSON", "JSON"),
        ("package", PACKAGE_FILE, "Data Package Frictionless des deux fichiers", "JSON"),
    )
    dataset = Dataset(
        count=len(catalogue.experiences),
        last_modified=last_modified(catalogue),
        fields=FIELDS,
        files=tuple((routes.open_data_file(kind), name, description, f"{label}, {file_size(sizes[name])}")
                    for kind, name, description, label in files),
        credit=site_name,
    )
    return GeneratedPage(routes.source(routes.OPEN_DATA), "Données ouvertes", "opendata.html", {"dataset": dataset},
                         "Toutes les expériences publiées, en JSON et en CSV, sous Licence Ouverte : "
                         "le jeu de données, sa licence, ses champs et son Data Package.")
