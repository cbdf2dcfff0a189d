"""The web editor at /admin/: Decap CMS, configured from schema.py.

`config(vocabulary)` derives the Decap configuration from the same Field
declarations as the validator (one widget per field, French labels and hints, theme
choices from content/themes.yml, département choices from the reference geography);
`write(site_dir, vocabulary)` puts site/admin/config.yml, site/admin/index.html and
the pinned Decap bundle (tools/cms, copied from node_modules, never from a CDN) into
the built site.

Publishing goes through the editorial workflow: every save in the editor is a branch
and a pull request, checked like any other by scripts/check.py.

Where the editor cannot express a rule (a commune must exist in its département, an
image file must exist…), the pull-request check still applies: the widgets' own
checks (patterns, min/max) are a convenience, not the validator.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from . import geography
from .json_schema import EMAIL_PATTERN, URL_PATTERN, theme_names
from .schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, Field, Kind

ROOT = Path(__file__).resolve().parents[2]
#: Where `npm ci --prefix tools/cms` puts the pinned bundle.
DEFAULT_DIST = ROOT / "tools" / "cms" / "node_modules" / "decap-cms" / "dist"
BUNDLE = "decap-cms.js"
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


#: Where schema.py's help speaks of YAML syntax that a form does not show.
CMS_HINTS = {
    "departement": "Choisissez le département : la région s'en déduit.",
    "region": "Inutile si le département est choisi : elle s'en déduit.",
    "draft": "Activé : la fiche n'est publiée nulle part (brouillon).",
}


class BundleMissing(FileNotFoundError):
    """The Decap bundle is not installed (tools/cms/node_modules)."""


# ---------------------------------------------------------------------------
# Configuration


def config(vocabulary: Any, repo: str = "OWNER/bouquet", branch: str = "main", auth_url: str | None = None,
           site_url: str = "") -> dict:
    """The Decap CMS configuration (a dict, dumped as config.yml by `dumps`)."""
    themes = theme_names(vocabulary)
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
        backend["base_url"] = auth_url
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
        # File names like scripts/new.py: ASCII, accents folded, hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [experiences_collection(themes), bouquets_collection()],
    }
    if site_url:  # « Voir en ligne » and the way back to the site
        settings["site_url"] = site_url
        settings["display_url"] = site_url
    return settings


def experiences_collection(themes: list[str]) -> dict:
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
        "preview_path": "experiences/{{slug}}/",
        "fields": fields(EXPERIENCE_FIELDS, themes) + [_body(
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
        "preview_path": "bouquets/{{slug}}/",
        "fields": fields(BOUQUET_FIELDS, []) + [_body("Introduction", "Le texte d'introduction du bouquet, en Markdown.", "")],
    }


def fields(specs: tuple[Field, ...], themes: list[str], parent: str = "", parent_optional: bool = False) -> list[dict]:
    return [widget(spec, themes, f"{parent}{spec.name}", parent_optional) for spec in specs]


def widget(spec: Field, themes: list[str], dotted: str, parent_optional: bool = False) -> dict:
    """One Decap field for one schema field (recursively for lists and mappings)."""
    entry: dict[str, Any] = {"label": spec.label, "name": spec.name}
    entry.update(_control(spec, themes, dotted))
    # Decap checks a required sub-field even when its optional parent is left empty,
    # which would forbid saving a fiche without a quote: such sub-fields are optional
    # here, and the hint (and the pull-request check) says when they are needed.
    required = spec.required and not parent_optional
    hint = CMS_HINTS.get(dotted, spec.help)
    if spec.required and parent_optional:
        hint = (hint.rstrip(" .") + ". " if hint else "") + "Obligatoire si cette rubrique est remplie."
    entry["required"] = required
    if hint:
        entry["hint"] = hint
    return entry


def _control(spec: Field, themes: list[str], dotted: str) -> dict:
    kind = spec.kind
    if dotted == "tags":
        return {"widget": "select", "multiple": True, "options": list(themes),
                "min": spec.min_items, "max": spec.max_items}
    if dotted == "region":
        return {"widget": "select", "options": [r.name for r in geography.regions()]}
    if kind is Kind.DEPARTEMENT:
        return {"widget": "select",
                "options": [{"label": f"{d.code} – {d.name}", "value": d.code} for d in geography.departements()]}
    if kind is Kind.LIST and spec.item.kind is Kind.SLUG:  # a bouquet's experiences
        entry = {"widget": "relation", "collection": "experiences", "value_field": "{{slug}}",
                 "search_fields": ["title", "commune"], "display_fields": ["title"], "multiple": True}
        return _min_max(entry, spec)
    if kind is Kind.LIST and spec.item.kind is Kind.MAPPING:
        first = spec.item.children[0].name
        entry = {"widget": "list", "label_singular": spec.item.label, "collapsed": False,
                 "summary": f"{{{{fields.{first}}}}}",
                 "fields": fields(spec.item.children, themes, f"{dotted}.item.")}
        return _min_max(entry, spec)
    if kind is Kind.LIST:
        item = widget(spec.item, themes, f"{dotted}.item")
        item.pop("required", None)
        entry = {"widget": "list", "field": item}
        return _min_max(entry, spec)
    if kind is Kind.MAPPING:
        return {"widget": "object", "collapsed": not spec.required,
                "fields": fields(spec.children, themes, f"{dotted}.", parent_optional=not spec.required)}
    if kind is Kind.DATE:
        entry = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
        if spec.required:
            entry["default"] = "{{now}}"
        return entry
    if kind is Kind.BOOL:
        return {"widget": "boolean", "default": False}
    if kind is Kind.PATH:
        return {"widget": "image", "choose_url": False,
                "media_folder": FIELD_MEDIA_FOLDER, "public_folder": FIELD_PUBLIC_FOLDER}
    if kind is Kind.URL:
        return {"widget": "string", "pattern": [URL_PATTERN, "Une adresse complète, commençant par https://"]}
    if kind is Kind.EMAIL:
        return {"widget": "string", "pattern": [EMAIL_PATTERN, "Une adresse de la forme nom@domaine.fr"]}
    # Plain text: one line, or a box for the long ones; no HTML, bounded length.
    limit = spec.max_length or 10_000
    return {"widget": "text" if limit >= TEXT_WIDGET_FROM else "string",
            "pattern": [f"^{HTML_FREE}[\\s\\S]{{0,{limit}}}$",
                        f"Texte simple, sans balise HTML, de {limit} caractères au plus."]}


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
        "# Généré par hooks/bouquet/cms.py à partir de hooks/bouquet/schema.py : ne pas modifier à la main.\n"
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


def write(site_dir: Path, vocabulary: Any, dist: Path | None = None, site_name: str = "Bouquet d'expériences",
          site_url: str = "") -> list[Path]:
    """Writes site/admin/ (config.yml, index.html, the Decap bundle); returns the paths.

    Raises BundleMissing, before writing anything, when the bundle is not installed.
    """
    dist = Path(dist) if dist else bundle_dir()
    if not (dist / BUNDLE).is_file():
        raise BundleMissing(f"Decap CMS introuvable : {dist / BUNDLE} n'existe pas ; {INSTALL_HINT}.")
    admin = Path(site_dir) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    cms_config = config(
        vocabulary,
        repo=os.environ.get("BOUQUET_CMS_REPO") or "OWNER/bouquet",
        branch=os.environ.get("BOUQUET_CMS_BRANCH") or "main",
        auth_url=os.environ.get("BOUQUET_CMS_AUTH_URL") or None,
        site_url=site_url,
    )
    written = []
    for name, text in (("config.yml", dumps(cms_config)), ("index.html", index_html(site_name, bundle_version(dist)))):
        path = admin / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    for source in bundle_files(dist):
        target = admin / source.name
        shutil.copyfile(source, target)
        written.append(target)
    return written


def index_html(site_name: str, version: str) -> str:
    from html import escape

    name = escape(site_name)
    return f"""<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Éditeur — {name}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <noscript>L'éditeur de {name} a besoin de JavaScript. Vous pouvez aussi proposer une fiche depuis GitHub : voir CONTRIBUTING.md.</noscript>
  <!-- Decap CMS {escape(version)}, épinglé dans tools/cms et servi par le site lui-même. -->
  <script src="decap-cms.js"></script>
</body>
</html>
"""
