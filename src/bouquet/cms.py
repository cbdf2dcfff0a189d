"""The web editor at /admin/: Decap CMS, configured from schema.py.

`config(vocabulary)` derives the Decap configuration from the same Field
declarations as the validator (one widget per field, French labels and hints, theme
choices from content/themes.yml, département choices from the reference geography);
`write(site_dir, vocabulary)` puts site/admin/config.yml, site/admin/index.html and
the pinned Decap bundle (tools/cms, copied from node_modules, never from a CDN) into
the built site.

Publishing goes through the editorial workflow: every save in the editor is a branch
and a pull request, checked like any other by scripts/check.py.

The form enforces every rule a form can express, derived from the same declarations:
required fields, lengths and plain text (patterns), URLs and e-mail addresses, choices
(themes, départements, régions), list sizes, image formats, and the rules that need
another field (a commune that exists in the chosen département, a région that is the
département's, an update not before the publication date, the text of « Sur le vif »,
the file and alt text of an image, the name of a source). Those cross-field rules are
`bouquet_rules` on the field, evaluated by our widgets (cms_editor.js: Decap's own
widgets with an `isValid`); their French messages are written here. What a form cannot
know (an image file that exists, a bouquet's published experiences) stays with the
pull-request check, which applies to every save anyway.

Login: the GitHub backend opens `<BOUQUET_CMS_AUTH_URL>/auth` (Decap's `base_url` and
`auth_endpoint`), a relay such as the Sveltia CMS authenticator, with the
`public_repo` scope. A build without a relay (or without BOUQUET_CMS_REPO) publishes no
login button: /admin/ explains what the site's administrator must configure, and
opens the editor only when a local decap-server answers (`make editeur`).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from . import csp, file_names, geography, routes
from .dates import long_date
from .json_schema import PATTERNS, theme_names
from .problems import FORBIDDEN_CHARACTERS
from .schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, IMAGE_FORMAT_LABELS, IMAGE_FORMATS, LEAD_KIND_CHOICES, LEAD_KINDS, Field, Kind

ROOT = Path(__file__).resolve().parents[2]
#: Where `npm ci --prefix tools/cms` puts the pinned bundle.
DEFAULT_DIST = ROOT / "tools" / "cms" / "node_modules" / "decap-cms" / "dist"
BUNDLE = "decap-cms.js"
#: Our widgets, preview and start-up (beside this module), and the data they read.
EDITOR_SCRIPT = Path(__file__).with_name("cms_editor.js")
EDITOR_DATA = "bouquet-cms-data.js"
#: The relay's login path (Decap's `auth_endpoint`; the Sveltia authenticator serves
#: /auth) and the narrowest GitHub scope that lets an editor write to a public repository.
AUTH_ENDPOINT = "auth"
AUTH_SCOPE = "public_repo"
PLACEHOLDER_REPO = "OWNER/bouquet"
INSTALL_HINT = "lancez `npm ci --prefix tools/cms` (la cible `make build` le fait)"

#: The sections an experience's body starts with (also used by scripts/new.py).
EXPERIENCE_SECTIONS = ("Origine", "Description", "Mise en œuvre", "Résultats")

# Images: uploads go to content/images/. In a body, a page of content/experiences/
# reaches them as ../images/x.jpg; the front-matter field `image.file` is written
# from content/, as images/x.jpg. An absolute /images/… would be refused by the
# validator (image-chemin-interdit) and by MkDocs' strict link check.
MEDIA_FOLDER = "content/images"
BODY_PUBLIC_FOLDER = "../images"
FIELD_MEDIA_FOLDER = "/content/images"
FIELD_PUBLIC_FOLDER = "images"

TEXT_WIDGET_FROM = 400  # longer texts get a multi-line box
HTML_FREE = r"(?![\s\S]*<\s*[a-zA-Z!/?])"
NOT_BLANK = r"(?=[\s\S]*\S)"


def _js_class(pattern: str) -> str:
    """A character class of problems.FORBIDDEN_CHARACTERS with \\uXXXX escapes (JS and Python).

    Decap compiles form patterns without the `u` flag, where a class holds UTF-16 code
    units: surrogates there would refuse every emoji, and a character beyond U+FFFF
    cannot be written at all. Those (lone surrogates, the non-characters of the other
    planes) are left to the checker, which the pull request runs anyway."""
    pattern = pattern.replace("\ud800-\udfff", "")
    return "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in pattern if ord(c) <= 0xFFFF)


VISIBLE_ONLY = f"(?![\\s\\S]*{_js_class(FORBIDDEN_CHARACTERS.pattern)})"
IMAGE_PATTERN = r"\.(?:" + "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" for c in ext.lstrip(".")) for ext in sorted(IMAGE_FORMATS)) + r")$"


class BundleMissing(FileNotFoundError):
    """The Decap bundle is not installed (tools/cms/node_modules)."""


# ---------------------------------------------------------------------------
# Configuration


def config(vocabulary: Any, repo: str = "OWNER/bouquet", branch: str = "main", auth_url: str | None = None,
           site_url: str = "", audiences: Any = ()) -> dict:
    """The Decap CMS configuration (a dict, dumped as config.yml by `dumps`).

    *vocabulary* gives the themes and *audiences* the publics (content/publics.yml),
    each a Vocabulary, Theme objects or names: the closed lists the form offers."""
    choices = {"themes": theme_names(vocabulary), "audiences": theme_names(audiences), LEAD_KIND_CHOICES: list(LEAD_KINDS)}
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repo,
        "branch": branch,
        "commit_messages": {
            "create": "Nouvelle fiche ({{collection}}) : {{slug}}",
            "update": "Mise à jour ({{collection}}) : {{slug}}",
            "delete": "Suppression ({{collection}}) : {{slug}}",
            "uploadMedia": "Ajout de l'image {{path}}",
            "deleteMedia": "Suppression de l'image {{path}}",
        },
    }
    if auth_url:
        # Decap opens <base_url>/<auth_endpoint>?provider=github&scope=… in a pop-up and
        # accepts the token only from the relay's origin: base_url is that origin.
        backend["base_url"] = auth_url.rstrip("/")
        backend["auth_endpoint"] = AUTH_ENDPOINT
    # Without auth_scope Decap asks for `repo`: every repository of the editor.
    backend["auth_scope"] = AUTH_SCOPE
    settings: dict[str, Any] = {
        "locale": "fr",
        "backend": backend,
        # Each save is a branch cms/<collection>/<slug> and a pull request.
        "publish_mode": "editorial_workflow",
        # `npx decap-server` at the repository root lets anyone edit the local files
        # from http://localhost:8000/admin/ without GitHub (preview and tests).
        "local_backend": True,
        "media_folder": MEDIA_FOLDER,
        "public_folder": BODY_PUBLIC_FOLDER,
        # File names as scripts/new.py and make import give them (file_names.py).
        "slug": dict(file_names.SETTINGS),
        "collections": [experiences_collection(choices), bouquets_collection()],
    }
    if site_url:  # « Voir en ligne » and the way back to the site
        settings["site_url"] = site_url
        settings["display_url"] = site_url
    return settings


def experiences_collection(choices: Choices) -> dict:
    body_default = "".join(f"## {title}\n\n\n" for title in EXPERIENCE_SECTIONS).rstrip("\n") + "\n"
    return {
        "name": "experiences",
        "label": "Expériences",
        "label_singular": "Expérience",
        "description": "Une fiche par expérience de coopération. Chaque enregistrement ouvre une pull request, vérifiée avant publication.",
        "folder": "content/experiences",
        "create": True,
        "slug": "{{slug}}",
        "extension": "md",
        "format": "frontmatter",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"],
        "preview_path": routes.experience("{{slug}}"),
        "fields": fields(EXPERIENCE_FIELDS, choices) + [_body(
            "Texte de la fiche",
            "En Markdown, avec vos propres mots : " + ", ".join(EXPERIENCE_SECTIONS) + ".",
            body_default,
        )],
    }


def bouquets_collection() -> dict:
    return {
        "name": "bouquets",
        "label": "Bouquets",
        "label_singular": "Bouquet",
        "description": "Une sélection datée d'expériences publiées, avec son introduction.",
        "folder": "content/bouquets",
        "create": True,
        "slug": "{{slug}}",
        "extension": "md",
        "format": "frontmatter",
        "summary": "{{title}} ({{date}})",
        "sortable_fields": ["date", "title"],
        "preview_path": routes.bouquet("{{slug}}"),
        "fields": fields(BOUQUET_FIELDS, {}) + [_body("Introduction", "Le texte d'introduction du bouquet, en Markdown.", "")],
    }


#: Each closed vocabulary of `Field.choices` → its values, in the order the form offers them.
Choices = dict[str, list[str]]


def fields(specs: tuple[Field, ...], choices: Choices, parent: Field | None = None) -> list[dict]:
    return [widget(spec, choices, parent) for spec in specs]


def widget(spec: Field, choices: Choices, parent: Field | None = None) -> dict:
    """One Decap field for one schema field (recursively for lists and mappings).

    *parent* is the optional mapping the field belongs to, if any (quote, source, image…).
    """
    dotted = f"{parent.name}.{spec.name}" if parent else spec.name
    entry: dict[str, Any] = {"label": spec.label, "name": spec.name}
    entry.update(_control(spec, choices, dotted))
    rules = _rules(spec, dotted, parent)
    # Decap checks a required sub-field even when its optional parent is left empty,
    # which would forbid saving a fiche without a quote: such a sub-field is optional
    # for Decap, and our `required_with` rule asks for it as soon as the parent is filled.
    required_with_parent = spec.required and parent is not None and not parent.required
    hint = spec.form_hint or spec.help  # form_hint: where help speaks of YAML the form does not show
    if required_with_parent:
        assert parent is not None
        hint = (hint.rstrip(" .") + ". " if hint else "") + "Obligatoire si cette rubrique est remplie."
        rules.insert(0, {"rule": "required_with", "field": parent.name,
                         "message": f"« {spec.label} » est obligatoire quand la rubrique « {parent.label} » est remplie : "
                                    f"remplissez-le, ou videz toute la rubrique."})
    if required_with_parent and spec.kind is not Kind.PATH:
        assert parent is not None
        # Decap's file and image widgets never call a widget's own check, so the
        # file's « required with its rubric » is also asked by each text field beside
        # it: an image with its alt text but no file cannot be saved.
        for sibling in parent.children:
            if sibling.kind is Kind.PATH and sibling.required:
                rules.append({"rule": "sibling_required", "path": [parent.name, sibling.name],
                              "message": f"« {sibling.label} » est obligatoire quand la rubrique « {parent.label} » est remplie : "
                                         f"choisissez-le, ou videz toute la rubrique."})
    if rules:
        entry["widget"] = f"{RULE_WIDGET_PREFIX}{entry['widget']}"
        entry["bouquet_rules"] = rules
    entry["required"] = spec.required and not required_with_parent
    if hint:
        entry["hint"] = hint
    return entry


#: Our widgets are Decap's own with a rule check: bouquet-string is Decap's string…
RULE_WIDGET_PREFIX = "bouquet-"


def _rules(spec: Field, dotted: str, parent: Field | None) -> list[dict]:
    """The rules of this field that need another field's value (see cms_editor.js)."""
    if spec.within:  # a commune of the chosen département
        return [{"rule": "commune", "departement": spec.within,
                 "message_without": "Choisissez d'abord le département de la commune « {commune} » (champ « Département »).",
                 "message_unknown": "Aucune commune « {commune} » dans le département {departement} : "
                                    "vérifiez l'orthographe officielle, ou corrigez le département."}]
    if spec.choices == "regions" and spec.derived_from:  # the département's région
        return [{"rule": "region", "departement": spec.derived_from,
                 "message": "Le département {departement} est en {expected}, pas en {region} : "
                            "choisissez {expected}, ou videz ce champ (la région se déduit du département)."}]
    if spec.not_before and parent is None:
        return [{"rule": "not_before", "field": spec.not_before,
                 "message": "La date de mise à jour est avant la date de mise en ligne ({other}) : corrigez l'une des deux."}]
    return []


