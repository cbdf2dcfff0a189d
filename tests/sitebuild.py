"""Builds a content tree with the project's mkdocs.yml, as `make build` does."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bouquet import engine
from bouquet.buildconfig import ROOT, write_config


def build(content_dir: Path, site_dir: Path, tmp_dir: Path, site_url: str = "https://bouquet.example/", env: dict | None = None,
          settings: dict[str, str] | None = None, args: tuple[str, ...] = ("--strict",), command=engine.COMMAND) -> subprocess.CompletedProcess:
    """Builds `content_dir` with the project's mkdocs.yml, paths made absolute, and
    `settings` ({line of mkdocs.yml: replacement}) changed, with this environment's
    engine or the one `command` runs; the Markdown cache lives in tmp_dir/.cache/, so
    two builds in one tmp_dir share it. No --quiet: it would hide the warnings that
    strict mode counts."""
    config_file = write_config(content_dir, site_dir, tmp_dir)
    if settings:
        text = config_file.read_text(encoding="utf-8")
        for old, new in settings.items():
            assert text.count(old) == 1, f"mkdocs.yml has not exactly one {old!r}"
            text = text.replace(old, new)
        config_file.write_text(text, encoding="utf-8")
    env = {**os.environ, "BOUQUET_SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1",
           # One PDF cache for every build test: an edition is keyed by all its inputs,
           # so sharing is safe, and each build would otherwise render the same PDFs again.
           "BOUQUET_PDF_CACHE": str(ROOT / ".cache" / "pdf-tests"), **(env or {})}
    return subprocess.run([*command, "build", *args, "-f", str(config_file)],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def stop_process(process: subprocess.Popen, log, timeout: float) -> None:
    """Stops a `serve` started by a test: politely, then by force; closes its log."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
