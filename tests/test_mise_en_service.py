"""docs/mise-en-service.md, the publisher's guide, and what CONTRIBUTING.md promises editors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bouquet.github import CHECK_JOB_NAME
from bouquet.site_links import LINKS, PLACES
from sitebuild import ROOT

GUIDE = ROOT / "docs" / "mise-en-service.md"
SECTIONS = [
    "1. Prérequis",
    "2. GitHub Pages",
    "3. Variables",
    "4. Protection de la branche",
    "5. Connexion à l'éditeur web",
    "6. Premier déploiement",
    "7. Liens Contribuer et éditeur",
    "8. Lettre d'information",
]
READS = [
    re.compile(r"""os\.environ\.get\(\s*([^,)\s]+)"""),
    re.compile(r"""os\.environ\[\s*([^\]\s]+)\s*\]"""),
    re.compile(r"""os\.getenv\(\s*([^,)\s]+)"""),
    re.compile(r"""([^\s(]+)\s+(?:not\s+)?in\s+os\.environ\b"""),
]


def code_files() -> list[Path]:
    return sorted((ROOT / "src").rglob("*.py")) + sorted((ROOT / "hooks").rglob("*.py")) + sorted((ROOT / "scripts").glob("*.py"))


def variables_read() -> dict[str, str]:
    """{variable: where} for every environment variable src/, hooks/, scripts/ and mkdocs.yml read.

    A name given through a constant (`os.environ.get(DISABLE_VARIABLE)`) is resolved
    from its assignment, through `import … as …` aliases too.
    """
    files = code_files()
    constants: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for file in files:
        text = file.read_text(encoding="utf-8")
        constants.update(re.findall(r"""^\s*([A-Z][A-Z0-9_]*)\s*=\s*["']([A-Z][A-Z0-9_]*)["']""", text, re.MULTILINE))
        aliases.update((alias, name) for name, alias in re.findall(r"\b([A-Z][A-Z0-9_]*) as ([A-Z][A-Z0-9_]*)\b", text))
    found: dict = {}
    for file in files:
        for pattern in READS:
            for argument in pattern.findall(file.read_text(encoding="utf-8")):
                if argument[0] in "'\"":
                    name = argument.strip("'\"")
                else:
                    name = constants.get(aliases.get(argument, argument))
                    assert name, f"{file.name}: cannot tell which variable {argument!r} names"
                found.setdefault(name, file.relative_to(ROOT).as_posix())
    for name in re.findall(r"!ENV\s*\[?\s*([A-Z][A-Z0-9_]*)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")):
        found.setdefault(name, "mkdocs.yml")
    return found


def test_the_grep_finds_what_the_build_reads():
    found = variables_read()
    for name in ("BOUQUET_SITE_URL", "BOUQUET_CMS_AUTH_URL", "BOUQUET_CMS_REPO", "BOUQUET_NO_CACHE", "GITHUB_STEP_SUMMARY"):
        assert name in found, name


def test_every_variable_the_code_reads_is_documented():
    guide = GUIDE.read_text(encoding="utf-8")
    missing = {name: where for name, where in variables_read().items() if f"`{name}`" not in guide}
    assert not missing, f"Documentez ces variables dans docs/mise-en-service.md (section 3) : {missing}"


def test_guide_sections_in_order():
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == SECTIONS


def test_guide_names_the_required_check_and_the_link_settings():
    guide = GUIDE.read_text(encoding="utf-8")
    assert f"« {CHECK_JOB_NAME} »" in guide
    assert "scripts/protect_branch.py --repo" in guide and "--apply" in guide
    for setting in LINKS:
        assert f"{setting}:" in guide
    for place in PLACES:
        assert f"`{place}`" in guide
    assert "GitHub Actions" in guide and "Settings › Pages" in guide


def test_contributing_tells_editors_about_refusals_and_forks():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"« {CHECK_JOB_NAME} »" in text
    assert "Quand la publication est refusée" in text
    assert "fork" in text and "Approve and run" in text and "première contribution" in text


def test_contributing_quotes_the_web_editors_own_refusal_message():
    locale = ROOT / "tools" / "cms" / "node_modules" / "decap-cms-locales" / "dist" / "esm" / "fr" / "index.js"
    if not locale.is_file():
        pytest.skip("Decap CMS n'est pas installé : lancez `npm ci --prefix tools/cms` (make test le fait)")
    message = re.search(r"onFailToPublishEntry: '([^']*) %\{details\}'", locale.read_text(encoding="utf-8")).group(1)
    assert f"**« {message} »**" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
