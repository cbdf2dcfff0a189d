"""Who publishes the site: the identity printed in the legal notice, the accessibility
statement and the footer.

It is read from one place, the plugin's ``publisher`` setting in mkdocs.yml
(``plugins: - bouquet: publisher:``, config.py), by :func:`read_publisher` only.
The pages carry markers (``<!-- bouquet:editeur -->``…) that :func:`fill` replaces with
Markdown built from it. Nothing is ever printed as a placeholder: an identity that is
not declared yet is said so on the page, the build says in French what to fill in, and
a deploy (``BOUQUET_REQUIRE_PUBLISHER=1``) refuses to build without it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .schema import EMAIL_PATTERN

REQUIRE_VARIABLE = "BOUQUET_REQUIRE_PUBLISHER"
CONFIG_HINT = "mkdocs.yml, sous « plugins: - bouquet: publisher: »"
#: (setting, what it is, in French): the order of the messages and of the page.
SETTINGS: tuple[tuple[str, str], ...] = (
    ("name", "le nom de l'éditeur (la structure qui publie le site)"),
    ("address", "l'adresse de son siège"),
    ("director", "le nom du directeur ou de la directrice de la publication"),
    ("email", "une adresse électronique de contact"),
    ("host", "le nom de l'hébergeur"),
    ("host_address", "l'adresse de l'hébergeur"),
)
_MARKER = re.compile(r"<!-- bouquet:(editeur|engagement|contact) -->")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


@dataclass(frozen=True)
class Publisher:
    values: dict[str, str]  # setting → value, only those declared and valid
    problems: tuple[str, ...] = ()  # French, one per missing or invalid setting

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def declared(self) -> bool:
        return not self.problems

    def notice(self) -> str:
        """The French message for the build log; empty when everything is declared."""
        if self.declared:
            return ""
        lines = [f"Identité de l'éditeur incomplète : renseignez dans {CONFIG_HINT} :"]
        lines += [f"  - {problem}" for problem in self.problems]
        lines.append("Les mentions légales et la déclaration d'accessibilité disent en attendant que l'éditeur "
                     "n'a pas encore déclaré ces informations ; une publication (BOUQUET_REQUIRE_PUBLISHER=1) est refusée.")
        return "\n".join(lines)


def read_publisher(config) -> Publisher:
    """The one reader of the publisher's identity: `settings` are the plugin's
    (config.BouquetConfig, or a mapping with its `publisher` key)."""
    settings = config or {}
    raw = settings.get("publisher") if hasattr(settings, "get") else None
    raw = raw if isinstance(raw, dict) else {}
    values, problems = {}, []
    for name, what in SETTINGS:
        value = raw.get(name)
        text = " ".join(str(value).split()) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not text:
            problems.append(f"{name} : {what}")
        elif name == "email" and not EMAIL_PATTERN.fullmatch(text):
            problems.append(f"{name} : « {text} » n'est pas une adresse électronique ; écrivez-la sous la forme nom@domaine.fr")
        else:
            values[name] = text
    return Publisher(values, tuple(problems))


def required() -> bool:
    """True for a deploy: the workflow sets BOUQUET_REQUIRE_PUBLISHER=1."""
    return os.environ.get(REQUIRE_VARIABLE, "") not in ("", "0")


def _md(text: str) -> str:
    """A value as Markdown text: no markup of its own can take effect."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _item(label: str, publisher: Publisher, name: str, absent: str) -> str:
    value = publisher.get(name)
    return f"- {label} : {_md(value) if value else absent}"


def _email(publisher: Publisher) -> str:
    email = publisher.get("email")
    return f"[{_md(email)}](mailto:{email})" if email else ""


def _editeur(publisher: Publisher) -> str:
    name = publisher.get("name")
    lines = ["## Éditeur", ""]
    if name:
        lines += [f"Le site est édité par {_md(name)}.", ""]
    else:
        lines += ["L'éditeur de ce site n'a pas encore déclaré son identité.", ""]
    lines += [
        _item("Adresse du siège", publisher, "address", "pas encore déclarée par l'éditeur"),
        _item("Directeur ou directrice de la publication", publisher, "director", "pas encore déclaré par l'éditeur"),
        f"- Contact : {_email(publisher) or 'pas encore déclaré par l’éditeur'}",
        "",
        "## Hébergement",
        "",
    ]
    host, address = publisher.get("host"), publisher.get("host_address")
    if host:
        lines.append(f"Le site est hébergé par {_md(host)}" + (f", {_md(address)}." if address else " ; l'éditeur n'a pas encore déclaré l'adresse de l'hébergeur."))
    else:
        lines.append("L'éditeur de ce site n'a pas encore déclaré son hébergeur.")
    return "\n".join(lines)


def _engagement(publisher: Publisher) -> str:
    name = publisher.get("name")
    who = _md(name) if name else "L'éditeur de ce site (qui n'a pas encore déclaré son identité)"
    return f"{who} s'engage à rendre son site internet accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005."


def _contact(publisher: Publisher) -> str:
    email = _email(publisher)
    return f"- par courriel : {email}" if email else "- par courriel : l'éditeur de ce site n'a pas encore déclaré d'adresse de contact."


_BLOCKS = {"editeur": _editeur, "engagement": _engagement, "contact": _contact}


def fill(body: str, publisher: Publisher) -> str:
    """The page's Markdown with each marker replaced by what the publisher declared."""
    return _MARKER.sub(lambda match: _BLOCKS[match.group(1)](publisher), body)
