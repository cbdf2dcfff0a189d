"""Material's compiled script, corrected in the copy the site ships.

Material's bundle reads every `<link rel="alternate">` of a page as a language
version of the site and fetches the `sitemap.xml` beside its address to map pages
between languages. Our Atom feed links are alternates too (the registered relation
for a feed), so every page view downloaded the whole sitemap: 0.1 MB on the seed
site, megabytes at tens of thousands of experiences, for a language switcher the
site does not have. Upstream tracks the same selector in zensical/zensical#908
(open); the fix it proposes, taken here, keeps the language case, which is the one
that carries `hreflang`.
"""
from __future__ import annotations

import re

# The theme's script as MkDocs copies it (the name carries a hash of its content).
BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
ALTERNATE_SELECTOR = '"link[rel=alternate]"'
LANGUAGE_ALTERNATE_SELECTOR = '"link[rel=alternate][hreflang]"'


class ThemeScriptChanged(Exception):
    """Material's bundle no longer has the selector this module corrects."""


def is_bundle(src_uri: str) -> bool:
    return BUNDLE.match(src_uri) is not None


def corrected(script: str) -> str:
    """The bundle with its language-switcher selector limited to language alternates.

    Raises ThemeScriptChanged unless the selector occurs exactly once, so that an
    upgrade of Material that changes it stops the build instead of shipping an
    uncorrected (or wrongly corrected) script.
    """
    count = script.count(ALTERNATE_SELECTOR)
    if count != 1:
        raise ThemeScriptChanged(
            f"Le script de Material contient {count} fois {ALTERNATE_SELECTOR} (1 attendu) : "
            "vérifiez src/bouquet/theme_script.py après la mise à jour du thème."
        )
    return script.replace(ALTERNATE_SELECTOR, LANGUAGE_ALTERNATE_SELECTOR)
