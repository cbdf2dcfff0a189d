"""Lighthouse (npm `lighthouse`, pinned in tests/browser) on the built site, mobile
profile with Lighthouse's default throttling, Debian's Chromium headless.

    flock /tmp/bouquet-build.lock .venv/bin/python scripts/lighthouse.py [--runs 3] [--page home]

site/ is served on 127.0.0.1 the way a static host such as GitHub Pages serves it:
gzip for text (`--no-gzip`: a host without it), `Cache-Control: max-age=600`. Prints, per page, the median of the runs
for the four categories and for LCP, FCP, TBT, CLS and the bytes transferred, then one JSON line; the full
reports go to test-artifacts/lighthouse/. Scores move with the machine's load: run it
alone (inside the build lock) and note `uptime`. A script for people, not a test.
`--after home --page territories`: a repeat view, /territoires/ measured right after a
visit to the home page, with the files that visit cached.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

from bouquet_browser import find_chromium  # noqa: E402  (BOUQUET_CHROMIUM or /usr/bin/chromium)

LIGHTHOUSE = REPO / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse"
OUT = REPO / "test-artifacts" / "lighthouse"

PAGES = {
    "home": "",
    "experience": "experiences/croix-rouge-gers-camion-itinerant/",
    "search": "recherche/",
    "region": "territoires/bretagne/",
    "territories": "territoires/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "LCP": "largest-contentful-paint",
    "FCP": "first-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "bytes": "total-byte-weight",  # transferred, as Lighthouse counts them
}
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Like a static host: gzip for text files, a short cache lifetime."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format, *args):  # noqa: A002 - silence
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):  # noqa: N802
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the redirect to the slash
            path = path / "index.html"
        gzip_ok = self.server.gzip and "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StaticHostServer(ThreadingHTTPServer):
    gzip = True  # whether text files are sent compressed (StaticHostHandler)


def serve(directory: Path, use_gzip: bool = True) -> tuple[ThreadingHTTPServer, str]:
    httpd = StaticHostServer(("127.0.0.1", 0), partial(StaticHostHandler, directory=str(directory)))
    httpd.daemon_threads = True
    httpd.gzip = use_gzip
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def run_once(url: str, report: Path, after: str | None = None) -> dict:
    """One Lighthouse run; with `after`, a repeat view: Chromium keeps one profile, loads
    `after` first (its report is dropped), then `url` with the browser cache as that
    visit left it (--disable-storage-reset)."""
    env = {**os.environ, "CHROME_PATH": find_chromium() or "/usr/bin/chromium"}
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    with tempfile.TemporaryDirectory(prefix="bouquet-lighthouse-") as profile:
        visits = [(after, report.with_suffix(".first.json")), (url, report)] if after is not None else [(url, report)]
        for position, (target, output) in enumerate(visits):
            command = [
                str(LIGHTHOUSE), target,
                "--quiet",
                "--output=json",
                f"--output-path={output}",
                "--only-categories=" + ",".join(CATEGORIES),
            ]
            if after is None:
                command.append(f"--chrome-flags={flags}")
            else:
                command.append(f"--chrome-flags={flags} --user-data-dir={profile}")
                if position:
                    command.append("--disable-storage-reset")
            subprocess.run(command, check=True, env=env)
    data = json.loads(report.read_text(encoding="utf-8"))
    row = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    for name, audit in METRICS.items():
        row[name] = data["audits"][audit]["numericValue"]
    return row


def diagnostics(report: Path) -> str:
    """What one report says holds the page back: its LCP element and the resources it
    counts as render-blocking (Lighthouse 12.8 produces both with Debian's Chromium)."""
    audits = json.loads(report.read_text(encoding="utf-8"))["audits"]
    parts = []
    for item in (audits.get("largest-contentful-paint-element", {}).get("details") or {}).get("items", []):
        for row in item.get("items", []):
            if "node" in row:
                parts.append(f"LCP element {row['node'].get('selector')}")
    if "render-blocking-insight" not in audits or audits["render-blocking-insight"].get("errorMessage"):
        return "; ".join(parts + ["render-blocking: not measured by this Lighthouse"])
    blocking = (audits["render-blocking-insight"].get("details") or {}).get("items", [])
    names = [f"{Path(i['url']).name} {i.get('wastedMs', 0):.0f} ms" for i in blocking if "url" in i]
    parts.append("render-blocking: " + (", ".join(names) if names else "none"))
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", choices=sorted(PAGES))
    parser.add_argument("--label", default="now")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed (a host without gzip)")
    parser.add_argument("--after", choices=sorted(PAGES),
                        help="repeat view: measure each page right after a visit to this one, with its cache")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("lighthouse absent : npm ci --ignore-scripts --prefix tests/browser", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    httpd, base = serve(Path(args.site), use_gzip=not args.no_gzip)
    results = {}
    try:
        for name in args.page or list(PAGES):
            after = base + PAGES[args.after] if args.after else None
            runs = [run_once(base + PAGES[name], OUT / f"{args.label}-{name}-{i}.json", after) for i in range(args.runs)]
            median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            results[name] = median
            print(
                f"{name:<11} perf {median['performance']:>3.0f}  a11y {median['accessibility']:>3.0f}"
                f"  bp {median['best-practices']:>3.0f}  seo {median['seo']:>3.0f}"
                f"  LCP {median['LCP'] / 1000:.2f} s  FCP {median['FCP'] / 1000:.2f} s"
                f"  TBT {median['TBT']:.0f} ms  CLS {median['CLS']:.3f}  {median['bytes'] / 1000:.0f} KB"
                f"   (perf of each run: {', '.join(str(r['performance']) for r in runs)})"
            )
            print(f"{'':<11} {diagnostics(OUT / f'{args.label}-{name}-{args.runs - 1}.json')}")
    finally:
        httpd.shutdown()
    print(json.dumps({"label": args.label, "gzip": not args.no_gzip, "runs": args.runs, "after": args.after, "pages": results},
                     sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
