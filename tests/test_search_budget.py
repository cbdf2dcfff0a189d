"""scripts/search_budget.py counts every file the search page downloads for a query."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "search_budget.py"


def load():
    spec = importlib.util.spec_from_file_location("search_budget", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("search_budget", module)
    spec.loader.exec_module(module)
    return module


def test_the_suggestion_files_are_search_costs():
    budget = load()
    assert budget.category("/bouquet/recherche/pages.json", "/bouquet/") == "vocabulary"
    assert budget.category("/bouquet/recherche/vocabulaire.json", "/bouquet/") == "vocabulary"
    assert budget.category("/bouquet/recherche/", "/bouquet/") is None  # the page itself is not
    assert budget.category("/bouquet/pagefind/fragment/fr_1.pf_fragment", "/bouquet/") == "fragment"
