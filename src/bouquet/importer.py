"""Import experiences from a spreadsheet or another Bouquet site's open data.

`scripts/import_experiences.py` (`make import`) is the command line; this module
does the work, without MkDocs:

1. :func:`read_table` reads the rows: a CSV file (UTF-8 with or without a BOM, the
   separator , or ; sniffed), an XLSX workbook (its first sheet, with openpyxl), a
   Bouquet site's ``experiences.json`` or its ``datapackage.json`` (the JSON
   resource beside it, else the CSV one).
2. :data:`COLUMNS` maps column names to fields: the French names editors type
   (« Titre », « Résumé », « Commune »…) and the English field names of the front
   matter and of the open data, compared without case, accents or punctuation.
   A column that maps to nothing is reported, never silently dropped.
3. :func:`plan` turns every row into a front matter and a body, normalising the
   usual defects and saying so in the row's report line (French dates, a
   département's name, a theme's spelling, a commune's official spelling), then
   validates the candidates with the checker itself (:func:`bouquet.load.check_content`
   on a temporary copy of content/ plus the candidates): a row is created only if
   the checker has nothing to say about its file.
4. :func:`write` creates the files, never overwriting one.

Decisions (CONTRIBUTING.md, « Importer un tableur »):

- Only an exact day is a date. « mars 2021 » or « 2021 » as the source's date is
  not kept in ``source.date`` (the site then says the source's date is unknown) and
  the row's report says so; as the date of publication on this site it refuses
  the row.
- The date of publication (``date``) is the row's cell; when the cell is empty or
  the spreadsheet has no such column, ``--date`` (default: the day of the import).
- A theme is accepted under its official spelling when it differs only by case,
  accents, punctuation or a plural (« mobilites » → « Mobilité »); any other
  spelling is refused, with the vocabulary's suggestion.
- Already present: same source name and same source URL, or same title and same
  commune (or both without a commune), compared without case and accents, in
  content/ (drafts included) or in an earlier row of the same file. The row is
  ignored and the report names the file or the row.
- Publics (``audiences``) follow the themes' rule, with content/publics.yml.
- The files are written published (no ``draft: true``): the dry run is the review.
- The file name is the slug of the title (or the open data's ``slug``). When it is
  taken (in content/ or by an earlier row), ``-2``, ``-3``… is added and the report
  says so: an existing file is never overwritten.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import geography, opendata
from .french import plural
from .file_names import slug_from_title
from .load import check_content
from .rules import lead_kinds
from .schema import EXPERIENCE_FIELDS, LEAD_KINDS, SLUG_PATTERN
from .themes import Vocabulary
from .yaml_writer import yaml_lines

# ---------------------------------------------------------------------------
# Columns

#: Field key → the column names that mean it (compared folded, see column_key).
COLUMNS: dict[str, tuple[str, ...]] = {
    "slug": ("slug", "identifiant", "nom du fichier"),
    "title": ("title", "titre", "intitule", "nom de l'experience"),
    "description": ("description", "resume", "chapeau"),
    "date": ("date", "date de mise en ligne", "mise en ligne", "date de publication"),
    "updated": ("updated", "date de mise a jour", "mise a jour"),
    "tags": ("tags", "themes", "theme", "thematiques", "thematique"),
    "audiences": ("audiences", "publics", "public"),
    "commune": ("commune", "ville", "localite"),
    "departement": ("departement", "code departement", "departement code", "dep", "dept"),
    "region": ("region",),
    "leads": ("leads", "porteurs", "porteur", "porteurs de l'action", "porteur de l'action", "structure porteuse"),
    "leads.kind": ("lead kinds", "lead_kinds", "types des porteurs", "type des porteurs", "type de porteur", "types de porteur",
                   "type de structure porteuse", "types de structure porteuse", "types des structures porteuses",
                   "type de la structure porteuse"),
    "partners": ("partners", "partenaires", "partenaire"),
    "impacts": ("impacts", "impact", "resultats chiffres"),
    "resources.human": ("resources human", "resources_human", "moyens humains"),
    "resources.financial": ("resources financial", "resources_financial", "moyens financiers", "budget"),
    "resources.material": ("resources material", "resources_material", "moyens materiels"),
    "quote.text": ("quote", "quote text", "quote_text", "citation", "sur le vif"),
    "quote.author": ("quote author", "quote_author", "auteur de la citation"),
    "contact.url": ("contact url", "contact_url", "site du contact", "site web"),
    "source.name": ("source", "source name", "source_name", "nom de la source", "sourceur"),
    "source.url": ("source url", "source_url", "lien source", "lien de la source", "url de la source", "lien vers la source", "url source", "url"),
    "source.date": ("source date", "source_date", "date de la source", "date de publication par la source"),
    "source.updated": ("source updated", "source_updated", "date de mise a jour par la source"),
    "links": ("links", "liens", "pour aller plus loin"),
    "body": ("body", "texte", "corps", "texte de la fiche", "contenu"),
}
#: Columns of a Bouquet site's open data that the files do not hold: they are
#: derived from other fields (read, reported once as « déduites », and ignored).
DERIVED = ("url", "theme_slugs", "commune_code", "departement_name", "region_code")
#: The open data's own names (experiences.json, experiences.csv): exact, before the aliases.
OPEN_DATA_NAMES = {"slug": "slug", "title": "title", "description": "description", "date": "date", "updated": "updated",
                   "themes": "tags", "commune": "commune", "departement": "departement", "region": "region",
                   "leads": "leads", "lead_kinds": "leads.kind", "partners": "partners", "impacts": "impacts",
                   "resources_human": "resources.human", "resources_financial": "resources.financial",
                   "resources_material": "resources.material", "quote_text": "quote.text", "quote_author": "quote.author",
                   "source_name": "source.name", "source_url": "source.url", "source_date": "source.date",
                   "source_updated": "source.updated", "contact_url": "contact.url", "links": "links"}
LIST_KEYS = ("tags", "audiences", "leads", "leads.kind", "partners", "impacts", "links")
DATE_KEYS = {"date": "date de mise en ligne", "updated": "date de mise à jour", "source.date": "date de la source",
             "source.updated": "date de mise à jour par la source"}


def column_key(name: str) -> str:
    """A column name compared without case, accents, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^a-z0-9']+", " ", geography.fold(name).replace("_", " ")).split()).replace(" ' ", "'")


