"""The MkDocs plugin: registered by an entry point, one typed settings class, thin handlers."""
from __future__ import annotations

import inspect
import re
from importlib.metadata import entry_points

import pytest

from bouquet import engine, plugin, site_links
from bouquet.config import BouquetConfig
from sitebuild import ROOT


def validated(settings: dict):
    config = BouquetConfig()
    config.load_dict(settings)
    failed, warnings = config.validate()
    return config, failed, warnings


def test_the_package_is_registered_as_the_bouquet_plugin():
    # ProperDocs reads the mkdocs.plugins group too (properdocs/plugins.py, get_plugins).
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "bouquet"]
    assert entry.load() is plugin.BouquetPlugin
    assert issubclass(plugin.BouquetPlugin, engine.BasePlugin)
    assert plugin.BouquetPlugin.config_class is BouquetConfig


def test_mkdocs_yml_loads_the_plugin_with_its_settings():
    config = engine._module("config").load_config(str(ROOT / "mkdocs.yml"))
    assert list(config["plugins"]) == ["bouquet"] and not config["hooks"]
    settings = config["plugins"]["bouquet"].config
    assert settings["publisher"]["host"] == "GitHub Pages, un service de GitHub, Inc."
    assert settings["contribute_link"] == ["footer"] and settings["editor_link"] == []
    assert "publisher" not in config["extra"]


def test_the_defaults_are_the_link_places_of_site_links():
    config, failed, _ = validated({})
    assert failed == []
    assert config["contribute_link"] == list(site_links.LINKS["contribute_link"][2])
    assert config["editor_link"] == list(site_links.LINKS["editor_link"][2])
    assert config["publisher"] == {}


@pytest.mark.parametrize("setting, value", [("editor_link", 3), ("contribute_link", {"a": 1}), ("publisher", "Association")])
def test_a_setting_of_the_wrong_kind_is_refused_in_french(setting, value):
    _, failed, _ = validated({setting: value})
    assert [name for name, _ in failed] == [setting]
    assert "n'est pas accepté : écrivez" in str(failed[0][1])


def test_an_unknown_setting_is_reported():
    _, failed, warnings = validated({"publisherr": {}})
    assert failed == [] and [name for name, _ in warnings] == ["publisherr"]


def test_each_handler_says_why_it_uses_its_event():
    handlers = [(name, method) for name, method in vars(plugin.BouquetPlugin).items() if name.startswith("on_")]
    assert len(handlers) >= 10
    for name, method in handlers:
        body = inspect.getsource(method).splitlines()[1:]
        assert body[0].strip().startswith("#"), name


def test_the_build_lives_on_the_plugin_not_in_a_module():
    assert not any(name.startswith("_build") or name.startswith("_preview") for name in vars(plugin))
    first, second = plugin.BouquetPlugin(), plugin.BouquetPlugin()
    first.on_startup(command="serve", dirty=False)
    assert first.preview is not None and second._preview is None


def test_the_site_name_is_written_once_in_mkdocs_yml():
    # It was typed in three more files, with two different apostrophes: feeds, open
    # data, the web editor and the PDF edition now take mkdocs.yml's site_name.
    name = re.compile(r"Bouquet d['’]expériences")
    files = sorted((ROOT / "src" / "bouquet").rglob("*.py")) + sorted((ROOT / "src" / "bouquet").rglob("*.html"))
    files += sorted((ROOT / "overrides").rglob("*.html"))
    assert [str(p.relative_to(ROOT)) for p in files if name.search(p.read_text(encoding="utf-8"))] == []
    assert len(name.findall((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))) == 1


@pytest.mark.parametrize("value", [0, -3, "30", True, 2.5])
def test_a_count_that_is_not_a_whole_number_of_at_least_one_is_refused_in_french(value):
    _, failed, _ = validated({"per_page": value})
    assert [name for name, _ in failed] == ["per_page"]
    assert "nombre entier, au moins 1" in str(failed[0][1])


def test_the_sizes_reach_the_listings_the_home_page_and_the_feeds(tmp_path):
    from bouquet import feeds, listings, routes
    from bouquet.site import prepare

    settings, failed, _ = validated({"per_page": 7, "home_latest": 2, "feed_size": 3})
    assert failed == []
    _, build = prepare(ROOT / "content", None, settings)
    assert build is not None and len(build.catalogue.experiences) > 7
    listing = build.context(routes.source(routes.EXPERIENCES))["listing"]
    assert len(listing.items) == 7 and len(listing.pages) == -(-len(build.catalogue.experiences) // 7)
    assert len(build.context(routes.source(routes.HOME))["latest_experiences"]) == 2
    written = feeds.write(build.catalogue, tmp_path, "https://bouquet.example/", build.site_name, build.feed_size)
    assert (tmp_path / routes.SITE_FEED).read_text(encoding="utf-8").count("<entry>") == 3 and written
    # Without settings, the defaults of the modules that use them.
    _, default = prepare(ROOT / "content")
    assert default is not None
    assert len(default.context(routes.source(routes.EXPERIENCES))["listing"].items) == min(listings.PER_PAGE, len(default.catalogue.experiences))