def _control(spec: Field, choices: Choices, dotted: str) -> dict:
    kind = spec.kind
    if kind is Kind.LIST and spec.item is not None and spec.item.choices in choices:
        return _min_max({"widget": "select", "multiple": True, "options": list(choices[spec.item.choices])}, spec)
    if spec.choices in choices:  # a lead's kind, optional: the form's select offers an empty choice
        return {"widget": "select", "options": list(choices[spec.choices])}
    if spec.choices == "regions":
        return {"widget": "select", "options": [r.name for r in geography.regions()]}
    if kind is Kind.DEPARTEMENT:
        return {"widget": "select",
                "options": [{"label": f"{d.code} – {d.name}", "value": d.code} for d in geography.departements()]}
    item_spec = spec.item  # set for every LIST field (schema.py)
    if kind is Kind.LIST and item_spec is not None and item_spec.kind is Kind.SLUG:  # a bouquet's experiences
        entry = {"widget": "relation", "collection": "experiences", "value_field": "{{slug}}",
                 "search_fields": ["title", "commune"], "display_fields": ["title"], "multiple": True}
        return _min_max(entry, spec)
    if kind is Kind.LIST and item_spec is not None and item_spec.alternative is not None:
        # A list of one of two shapes (a lead: a text, or its name and kind): the form
        # writes the mapping, and our widget shows a text item as a mapping of its name
        # (cms_editor.js), since Decap's list of fields reads mappings only.
        item_spec = item_spec.alternative
        first = item_spec.children[0].name
        entry = {"widget": f"{RULE_WIDGET_PREFIX}list", "label_singular": item_spec.label, "collapsed": False,
                 "summary": f"{{{{fields.{first}}}}}", "text_items_as": first,
                 "fields": fields(item_spec.children, choices)}
        return _min_max(entry, spec)
    if kind is Kind.LIST and item_spec is not None and item_spec.kind is Kind.MAPPING:
        first = item_spec.children[0].name
        entry = {"widget": "list", "label_singular": item_spec.label, "collapsed": False,
                 "summary": f"{{{{fields.{first}}}}}",
                 "fields": fields(item_spec.children, choices)}
        return _min_max(entry, spec)
    if kind is Kind.LIST and item_spec is not None:
        item = widget(item_spec, choices)
        item.pop("required", None)
        entry = {"widget": "list", "field": item}
        return _min_max(entry, spec)
    if kind is Kind.MAPPING:
        return {"widget": "object", "collapsed": not spec.required,
                "fields": fields(spec.children, choices, parent=spec)}
    if kind is Kind.DATE:
        entry = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
        if spec.required:
            entry["default"] = "{{now}}"
        return entry
    if kind is Kind.BOOL:
        return {"widget": "boolean", "default": False}
    if kind is Kind.PATH:
        formats = ", ".join(sorted(label.upper() for label in IMAGE_FORMAT_LABELS))
        return {"widget": "image", "choose_url": False,
                "media_folder": FIELD_MEDIA_FOLDER, "public_folder": FIELD_PUBLIC_FOLDER,
                "pattern": [IMAGE_PATTERN, f"choisissez une image {formats}."]}
    if kind is Kind.URL:
        return {"widget": "string", "pattern": [PATTERNS[Kind.URL], "écrivez une adresse complète, commençant par https://"]}
    if kind is Kind.EMAIL:
        return {"widget": "string", "pattern": [PATTERNS[Kind.EMAIL], "écrivez une adresse de la forme nom@domaine.fr"]}
    # Plain text: one line, or a box for the long ones; no HTML, bounded length.
    limit = spec.max_length or 10_000
    return {"widget": "text" if limit >= TEXT_WIDGET_FROM else "string",
            "pattern": [f"^{NOT_BLANK}{HTML_FREE}{VISIBLE_ONLY}[\\s\\S]{{0,{limit}}}$",
                        f"écrivez du texte simple, de {limit} caractères au plus, sans balise HTML (« < … > ») "
                        f"ni caractère invisible."]}


