"""scripts/import_graph.py: the drawing sees the imports the layers contract checks."""
from __future__ import annotations

import importlib.util

import grimp

from sitebuild import ROOT

SPEC = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
assert SPEC is not None and SPEC.loader is not None
import_graph = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(import_graph)


def test_the_layers_are_read_from_the_contract_top_first():
    layers = import_graph.layers()
    layer_of = {module: index for index, layer in enumerate(layers) for module in layer}
    assert layers[0][0] == "plugin" and layers[1][0] == "site" and "schema" in layers[-1]
    assert layer_of["site"] < layer_of["pages"] < layer_of["catalogue"] < layer_of["load"] < layer_of["rules"] < layer_of["schema"]


def test_every_module_and_every_import_is_drawn_with_rules_as_one_box():
    graph = grimp.build_graph("bouquet")
    adjacency = import_graph.edges(graph)
    assert "rules" in adjacency and not any(name.startswith("rules.") for name in adjacency)
    assert {"catalogue", "load", "rules"} <= adjacency["site"] | adjacency["catalogue"]
    assert "load" in adjacency["catalogue"] and "catalogue" not in adjacency["load"]
    drawn = import_graph.dot(adjacency, import_graph.layers())
    for importer, imported in adjacency.items():
        for target in imported:
            assert f'"{importer}" -> "{target}";' in drawn
    text = import_graph.adjacency_text(adjacency, import_graph.layers())
    assert "site (layer 2) -> " in text and len(text.splitlines()) == len(adjacency)


def test_a_module_in_no_layer_is_marked():
    drawn = import_graph.dot({"site": {"nowhere"}, "nowhere": set()}, [["site"]])
    assert '"nowhere" [fillcolor="#ffe8cc"];' in drawn and '"site" [fillcolor' not in drawn
