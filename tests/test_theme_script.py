"""Material's script as the site ships it: its language switcher leaves feeds alone."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from bouquet import theme_script

MATERIAL_SCRIPTS = Path(str(files("material"))) / "templates" / "assets" / "javascripts"


def installed_bundle() -> Path:
    (bundle,) = [p for p in MATERIAL_SCRIPTS.glob("bundle.*.min.js")]
    return bundle


def test_the_installed_bundle_is_recognised_by_its_site_address():
    assert theme_script.is_bundle(f"assets/javascripts/{installed_bundle().name}")
    assert not theme_script.is_bundle(f"assets/javascripts/{installed_bundle().name}.map")
    assert not theme_script.is_bundle("assets/javascripts/search.js")


def test_the_installed_bundle_no_longer_takes_feed_links_for_languages():
    script = installed_bundle().read_text(encoding="utf-8")
    assert script.count(theme_script.ALTERNATE_SELECTOR) == 1  # what the correction relies on
    fixed = theme_script.corrected(script)
    assert theme_script.ALTERNATE_SELECTOR not in fixed
    assert fixed.count(theme_script.LANGUAGE_ALTERNATE_SELECTOR) == 1
    assert len(fixed) == len(script) + len("[hreflang]")


@pytest.mark.parametrize("script", ["", 'a("link[rel=alternate]");b("link[rel=alternate]")'])
def test_a_theme_whose_selector_changed_stops_the_build(script):
    with pytest.raises(theme_script.ThemeScriptChanged, match="theme_script.py"):
        theme_script.corrected(script)
