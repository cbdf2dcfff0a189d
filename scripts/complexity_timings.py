#!/usr/bin/env python3
"""Times the checker and a Markdown conversion on pathological bodies (no asserts).

    python scripts/complexity_timings.py [PATTERN…] [--sizes 50000 100000 200000]

For each pattern of rules/complexity.py's families, a valid experience whose body is
that pattern at each size: the time of check_content (all rules) and, when the
checker accepts the body, of Python-Markdown with mkdocs.yml's extensions. A time
that grows ×4 when the size doubles is quadratic; a refused body is converted by no
build, so its conversion is not timed.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import markdown

from bouquet.load import check_content

ROOT = Path(__file__).resolve().parents[1]
HEAD = "---\ntitle: Un cas de test\ndate: 2013-02-25\ndescription: Un corps pathologique.\ntags:\n  - Mobilité\n---\n"
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "footnotes", "sane_lists", "def_list"]

PATTERNS = {
    "tags-unclosed": lambda n: "<a " * (n // 3),
    "lt-alone": lambda n: "< " * (n // 2),
    "comments-unclosed": lambda n: "<!--" * (n // 4),
    "comment-lines": lambda n: "<!--\n" * (n // 5),
    "cdata-unclosed": lambda n: "<![CDATA[" * (n // 9),
    "processing-unclosed": lambda n: "<?" * (n // 2),
    "brackets-unclosed": lambda n: "[" * n,
    "brackets-nested": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "links-unclosed": lambda n: "[a](b " * (n // 6),
    "backtick-runs": lambda n: "".join("`" * i + " " for i in range(1, int((2 * n) ** 0.5))),
    "backticks": lambda n: "`" * n,
    "stars": lambda n: "*" * n,
    "emphasis-words": lambda n: "*a " * (n // 3),
    "emphasis-nested": lambda n: "*_" * (n // 2),
    "blockquote-deep": lambda n: ">" * n,
    "blockquote-stairs": lambda n: "".join(">" * i + " a\n" for i in range(1, int((2 * n) ** 0.5))),
    "lists-deep": lambda n: "".join(" " * (2 * (i % 200)) + "- a\n" for i in range(n // 200)),
    "lists-shallow": lambda n: "".join(" " * (2 * (i % 20)) + "- a\n" for i in range(n // 20)),
    "admonitions": lambda n: "!!! note\n" * (n // 9),
    "footnotes": lambda n: "".join(f"a[^{i}]\n\n[^{i}]: x\n\n" for i in range(n // 20)),
    "table-long": lambda n: "| a | b |\n|---|---|\n" + "| x | y |\n" * (n // 10),
    "table-wide": lambda n: "|" + "a|" * (n // 4) + "\n|" + "-|" * (n // 4) + "\n",
    "reference-definitions": lambda n: "".join(f"[r{i}]: https://e.fr/{i}\n" for i in range(n // 24)),
    "definition-lists": lambda n: "a\n: b\n" * (n // 6),
    "prose": lambda n: "Une phrase ordinaire, avec un [lien](https://exemple.fr/) et du *texte*.\n\n" * (n // 70),
}


def time_one(body: str) -> tuple[float, float | None, list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "experiences").mkdir(parents=True)
        (content / "themes.yml").write_text("- name: Mobilité\n  description: Se déplacer.\n", encoding="utf-8")
        (content / "experiences" / "cas.md").write_text(HEAD + body, encoding="utf-8")
        start = time.perf_counter()
        result = check_content(content, Path(folder))
        checked = time.perf_counter() - start
    codes = sorted({p.code for p in result.problems})
    converted = None
    if not result.problems:
        start = time.perf_counter()
        markdown.Markdown(extensions=EXTENSIONS).convert(body)
        converted = time.perf_counter() - start
    return checked, converted, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="*", choices=[[], *PATTERNS], default=[])
    parser.add_argument("--sizes", nargs="+", type=int, default=[50_000, 100_000, 200_000])
    args = parser.parse_args()
    print(f"{'pattern':22} {'size':>7} {'check s':>8} {'convert s':>10}  problems")
    for name in args.patterns or PATTERNS:
        for size in args.sizes:
            checked, converted, codes = time_one(PATTERNS[name](size))
            shown = "refused" if converted is None else f"{converted:.2f}"
            print(f"{name:22} {size:>7} {checked:8.2f} {shown:>10}  {' '.join(codes) or '-'}", flush=True)


if __name__ == "__main__":
    main()
