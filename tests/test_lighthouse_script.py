"""scripts/lighthouse.py reads what holds a page back from Lighthouse's report."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("lighthouse_script", ROOT / "scripts" / "lighthouse.py")
assert spec is not None and spec.loader is not None
lighthouse = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lighthouse)


def report(tmp_path: Path, audits: dict) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"audits": audits}), encoding="utf-8")
    return path


def test_the_lcp_element_and_the_blocking_resources_are_named(tmp_path):
    audits = {
        "largest-contentful-paint-element": {"details": {"items": [
            {"items": [{"node": {"selector": "div.bq-experience > p.bq-lead"}}]},
            {"items": [{"phase": "TTFB"}]},
        ]}},
        "render-blocking-insight": {"details": {"items": [
            {"url": "http://127.0.0.1:1/assets/stylesheets/main.57a0d79d.min.css", "wastedMs": 608.6},
        ]}},
    }
    assert lighthouse.diagnostics(report(tmp_path, audits)) == (
        "LCP element div.bq-experience > p.bq-lead; render-blocking: main.57a0d79d.min.css 609 ms")


def test_an_audit_lighthouse_could_not_run_is_not_reported_as_nothing_blocking(tmp_path):
    audits = {"render-blocking-insight": {"errorMessage": "Cannot read properties of undefined (reading 'frame_sequence')"}}
    assert lighthouse.diagnostics(report(tmp_path, audits)) == "render-blocking: not measured by this Lighthouse"
