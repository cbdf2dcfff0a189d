"""Draws the import graph of the bouquet package, drawn by the layers of its contract.

    python scripts/import_graph.py                       # DOT on standard output
    python scripts/import_graph.py --out docs/import-graph  # .dot, .txt and, with Graphviz, .svg

The graph comes from grimp, the library import-linter checks the contracts with, so
the drawing and the check see the same imports. Each box is a module (the rules
package is one box: its modules only import downwards); each row is a layer of the
"layers" contract in pyproject.toml, top to bottom (a module in no layer is orange). An edge points from the
importer to the imported module. The .txt file is the same graph as an adjacency
list, for a diff in review. The .svg needs Graphviz's `dot` (`apt-get install graphviz`).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "bouquet"
FOLDED = ("bouquet.rules",)  # drawn as one box each


def layers(pyproject: Path = ROOT / "pyproject.toml") -> list[list[str]]:
    """The layers contract's modules, top layer first (short names, without "bouquet.")."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[name.strip().removeprefix(f"{PACKAGE}.") for name in layer.replace("|", ":").split(":")] for layer in contract["layers"]]


def short(module: str) -> str:
    for folded in FOLDED:
        if module == folded or module.startswith(folded + "."):
            module = folded
    return module.removeprefix(f"{PACKAGE}.") if module != PACKAGE else PACKAGE


def edges(graph: grimp.ImportGraph | None = None) -> dict[str, set[str]]:
    """{importer: imported modules}, folded, without self-loops and the package itself."""
    graph = graph or grimp.build_graph(PACKAGE)
    found: dict[str, set[str]] = {}
    for module in graph.modules:
        importer = short(module)
        if importer == PACKAGE:
            continue
        found.setdefault(importer, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = short(imported)
            if target not in (importer, PACKAGE):
                found[importer].add(target)
    return found


def dot(adjacency: dict[str, set[str]], groups: list[list[str]]) -> str:
    lines = [f"digraph {PACKAGE} {{", '  graph [rankdir=TB, ranksep=0.9, nodesep=0.25, fontname="sans-serif", fontsize=11];',
             '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f4", fontname="sans-serif", fontsize=10];',
             '  edge [color="#00000088", arrowsize=0.6];']
    placed = set()
    # One row per layer, top to bottom, its label on the left; an invisible chain of
    # the labels keeps the rows in order.
    for index, group in enumerate(groups):
        members = [m for m in group if m in adjacency]
        placed.update(members)
        label = f'"layer {index + 1}" [shape=plaintext, style="", fontcolor="#666666"]'
        lines.append(f"  {{ rank=same; {label}; " + " ".join(f'"{m}";' for m in members) + " }")
    lines += [f'  "layer {i + 1}" -> "layer {i + 2}" [style=invis];' for i in range(len(groups) - 1)]
    lines += [f'  "{m}" [fillcolor="#ffe8cc"];' for m in sorted(set(adjacency) - placed)]  # in no layer
    for importer in sorted(adjacency):
        lines += [f'  "{importer}" -> "{imported}";' for imported in sorted(adjacency[importer])]
    lines.append("}")
    return "\n".join(lines) + "\n"


def adjacency_text(adjacency: dict[str, set[str]], groups: list[list[str]]) -> str:
    layer_of = {m: i + 1 for i, group in enumerate(groups) for m in group}
    rows = [f"{m} (layer {layer_of.get(m, '-')}) -> {', '.join(sorted(adjacency[m])) or '(nothing)'}"
            for m in sorted(adjacency, key=lambda m: (layer_of.get(m, 0), m))]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, help="write OUT.dot, OUT.txt and (with Graphviz) OUT.svg")
    args = parser.parse_args(argv)
    adjacency, groups = edges(), layers()
    text = dot(adjacency, groups)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    args.out.with_suffix(".dot").write_text(text, encoding="utf-8")
    args.out.with_suffix(".txt").write_text(adjacency_text(adjacency, groups), encoding="utf-8")
    if shutil.which("dot"):
        svg = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, check=True).stdout
        args.out.with_suffix(".svg").write_text(svg, encoding="utf-8")
    else:
        print("import_graph: Graphviz's dot is missing (apt-get install graphviz): no .svg written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
