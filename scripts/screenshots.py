"""Full-page screenshots of the built site: the page types a reader meets, at 390 and
1280 px, light and dark (Playwright driving Debian's Chromium, site/ served locally).

    .venv/bin/python scripts/screenshots.py [--site site] [--out test-artifacts/screenshots/review] [--label before]

Writes <out>/<label>-<page>-<width>-<scheme>.png and prints each path. A tool for
people reviewing a change (look at the pictures), not a test.
"""

from __future__ import annotations

import argparse
import sys
from typing import Literal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

from bouquet_browser import CHROMIUM_ARGS, find_chromium, serve_directory  # noqa: E402

PAGES = {
    "home": "",
    "experience": "experiences/croix-rouge-gers-camion-itinerant/",
    "region": "territoires/bretagne/",
    "territories": "territoires/",
    "search": "recherche/",
}
WIDTHS = {390: 844, 1280: 900}
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--out", default=str(REPO / "test-artifacts" / "screenshots" / "review"))
    parser.add_argument("--label", default="now")
    parser.add_argument("--page", action="append", help="only these pages (names above)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        print("Chromium introuvable : apt-get install -y chromium", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = args.page or list(PAGES)
    with serve_directory(args.site, "/") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for width, height in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    locale="fr-FR",
                )
                page = context.new_page()
                for name in names:
                    page.goto(server.url(PAGES[name]), wait_until="networkidle")
                    path = out / f"{args.label}-{name}-{width}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
