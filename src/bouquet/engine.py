"""The site engine this process runs under: MkDocs 1.6 or ProperDocs, its maintained fork.

ProperDocs 1.6 is MkDocs 1.6's build code under the package name `properdocs`. Its
command makes every `mkdocs.*` import resolve to the `properdocs.*` module
(properdocs/replacement.py: a sys.meta_path finder, and sys.modules["mkdocs"] set to
properdocs), which is how Material for MkDocs, importing `mkdocs` by name, runs under
it. Outside that command (unit tests, scripts) nothing aliases `mkdocs`, so our code
imports what it needs from here, never from `mkdocs` by name (tests/test_engine.py).

Each virtual environment holds one engine (`make ENGINE=…`): ProperDocs when its
command already imported it, otherwise MkDocs when installed, otherwise ProperDocs.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys

ENGINES = ("mkdocs", "properdocs")


def running_engine(modules=sys.modules, find_spec=importlib.util.find_spec) -> str:
    """The engine's package name: "properdocs" or "mkdocs"."""
    if "properdocs" in modules or find_spec("mkdocs") is None:
        return "properdocs"
    return "mkdocs"


NAME = running_engine()
# How scripts and tests run the engine of this environment: `make build` does the same.
COMMAND = (sys.executable, "-m", NAME)


def _module(name: str):
    return importlib.import_module(f"{NAME}.{name}")


PluginError = _module("exceptions").PluginError
File = _module("structure.files").File
Files = _module("structure.files").Files
get_relative_url = _module("utils").get_relative_url
get_toc = _module("structure.toc").get_toc
# How the engine reads front matter from a page's source (pages.shielded must defeat it).
meta = _module("utils.meta")
# The tree processors Page.render registers (markdown_render.py reuses them).
pages = _module("structure.pages")


def path_spec(patterns) -> object:
    """`patterns` (gitignore style) as the engine's value of a PathSpec setting
    (`not_in_nav`, `exclude_docs`), for a setting filled in by code."""
    return _module("config.config_options").PathSpec().run_validation("\n".join(patterns))


# The plugin's base class and typed settings (plugin.py, config.py).
BasePlugin = _module("plugins").BasePlugin
Config = _module("config.base").Config
BaseConfigOption = _module("config.config_options").BaseConfigOption
ValidationError = _module("config.config_options").ValidationError


def theme_version() -> str:
    """The engine's and Material's installed versions: what a page renders to
    depends on them (the preview's page reuse, preview_reuse.py)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for distribution in (NAME, "mkdocs-material"):
        try:
            found.append(f"{distribution} {version(distribution)}")
        except PackageNotFoundError:
            found.append(f"{distribution} ?")
    return ", ".join(found)


# The preview's two passes (preview_passes.py) render one page with the two steps of
# the engine's build and publish it through its development server, whose observer
# the preview's watcher replaces (preview_watch.py: its observer, watched paths and
# their references): private names, whose signatures and fields
# tests/test_preview_passes.py checks against the engine.
_build_steps = _module("commands.build")
populate_page = _build_steps._populate_page
build_page = _build_steps._build_page
livereload = _module("livereload")
