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


def test_the_files_of_every_shard_are_counted_by_kind():
    budget = load()
    assert budget.category("/bouquet/pagefind/shards.json", "/bouquet/") == "shards"
    assert budget.category("/bouquet/pagefind/2/fragment/fr_1.pf_fragment", "/bouquet/") == "fragment"
    assert budget.category("/bouquet/pagefind/12/index/fr_1.pf_index", "/bouquet/") == "index"
    assert budget.category("/bouquet/pagefind/1/pagefind.fr_0123456789.pf_meta", "/bouquet/") == "meta"
    assert budget.category("/bouquet/pagefind/1/pagefind-entry.json", "/bouquet/") == "entry"
