"""French wording shared by the Python side and the templates (registered as the
Jinja filter `plural` by site.py): one definition of the plural rule."""
from __future__ import annotations

from collections.abc import Iterable


#: The smallest count that takes the plural: French keeps 0 and 1 singular ("0 expérience").
#: The search script reads it from its own tag (main.html), for the counts it writes.
PLURAL_FROM = 2


def plural(count: int, one: str, many: str) -> str:
    """The word for `count` things."""
    return many if count >= PLURAL_FROM else one


def count(number: int, one: str = "expérience", many: str = "expériences") -> str:
    """"1 expérience", "8 expériences"."""
    return f"{number} {plural(number, one, many)}"


def french_list(items: Iterable[str], last: str = "ou") -> str:
    """("JPEG", "PNG", "WebP") → "JPEG, PNG ou WebP"."""
    items = list(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1] if len(items) > 1 else "".join(items)


def capitalised(text: str) -> str:
    """The first letter in capital, the rest as written (« service de l'État » →
    « Service de l'État »; str.capitalize would lower « État »)."""
    return text[:1].upper() + text[1:]