_ALIASES = {column_key(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def map_columns(header: Iterable[str], open_data: bool = False) -> tuple[dict[int, str], list[str], list[str]]:
    """(column index → field key, unknown column names, derived column names)."""
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    derived: list[str] = []
    for index, name in enumerate(header):
        name = (name or "").strip()
        if not name:
            continue
        key = OPEN_DATA_NAMES.get(name) if open_data else None
        if key is None and open_data and name in DERIVED:
            derived.append(name)
            continue
        key = key or _ALIASES.get(column_key(name)) or _ALIASES.get(column_key(name).replace("'", " "))
        if key is None or key in mapping.values():
            unknown.append(name if key is None else f"{name} (en double)")
            continue
        mapping[index] = key
    return mapping, unknown, derived


# ---------------------------------------------------------------------------
# Reading


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (line number in the file, cells)
    open_data: bool = False  # a Bouquet site's open data: its names, lists already split


class Unreadable(Exception):
    """A file that cannot be read as a table; the message is for the editor."""


def read_table(path: Path) -> Table:
    path = Path(path)
    if not path.is_file():
        raise Unreadable(f"{path} : fichier introuvable.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".json":
        data = _json(path)
        if isinstance(data, dict) and isinstance(data.get("resources"), list):
            return _read_package(path, data)
        return _read_open_data_json(path, data)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise Unreadable(f"{path} : format inconnu → donnez un fichier .csv, .xlsx, experiences.json ou datapackage.json.")


def _json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Unreadable(f"{path} : JSON illisible ({error}).") from None


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(f"{path} : le fichier n'est pas en UTF-8 → enregistrez-le en « CSV UTF-8 » depuis le tableur.") from None
    # The separator is sniffed on the header line, whose names hold neither , nor ;
    # (csv.Sniffer on the rows is fooled by commas inside French sentences).
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[object]]] = []
    header: list[str] | None = None
    for number, cells in enumerate(reader, 1):  # the spreadsheet's row number (a cell may hold line breaks)
        if header is None:
            header = [c.strip() for c in cells]
        elif any(c.strip() for c in cells):
            rows.append((number, list(cells)))
    if header is None:
        raise Unreadable(f"{path} : fichier vide.")
    return Table(header, rows)


def _read_xlsx(path: Path) -> Table:
    import openpyxl  # only for .xlsx

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds; the editor needs the message
        raise Unreadable(f"{path} : classeur XLSX illisible ({error}).") from None
    sheet = workbook.worksheets[0]
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
        values = ["" if c is None else c for c in cells]
        if header is None:
            header = [str(c).strip() for c in values]
        elif any(str(c).strip() for c in values):
            rows.append((number, values))
    workbook.close()
    if header is None:
        raise Unreadable(f"{path} : classeur vide.")
    return Table(header, rows)


def _read_open_data_json(path: Path, data: object) -> Table:
    records = data.get("experiences") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise Unreadable(f"{path} : ce n'est pas le experiences.json d'un site Bouquet (une liste « experiences » d'objets).")
    header = list(dict.fromkeys(key for record in records for key in record))
    rows: list[tuple[int, list[object]]] = [(n, [record.get(k) for k in header]) for n, record in enumerate(records, 1)]
    return Table(header, rows, open_data=True)


def _read_package(path: Path, data: dict) -> Table:
    resources = [r for r in data["resources"] if isinstance(r, dict) and isinstance(r.get("path"), str)]
    for wanted in ("json", "csv"):
        for resource in resources:
            if resource.get("format") == wanted or resource["path"].endswith("." + wanted):
                target = (path.parent / resource["path"]).resolve()
                if not target.is_relative_to(path.parent.resolve()):
                    raise Unreadable(f"{path} : la ressource « {resource['path']} » sort du dossier du paquet.")
                if wanted == "json":
                    return _read_open_data_json(target, _json(target))
                try:
                    return _read_open_data_json(target, opendata.parse_csv(target.read_text(encoding="utf-8-sig")))
                except (UnicodeDecodeError, KeyError, ValueError, IndexError) as error:
                    raise Unreadable(f"{target} : ce n'est pas le experiences.csv d'un site Bouquet ({error}).") from None
    raise Unreadable(f"{path} : aucune ressource JSON ou CSV dans ce Data Package.")


# ---------------------------------------------------------------------------
# Normalising


MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
          "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_MONTH_YEAR = re.compile(r"(?:([a-z]+)\.?\s+|(\d{1,2})[/.\-])?(\d{4})")


class Imprecise(ValueError):
    """A month or a year, not a day."""


def parse_date(value: object) -> dt.date:
    """A day from "2021-03-03", "03/03/2021", "3 mars 2021", "1er mars 2021" or a spreadsheet date.

    ValueError when it is not a date; Imprecise for "mars 2021", "03/2021" or "2021"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(_unaccented(str(value)).lower().split())
    try:
        return dt.date.fromisoformat(text[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ t].*)?", text) else _french(text)
    except Imprecise:
        raise
    except ValueError:
        raise ValueError(value) from None


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _french(text: str) -> dt.date:
    if match := _NUMERIC.fullmatch(text):
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    if (match := _DAY_MONTH_YEAR.fullmatch(text)) and match[2] in MONTHS:
        return dt.date(int(match[3]), MONTHS[match[2]], int(match[1]))
    if (match := _MONTH_YEAR.fullmatch(text)) and (match[1] is None or match[1] in MONTHS):
        raise Imprecise(text)
    raise ValueError(text)


def _singular(folded: str) -> str:
    return " ".join(word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in folded.split())


def theme_key(name: str) -> str:
    return _singular(" ".join(re.sub(r"[^a-z0-9]+", " ", geography.fold(name)).split()))


def resolve_theme(name: str, vocabulary: Vocabulary, noun: str = "thème", file: str = "content/themes.yml") -> tuple[str | None, str]:
    """(official name or None, a note or the refusal): case, accents, punctuation and plurals only."""
    theme = vocabulary.get(name)
    if theme is not None:
        return theme.name, ""
    for candidate in vocabulary.themes:
        if theme_key(candidate.name) == theme_key(name):
            return candidate.name, f"{noun} « {name} » → « {candidate.name} »"
    suggestion = vocabulary.suggest(name)
    hint = f" (vouliez-vous dire « {suggestion} » ?)" if suggestion else f" (voir {file})"
    return None, f"{noun} inconnu « {name} »{hint}"


def split_list(value: object, separators: tuple[str, ...] = (";",)) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = "" if value is None else str(value)
    if not text.strip():
        return []
    pattern = "|".join(re.escape(s) for s in separators) if separators else None
    parts = re.split(pattern, text) if pattern else [text]
    return [p.strip() for p in parts if p.strip()]


# ---------------------------------------------------------------------------
# Rows to candidates


@dataclass
class Row:
    line: int
    status: str = ""  # "créée", "ignorée", "refusée"
    slug: str = ""
    path: str = ""  # content/experiences/<slug>.md, as shown
    notes: list[str] = field(default_factory=list)  # normalisations applied
    errors: list[str] = field(default_factory=list)  # why refused
    reason: str = ""  # why ignored
    text: str = ""  # the file's text

    def report(self, written: bool) -> str:
        if self.status == "créée":
            verb = "créée" if written else "à créer"
            notes = f" ({' ; '.join(self.notes)})" if self.notes else ""
            return f"ligne {self.line} : {verb} → {self.path}{notes}"
        if self.status == "ignorée":
            return f"ligne {self.line} : ignorée — {self.reason}"
        return f"ligne {self.line} : refusée — {' ; '.join(self.errors)}"


@dataclass
class Plan:
    rows: list[Row]
    unknown_columns: list[str]
    derived_columns: list[str]
    content_dir: Path

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def report(self, written: bool) -> list[str]:
        lines = []
        if self.unknown_columns:
            lines.append("Colonnes inconnues, non importées : " + ", ".join(f"« {c} »" for c in self.unknown_columns)
                         + " (voir la correspondance des colonnes dans CONTRIBUTING.md).")
        if self.derived_columns:
            lines.append("Colonnes déduites des autres, non importées : " + ", ".join(f"« {c} »" for c in self.derived_columns) + ".")
        lines.extend(row.report(written) for row in self.rows)
        created = self.count("créée")
        summary = (f"{created} {plural(created, 'créée', 'créées') if written else 'à créer'}, "
                   f"{self.count('ignorée')} {plural(self.count('ignorée'), 'ignorée', 'ignorées')}, "
                   f"{self.count('refusée')} {plural(self.count('refusée'), 'refusée', 'refusées')}.")
        lines.append(summary if written else summary + " Essai : rien n'a été écrit (relancez avec --write pour créer les fichiers).")
        return lines


FIELDS = {f.name: f for f in EXPERIENCE_FIELDS}


def _existing(content_dir: Path) -> tuple[list[tuple[str, dict]], Vocabulary, Vocabulary, set[str]]:
    """(path, front-matter values) of every experience of content/ (drafts too), the themes, the publics, the slugs."""
    result = check_content(content_dir, content_dir.parent)
    experiences = [(d.path, d.front.values) for d in result.documents if d.kind == "experience"]
    slugs = {p.stem for p in (content_dir / "experiences").glob("*.md")} if (content_dir / "experiences").is_dir() else set()
    return experiences, result.vocabulary, result.audiences, slugs


def _fold(text: object) -> str:
    return " ".join(geography.fold(str(text or "")).split())


def _url_key(url: object) -> str:
    text = str(url or "").strip()
    if not text:
        return ""
    parts = urlsplit(text)
    return f"{parts.netloc.lower().removeprefix('www.')}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def _keys(values: dict) -> list[tuple[str, ...]]:
    found = values.get("source")
    source: dict = found if isinstance(found, dict) else {}
    keys: list[tuple[str, ...]] = []
    if source.get("name") and source.get("url"):
        keys.append(("source", _fold(source["name"]), _url_key(source["url"])))
    if values.get("title"):  # two experiences without a commune have the same place
        keys.append(("title", _fold(values["title"]), _fold(values.get("commune"))))
    return keys


def _reason(key: tuple[str, ...], where: str) -> str:
    kind = "même source et même lien" if key[0] == "source" else "même titre et même commune"
    return f"déjà présente ({kind} : {where})"


def plan(path: Path, content_dir: Path, day: dt.date | None = None) -> Plan:
    """What importing this file into content_dir would do, row by row (nothing is written)."""
    content_dir = Path(content_dir).resolve()
    table = read_table(path)
    mapping, unknown, derived = map_columns(table.header, table.open_data)
    if not any(key == "title" for key in mapping.values()):
        raise Unreadable(f"{path} : aucune colonne « Titre » (ou « title ») → vérifiez la ligne d'en-tête.")
    existing, vocabulary, publics, taken = _existing(content_dir)
    seen: dict[tuple[str, ...], str] = {}
    for where, values in existing:
        for key in _keys(values):
            seen.setdefault(key, where)
    default_day = day or dt.date.today()
    has_date_column = "date" in mapping.values()
    rows: list[Row] = []
    for line, cells in table.rows:
        row = Row(line)
        raw = {key: cells[index] if index < len(cells) else None for index, key in mapping.items()}
        values, body = _values(raw, row, vocabulary, publics, default_day if not has_date_column or day else None)
        rows.append(row)
        if row.errors:
            row.status = "refusée"
            continue
        duplicate = next(((key, seen[key]) for key in _keys(values) if key in seen), None)
        if duplicate:
            row.status, row.reason = "ignorée", _reason(*duplicate)
            continue
        slug = _slug(raw.get("slug"), str(values["title"]), taken, row)
        if slug is None:
            row.status = "refusée"
            continue
        row.slug, row.path = slug, f"{content_dir.name}/experiences/{slug}.md"
        row.text = render(values, body)
        row.status = "créée"
        taken.add(slug)
        for key in _keys(values):
            seen.setdefault(key, f"ligne {line}")
    _validate(rows, content_dir)
    return Plan(rows, unknown, derived, content_dir)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _values(raw: dict[str, object], row: Row, vocabulary: Vocabulary, publics: Vocabulary,
            default_day: dt.date | None) -> tuple[dict[str, object], str]:
    values: dict[str, object] = {}
    for name in ("title", "description"):
        text = " ".join(_cell(raw.get(name)).split())
        if text:
            values[name] = text
        else:
            row.errors.append(f"{FIELDS[name].label.lower()} manquant")
    for key, label in DATE_KEYS.items():
        cell = raw.get(key)
        if cell is None or _cell(cell) == "":
            if key == "date":
                if default_day is None:
                    row.errors.append("date de mise en ligne manquante (remplissez la cellule ou donnez --date)")
                else:
                    values["date"] = default_day
            continue
        try:
            day = parse_date(cell)
        except Imprecise:
            if key in ("date", "updated"):
                row.errors.append(f"{label} « {_cell(cell)} » imprécise : seul un jour exact est une date (AAAA-MM-JJ ou 3 mars 2021)")
            else:
                row.notes.append(f"{label} « {_cell(cell)} » imprécise, non reprise (seul un jour exact est une date)")
            continue
        except ValueError:
            row.errors.append(f"{label} « {_cell(cell)} » illisible (écrivez AAAA-MM-JJ, 03/03/2021 ou 3 mars 2021)")
            continue
        if _cell(cell) != day.isoformat() and not isinstance(cell, dt.date):
            row.notes.append(f"{label} « {_cell(cell)} » → {day.isoformat()}")
        _put(values, key, day)
    tags = []
    for name in split_list(raw.get("tags"), (";", ",")):
        official, note = resolve_theme(name, vocabulary)
        if official is None:
            row.errors.append(note)
        elif official not in tags:
            tags.append(official)
            if note:
                row.notes.append(note)
    if not tags and not any(e.startswith("thème inconnu") for e in row.errors):
        row.errors.append("thème manquant")
    if tags:
        values["tags"] = tags
    audiences: list[str] = []
    for name in split_list(raw.get("audiences"), (";", ",")):
        official, note = resolve_theme(name, publics, "public", "content/publics.yml")
        if official is None:
            row.errors.append(note)
        elif official not in audiences:
            audiences.append(official)
            if note:
                row.notes.append(note)
    if audiences:
        values["audiences"] = audiences
    _territory(raw, values, row)
    for key in ("leads", "partners", "impacts"):
        items = split_list(raw.get(key))
        if items:
            values[key] = items
    _lead_kinds(raw, values, row)
    links = split_list(raw.get("links"), (";", " ", "\n"))
    if links:
        values["links"] = [{"label": urlsplit(url).netloc.removeprefix("www.") or url, "url": url} for url in links]
    for key in ("resources.human", "resources.financial", "resources.material", "quote.text", "quote.author",
                "contact.url", "source.name", "source.url"):
        text = " ".join(_cell(raw.get(key)).split())
        if text:
            _put(values, key, text)
    if "quote" in values and "text" not in values["quote"]:  # type: ignore[operator]
        row.errors.append("auteur de citation sans citation")
    if "source" in values and "name" not in values["source"]:  # type: ignore[operator]
        row.errors.append("source sans nom (la colonne « Source » dit qui a recueilli l'expérience)")
    body = _cell(raw.get("body")).replace("\r\n", "\n")
    return {name: values[name] for name in FIELDS if name in values}, body


def _lead_kinds(raw: dict[str, object], values: dict[str, object], row: Row) -> None:
    """The kinds of the leads, one per lead in the same order (« commune ; association »),
    written as the closed list spells them (lead_kinds.official: case, accents, « mairie »)."""
    given = split_list(raw.get("leads.kind"))
    leads: list = values.get("leads", [])  # type: ignore[assignment]
    if not given:
        return
    if len(given) != len(leads):
        row.errors.append(f"{len(given)} type(s) de structure porteuse pour {len(leads)} porteur(s) : "
                          "donnez un type par porteur, dans le même ordre, séparés par « ; »")
        return
    kinds = []
    for name in given:
        if name in ("", opendata.LEAD_KIND_UNKNOWN):  # a lead whose kind its sheet does not give
            kinds.append("")
            continue
        kind = lead_kinds.official(name)
        if kind is None:  # a close spelling may be another word: the editor chooses
            suggestion = lead_kinds.suggest(name)
            hint = f"vouliez-vous dire « {suggestion} » ?" if suggestion else f"types : {', '.join(LEAD_KINDS)}"
            row.errors.append(f"type de structure porteuse inconnu « {name} » ({hint})")
            return
        if kind != name:
            row.notes.append(f"type de structure porteuse « {name} » → « {kind} »")
        kinds.append(kind)
    values["leads"] = [{"name": lead, "kind": kind} if kind else lead for lead, kind in zip(leads, kinds, strict=True)]


def _put(values: dict[str, object], key: str, value: object) -> None:
    if "." in key:
        parent, child = key.split(".")
        values.setdefault(parent, {})[child] = value  # type: ignore[index]
    else:
        values[key] = value


def _territory(raw: dict[str, object], values: dict[str, object], row: Row) -> None:
    commune_name = " ".join(_cell(raw.get("commune")).split())
    given = _cell(raw.get("departement"))
    code = None
    if given:
        if geography.departement(given) is not None:
            code = given
        else:
            hint = geography.departement_hint(given)
            departement = geography.departement(hint) if hint else None
            if departement is not None and _designates(given, departement):
                code = departement.code
                row.notes.append(f"département « {given} » → {code}")
            else:
                named = f" ({departement.name})" if departement else ""
                row.errors.append(f"département « {given} » inconnu" + (f" (vouliez-vous dire « {hint} »{named} ?)" if hint else ""))
                return
    if commune_name:
        if code is None:
            places = geography.communes_named(commune_name)
            codes = sorted({c.departement.code for c in places})
            if len(codes) == 1:
                code = codes[0]
                row.notes.append(f"département déduit de la commune : {code}")
            else:
                where = f" (elle existe dans : {', '.join(codes[:5])})" if codes else ""
                row.errors.append(f"commune « {commune_name} » sans département{where}")
                return
        found = geography.find_commune(commune_name, code)
        if found is None:
            close = geography.commune_suggestions(commune_name, code)
            hint = f" (vouliez-vous dire « {' », « '.join(close)} » ?)" if close else ""
            row.errors.append(f"aucune commune « {commune_name} » dans le département {code}{hint}")
            return
        if found.name != commune_name:
            row.notes.append(f"commune « {commune_name} » → « {found.name} »")
        values["commune"] = found.name
    if code:
        values["departement"] = code
    region = " ".join(_cell(raw.get("region")).split())
    if region:
        departement = geography.departement(code) if code else None
        if departement is not None:
            if _fold(region) != _fold(departement.region.name) and geography.region_hint(region) != departement.region.name:
                row.errors.append(f"région « {region} » : le département {code} est en {departement.region.name}")
            return  # deduced from the département: not written
        official = geography.region_hint(region) or region
        if official != region:
            row.notes.append(f"région « {region} » → « {official} »")
        values["region"] = official


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", geography.fold(text))


def _designates(given: str, departement: geography.Departement) -> bool:
    """The text is the département's code written otherwise (2a, 1, a postcode) or its exact name,
    with or without its code: a close spelling (« Gyronde ») is only a suggestion."""
    if re.fullmatch(r"[0-9\s.\-_/aAbB]+", given):
        return True
    loose, name, code = _loose(given), _loose(departement.name), departement.code.lower()
    return loose in (name, code + name, name + code)


def _slug(given: object, title: str, taken: set[str], row: Row) -> str | None:
    base = _cell(given) if given and SLUG_PATTERN.fullmatch(_cell(given)) else slug_from_title(title)
    base = base[:80].rstrip("-")
    if not base or not SLUG_PATTERN.fullmatch(base):
        row.errors.append(f"le titre « {title} » ne donne pas de nom de fichier")
        return None
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    if slug != base:
        row.notes.append(f"nom de fichier « {base}.md » déjà pris : « {slug}.md »")
    return slug


def render(values: dict[str, object], body: str) -> str:
    """The file: the front matter in the schema's order (scripts/new.py's writer), then the body."""
    lines = ["---"]
    for name, value in values.items():
        spec = FIELDS[name]
        if isinstance(value, dict):  # the children in the schema's order
            value = {child.name: value[child.name] for child in spec.children if child.name in value}
        lines.extend(yaml_lines(name, value, spec))
    lines.append("---")
    text = "\n".join(lines) + "\n"
    return text + ("\n" + body.strip("\n") + "\n" if body.strip() else "")


def _validate(rows: list[Row], content_dir: Path) -> None:
    """Runs the checker on a copy of content/ with the candidates; a candidate with a problem is refused."""
    candidates = [r for r in rows if r.status == "créée"]
    if not candidates:
        return
    with tempfile.TemporaryDirectory(prefix="bouquet-import-") as temporary:
        root = Path(temporary)
        tree = root / content_dir.name
        shutil.copytree(content_dir, tree)
        (tree / "experiences").mkdir(exist_ok=True)
        for row in candidates:
            (tree / "experiences" / f"{row.slug}.md").write_text(row.text, encoding="utf-8", newline="\n")
        result = check_content(tree, root)
    by_path: dict[str, list[str]] = {}
    for problem in result.problems:
        hint = f" → {problem.hint}" if problem.hint else ""
        by_path.setdefault(problem.path, []).append(f"{problem.message}{hint} [{problem.code}]")
    for row in candidates:
        if row.path in by_path:
            row.status = "refusée"
            row.errors = by_path[row.path]


def write(result: Plan) -> list[Path]:
    """Creates the files of the rows to create; never overwrites one (the row is then refused)."""
    written = []
    for row in result.rows:
        if row.status != "créée":
            continue
        target = result.content_dir / "experiences" / f"{row.slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
                handle.write(row.text)
        except FileExistsError:
            row.status, row.errors = "refusée", [f"{row.path} existe déjà : rien n'a été écrit"]
            continue
        written.append(target)
    return written