def _min_max(entry: dict, spec: Field) -> dict:
    if spec.min_items:
        entry["min"] = spec.min_items
    if spec.max_items:
        entry["max"] = spec.max_items
    return entry


def _body(label: str, hint: str, default: str) -> dict:
    entry = {"label": label, "name": "body", "widget": "markdown", "hint": hint, "required": True}
    if default:
        entry["default"] = default
    return entry


def dumps(cms_config: dict) -> str:
    header = (
        "# Généré par src/bouquet/cms.py à partir de src/bouquet/schema.py : ne pas modifier à la main.\n"
        "# Dépôt, branche et service d'authentification : variables BOUQUET_CMS_REPO,\n"
        "# BOUQUET_CMS_BRANCH et BOUQUET_CMS_AUTH_URL au moment de la construction.\n"
    )
    return header + yaml.dump(cms_config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


# PyYAML writes YAML 1.1, Decap reads YAML 1.2: `08` is a string for the first and the
# number 8 for the second. Every string that YAML 1.2 could read as something else
# (a number, a boolean, null) is quoted.
_AMBIGUOUS = re.compile(r"^(?:[-+]?[0-9.]|(?:true|false|yes|no|on|off|null|~|y|n)$)", re.IGNORECASE)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _AMBIGUOUS.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


# ---------------------------------------------------------------------------
# Files


# ---------------------------------------------------------------------------
# The local editor (make editeur)

#: decap-server, pinned in tools/cms beside the bundle.
LOCAL_SERVER = ROOT / "tools" / "cms" / "node_modules" / "decap-server" / "dist" / "index.js"
#: Where Decap looks for it (`local_backend: true`).
LOCAL_PORT = 8081


def local_backend(repo_dir: Path, port: int = LOCAL_PORT) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run decap-server for `repo_dir`, safely.

    MODE=fs: the server writes exactly the files the editor saves (the entry, its
    uploaded images) and deletes only an entry the editor deletes; it runs no git
    command. In git mode it would commit with `git add .`, sweeping every other
    uncommitted file into the editor's commit. fs mode has no editorial workflow:
    Decap switches to direct saving (« Publier ») and says so in its console.
    BIND_HOST: only this computer can reach it (by default it listens on every
    network interface, and it writes files for whoever asks).
    Set explicitly, these also win over a `.env` file, which decap-server reads.
    """
    env = {"MODE": "fs", "GIT_REPO_DIRECTORY": str(Path(repo_dir).resolve()), "PORT": str(port),
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "info"}
    return ["node", str(LOCAL_SERVER)], env


def bundle_dir() -> Path:
    env = os.environ.get("BOUQUET_DECAP_DIST")
    return Path(env) if env else DEFAULT_DIST


def bundle_version(dist: Path) -> str:
    try:
        return json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def bundle_files(dist: Path) -> list[Path]:
    """The bundle, its lazily loaded chunks and WebAssembly modules, and its licence notice.

    Decap finds its chunks next to the script that loaded it, so they are copied
    beside it; source maps (25 MB) are not.
    """
    names = [BUNDLE, f"{BUNDLE}.LICENSE.txt"]
    chunks = sorted(p.name for p in dist.glob(f"*.{BUNDLE}"))
    wasm = sorted(p.name for p in dist.glob("*.wasm"))
    return [dist / name for name in names + chunks + wasm if (dist / name).is_file()]


def write(site_dir: Path, vocabulary: Any, dist: Path | None = None, site_name: str = "",
          site_url: str = "", audiences: Any = ()) -> list[Path]:
    """Writes site/admin/ (config.yml, index.html, our editor script and its data, the
    Decap bundle); returns the paths.

    Raises BundleMissing, before writing anything, when the bundle is not installed.
    """
    dist = Path(dist) if dist else bundle_dir()
    if not (dist / BUNDLE).is_file():
        raise BundleMissing(f"Decap CMS introuvable : {dist / BUNDLE} n'existe pas ; {INSTALL_HINT}.")
    admin = Path(site_dir) / routes.ADMIN
    admin.mkdir(parents=True, exist_ok=True)
    repo = os.environ.get("BOUQUET_CMS_REPO") or PLACEHOLDER_REPO
    auth_url = os.environ.get("BOUQUET_CMS_AUTH_URL") or None
    cms_config = config(vocabulary, repo=repo, branch=os.environ.get("BOUQUET_CMS_BRANCH") or "main",
                        auth_url=auth_url, site_url=site_url, audiences=audiences)
    missing = missing_settings(repo, auth_url)
    files = (
        ("config.yml", dumps(cms_config)),
        ("index.html", index_html(site_name, bundle_version(dist), missing)),
        (EDITOR_DATA, editor_data(preview_styles(Path(site_dir)))),
        (EDITOR_SCRIPT.name, EDITOR_SCRIPT.read_text(encoding="utf-8")),
    )
    written = []
    for name, text in files:
        path = admin / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    for source in bundle_files(dist):
        target = admin / source.name
        shutil.copyfile(source, target)
        written.append(target)
    return written


def missing_settings(repo: str, auth_url: str | None) -> list[str]:
    """The variables a publisher must still set for the GitHub login to work."""
    missing = []
    if not auth_url:
        missing.append("BOUQUET_CMS_AUTH_URL")
    if repo == PLACEHOLDER_REPO:
        missing.append("BOUQUET_CMS_REPO")
    return missing


def preview_styles(site_dir: Path) -> list[str]:
    """The site's stylesheets (Material's, then ours), relative to /admin/, for the preview."""
    assets = site_dir / routes.ASSETS
    material = sorted(assets.glob("stylesheets/main.*.min.css")) + sorted(assets.glob("stylesheets/palette.*.min.css"))
    ours = [assets / "bouquet.css"]
    return ["../" + path.relative_to(site_dir).as_posix() for path in material + ours if path.is_file()]


def editor_data(styles: list[str]) -> str:
    """bouquet-cms-data.js: what cms_editor.js needs from Python, as one global.

    The geography (every current and former commune of each département, by code,
    and each département's name and région) lets the form check a commune against its
    département as the checker does; month names come from Babel like the site's dates.
    """
    departements = {d.code: {"name": d.name, "region": d.region.name} for d in geography.departements()}
    communes = {code: sorted({c.name for c in (*geography.communes_in(code), *geography.former_communes_in(code))})
                for code in departements}
    months = [long_date(_date(2001, month, 2)).split(" ")[1] for month in range(1, 13)]
    # Decap writes a rubric the editor opened and emptied again as `image: {alt: ""}`,
    # which the checker refuses: such empty optional rubrics are dropped on save.
    optional_groups = sorted({f.name for f in (*EXPERIENCE_FIELDS, *BOUQUET_FIELDS) if f.kind is Kind.MAPPING and not f.required})
    data = {"styles": styles, "months": months, "departements": departements, "communes": communes,
            "optional_groups": optional_groups}
    return ("// Généré par src/bouquet/cms.py : ne pas modifier à la main.\n"
            "window.CMS_MANUAL_INIT = true;\n"
            "window.BOUQUET_CMS = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n")


def _date(year: int, month: int, day: int):
    import datetime as dt

    return dt.date(year, month, day)


SETUP_VARIABLES = {
    "BOUQUET_CMS_AUTH_URL": "l'adresse du relais de connexion GitHub (par exemple "
                            "<code>https://sveltia-cms-auth.mon-compte.workers.dev</code>), sans barre finale ;",
    "BOUQUET_CMS_REPO": "le dépôt GitHub du site, sous la forme <code>propriétaire/nom</code> ;",
}


def index_html(site_name: str, version: str, missing: Sequence[str] = ()) -> str:
    from html import escape

    name = escape(site_name)
    setup = ""
    if missing:  # no login button that leads nowhere: say what to configure instead
        items = "\n".join(f"      <li><code>{variable}</code> : {SETUP_VARIABLES[variable]}</li>" for variable in missing)
        setup = f"""
  <main id="bq-setup" class="bq-setup">
    <h1>L'éditeur web n'est pas encore relié à GitHub</h1>
    <p>La connexion avec GitHub n'est pas configurée pour ce site : il n'y a donc pas encore de bouton pour se connecter.</p>
    <p><strong>Pour l'administrateur du site :</strong> mettez en place un relais de connexion GitHub (une application OAuth GitHub et un petit service qui la relaie), puis définissez ces variables du dépôt et reconstruisez le site :</p>
    <ul>
{items}
    </ul>
    <p>La marche à suivre est dans le guide de mise en service du dépôt : <code>docs/mise-en-service.md</code>, section « Connexion à l'éditeur web ».</p>
    <p>En attendant, vous pouvez proposer une fiche depuis GitHub : voir <a href="../contribuer/">Contribuer</a>. Sur un ordinateur, <code>make editeur</code> ouvre cet éditeur sur les fichiers du dépôt, sans GitHub.</p>
  </main>"""
    return f"""<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  {csp.meta_element(csp.ADMIN_POLICY)}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Éditeur — {name}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <noscript>L'éditeur de {name} a besoin de JavaScript. Vous pouvez aussi proposer une fiche depuis GitHub : voir CONTRIBUTING.md.</noscript>{setup}
  <!-- Decap CMS {escape(version)}, épinglé dans tools/cms et servi par le site lui-même. -->
  <script src="{EDITOR_DATA}"></script>
  <script src="decap-cms.js"></script>
  <script src="{EDITOR_SCRIPT.name}"></script>
</body>
</html>
"""
