"""Where the public site links to « Contribuer » and to the web editor: a publisher's setting.

In mkdocs.yml, among the plugin's settings (config.py), each link lists the places
it appears in:

    plugins:
      - bouquet:
      contribute_link: [footer]   # header (the top bar), footer, both, or [] (nowhere)
      editor_link: []             # /admin/; worth showing once the login works

docs/mise-en-service.md (section 7) tells the publisher how to choose. A wrong value
stops the build with a French message rather than silently hiding a link.
"""
from __future__ import annotations

from typing import Any
from collections.abc import Mapping

from . import routes

PLACES = ("header", "footer")

#: setting → (label, path from the site root, places by default)
LINKS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "contribute_link": ("Contribuer", routes.CONTRIBUTE, ("footer",)),
    "editor_link": ("Éditeur web", routes.ADMIN, ()),
}


def by_place(settings: Mapping[str, Any] | None) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
    """{place: [(label, path), …]} in LINKS order, and the French errors of the settings."""
    settings = settings or {}
    placed: dict[str, list[tuple[str, str]]] = {place: [] for place in PLACES}
    errors = []
    for setting, (label, path, default) in LINKS.items():
        value = settings.get(setting, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(v not in PLACES for v in value):
            errors.append(f"mkdocs.yml, plugins › bouquet › {setting} : « {value} » n'est pas accepté → écrivez une liste prise "
                          f"parmi {', '.join(PLACES)}, par exemple « {setting}: [footer] », ou « {setting}: [] » pour aucun lien.")
            continue
        for place in PLACES:
            if place in value:
                placed[place].append((label, path))
    return placed, errors
