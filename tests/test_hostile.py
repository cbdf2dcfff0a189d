"""The hostile corpus (tests/hostile/README.md): each case is rejected with its code at
its line, or accepted and rendered inert. The README's tables are the expectations:
a case is a row, `code:line` tokens are the problems it must produce."""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
import yaml

from bouquet import sanitize
from bouquet.load import check_content
from bouquet.source import split, normalise
from content_tree import png
from hostile.site_scan import scan_json, scan_markup
from sitebuild import ROOT

HOSTILE = ROOT / "tests" / "hostile"
README = HOSTILE / "README.md"
TREES = ("rejected", "inert")
ROW = re.compile(r"^\| `(?P<path>[^`]+)`(?P<generated> \*\(generated\)\*)? \| (?P<attempt>.*) \| (?P<outcome>.*) \|$")
TOKEN = re.compile(r"`([a-z][a-z-]*):(\d+)`")
KINDS = ("rejected", "inert", "gap")

VALID_HEAD = "---\ntitle: {title}\ndate: 2013-02-25\ndescription: Un cas généré par tests/test_hostile.py.\ntags:\n  - Mobilité\n---\n"

#: Cases written at run time (README rows marked *(generated)*), relative to content/.
GENERATED: dict[str, bytes] = {
    "experiences/yaml-imbrique-100000.md": ("---\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n---\nCorps.\n").encode(),
    "experiences/corps-de-10-mo.md": (VALID_HEAD.format(title="Dix mégaoctets") + "Un texte très long. " * (10 * 1024 * 1024 // 20)).encode(),
    "experiences/caracteres-invisibles-bruts.md": (
        "---\ntitle: \"Facture\u202egnp.exe\"\ndate: 2013-02-25\ndescription: Une espace\u200binsécable\n"
        "tags:\n  - \"Mobilité\u2066\"\nleads:\n  - \"Marque\ufeffd'ordre\"\npartners:\n  - \"Trait\u00adconditionnel\"\n"
        "impacts:\n  - \"Séparateur\u2028de ligne\"\n---\nCorps.\n"
    ).encode(),
    "experiences/facture\u202egnp.md": VALID_HEAD.format(title="Nom de fichier bidi").encode(),
    "experiences/ate\u200blier.md": VALID_HEAD.format(title="Nom de fichier invisible").encode(),
    "bouquets/bouquet\u2066.md": b"---\ntitle: Un bouquet\ndate: 2013-02-25\ndescription: Un bouquet au nom piege.\nexperiences:\n  - index\n---\n",
    'experiences/"><img src=x onerror=alert(1)>.md': VALID_HEAD.format(title="Nom de fichier HTML").encode(),
    "experiences/octets-non-utf8.md": b"---\ntitle: \xff\xfe<script>alert(1)</script>\n---\n",
    "experiences/utf16.md": VALID_HEAD.format(title="UTF-16").encode("utf-16"),
    "experiences/nul-dans-l-en-tete.md": b'---\ntitle: "a\x00b"\ndate: 2013-02-25\n---\n',
    "page\u202egnp.md": b"---\ntitle: Page au nom bidi\n---\nCorps.\n",
    'images/x" onerror="alert(1).png': png(),
    '"><img src=x onerror=alert(1)>.md': b"---\ntitle: Page au nom HTML\n---\nCorps.\n",
    # Text and robustness (issue 11): characters no file of the repository may hold, and
    # bodies that Python-Markdown or html.parser would convert in quadratic time.
    "experiences/corps-invisible.md": (VALID_HEAD.format(title="Corps invisible")
                                       + "Texte.\n\nFacture\u202egnp.exe\n\nUn\u200bmot\n\nUn échappement \x1b[31m\n\nUn non-caractère \ufffe\n").encode(),
    "experiences/retour-chariot-seul.md": (VALID_HEAD.format(title="Retour chariot seul") + "Texte.\rSuite.\n<script>x</script>\n").encode(),
    "experiences/corps-crochets-50-ko.md": (VALID_HEAD.format(title="Crochets") + "Intro.\n\n" + "[" * 50_000).encode(),
    "experiences/corps-balises-ouvertes.md": (VALID_HEAD.format(title="Balises") + "Intro.\n\n" + "<a " * 20_000).encode(),
    "experiences/corps-commentaires-ouverts.md": (VALID_HEAD.format(title="Commentaires") + "Intro.\n\n" + "<!--" * 20_000).encode(),
    "experiences/corps-definitions-recursives.md": (VALID_HEAD.format(title="Définitions") + "Intro.\n\n" + "a\n: b\n" * 9_000).encode(),
    "experiences/corps-accents-graves.md": (VALID_HEAD.format(title="Accents graves") + "Intro.\n\n" + "".join("`" * i + " " for i in range(1, 400))).encode(),
    "experiences/corps-citations-profondes.md": (VALID_HEAD.format(title="Citations") + "Intro.\n\n" + ">" * 50_000).encode(),
    "experiences/corps-emphases-imbriquees.md": (VALID_HEAD.format(title="Emphases") + "Intro.\n\n" + "*_" * 50_000).encode(),
}

#: Symbolic links made at run time (a clone on Windows would get text files instead).
#: "{outside}" is a folder beside the tree, outside content/.
GENERATED_LINKS: dict[str, str] = {
    "images/mot-de-passe.png": "/etc/passwd",
    "experiences/zero.md": "/dev/zero",
    "experiences/hors-du-depot.md": "{outside}/hors-du-depot.md",
    "dossier-hors-du-depot": "{outside}",
    "images/boucle": "..",
}
#: FIFOs made at run time (git cannot store one): reading one would wait forever.
GENERATED_FIFOS = ("experiences/tube.md",)

GAP_REASON = "known gap, see tests/hostile/README.md (Gaps): the validator does not catch it yet"
INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


@dataclass(frozen=True)
class Case:
    tree: str  # rejected or inert: the content tree the file belongs to
    path: str  # relative to that tree (= to content/)
    generated: bool
    kind: str  # rejected, inert or gap
    expected: frozenset[tuple[str, int]]  # (code, line)

    @property
    def id(self) -> str:
        return self.path.encode("unicode_escape").decode("ascii")


def read_cases() -> list[Case]:
    cases = []
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match or match["path"] == "File":
            continue
        path = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), match["path"])
        tree, _, inside = path.partition("/")
        if match["generated"]:
            tree, inside = "rejected", path
        assert tree in TREES, f"README row outside tests/hostile/rejected|inert: {line}"
        kind = re.match(r"\*\*(\w+)\*\*", match["outcome"])
        assert kind and kind.group(1) in KINDS, f"README row without **rejected**/**inert**/**gap**: {line}"
        expected = frozenset((code, int(number)) for code, number in TOKEN.findall(match["outcome"]))
        cases.append(Case(tree, inside, bool(match["generated"]), kind.group(1), expected))
    return cases


CASES = read_cases()


def _params(kinds):
    params = []
    for case in CASES:
        if case.kind not in kinds or case.tree != "rejected":
            continue
        marks = [pytest.mark.xfail(strict=True, reason=GAP_REASON)] if case.kind == "gap" else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


# -- the corpus and its README agree -------------------------------------------


def test_the_readme_lists_every_file_of_the_corpus_and_every_generated_case():
    listed = {(c.tree, c.path) for c in CASES if not c.generated}
    on_disk = {(tree, p.relative_to(HOSTILE / tree).as_posix()) for tree in TREES for p in (HOSTILE / tree).rglob("*") if p.is_file()}
    assert on_disk - listed == set(), "files of tests/hostile/ without a row in its README"
    assert listed - on_disk == set(), "README rows without their file"
    assert {c.path for c in CASES if c.generated} == set(GENERATED) | set(GENERATED_LINKS) | set(GENERATED_FIFOS)
    assert len({(c.tree, c.path) for c in CASES}) == len(CASES), "a file has two rows"
    for case in CASES:
        if case.kind == "inert":
            assert not case.expected, f"{case.path}: an inert case expects no problem"
        else:
            assert case.expected, f"{case.path}: a rejected case names its codes and lines"


def test_the_repository_holds_no_invisible_character_in_the_corpus():
    for path in HOSTILE.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yml", ".svg", ".html", ".js", ".py"):
            assert not INVISIBLE.search(path.read_text(encoding="utf-8")), path


# -- rejected cases ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rejected(tmp_path_factory):
    """Problems by content-relative path, for the rejected tree + generated files."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(HOSTILE / "rejected", content)
    for relative, data in GENERATED.items():
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    outside = root / "ailleurs"
    outside.mkdir()
    (outside / "hors-du-depot.md").write_text(VALID_HEAD.format(title="Hors du dépôt") + "Corps.\n", encoding="utf-8")
    for relative, target in GENERATED_LINKS.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).symlink_to(target.format(outside=outside))
    for relative in GENERATED_FIFOS:
        os.mkfifo(content / relative)
    result = check_content(content, root)
    by_path: dict[str, list] = {}
    for problem in result.problems:
        by_path.setdefault(problem.path.removeprefix("content/"), []).append(problem)
    return by_path


@pytest.mark.parametrize("case", _params(("rejected", "gap")))
def test_each_hostile_case_is_rejected_with_its_code_at_its_line(case, rejected):
    by_path = rejected
    found = {(p.code, p.line) for p in by_path.get(case.path, [])}
    assert found == case.expected


def test_every_problem_of_the_corpus_belongs_to_a_listed_case(rejected):
    by_path = rejected
    listed = {c.path for c in CASES if c.tree == "rejected"}
    assert set(by_path) - listed == set()


def test_every_rejection_says_what_to_do_in_french(rejected):
    by_path = rejected
    for problems in by_path.values():
        for problem in problems:
            assert problem.message and problem.hint, problem
            assert problem.line >= 1
            assert re.search(r"[a-zàâçéèêëîïôûùüÿœ]{3}", problem.hint), problem


def test_no_message_prints_an_invisible_or_bidi_character(rejected):
    by_path = rejected
    printed = [line for problems in by_path.values() for p in problems for line in (p.as_text(), p.as_github())]
    assert printed and [line for line in printed if INVISIBLE.search(line)] == []


# -- defence in depth: what nh3 makes of the rejected bodies -----------------------


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def converter() -> markdown.Markdown:
    """Markdown with mkdocs.yml's extensions (plus those MkDocs always adds)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names, configs = ["toc", "tables", "fenced_code"], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name not in names:
            names.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _render(converter: markdown.Markdown, path: Path) -> str:
    source, problems = split(normalise(path.read_text(encoding="utf-8")), path.name)
    assert source is not None, problems
    converter.reset()
    return sanitize.clean(converter.convert(source.body))


@pytest.mark.parametrize("path", sorted(p.relative_to(HOSTILE).as_posix() for p in HOSTILE.glob("*/**/*.md")))
def test_every_body_of_the_corpus_is_inert_once_sanitised(converter, path):
    # Rejected bodies too: if a check were ever bypassed, nh3 must still leave
    # no script, no handler, no javascript:/data: address.
    html = _render(converter, HOSTILE / path)
    assert scan_markup(html) == []


@pytest.fixture(scope="module")
def inert_check(tmp_path_factory):
    root = tmp_path_factory.mktemp("inert")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(HOSTILE / "inert", content, dirs_exist_ok=True)
    return check_content(content, root)


def test_the_inert_cases_are_accepted_over_the_seed_content(inert_check):
    assert [p.as_text() for p in inert_check.problems] == []
    slugs = {d.slug for d in inert_check.documents}
    assert {Path(c.path).stem for c in CASES if c.kind == "inert" and c.path.endswith(".md")} <= slugs


@pytest.mark.parametrize(("name", "present", "absent"), [
    ("inerte-jinja", ["{{ config }}", "{% raw %}{{ 7*7 }}{% endraw %}", "{% for x in range(3) %}"], ["49", "<script"]),
    ("inerte-entites", ["&lt;script&gt;alert(1)&lt;/script&gt;", "&amp;lt;script&amp;gt;", 'title="&quot;&gt;&lt;script&gt;'], ["<script", "<img", "<svg"]),
    ("inerte-commentaires-et-code", ["<code>&lt;img src=x onerror=alert(1)&gt;</code>", "&lt;script&gt;alert('bloc de code')&lt;/script&gt;"], ["<!--", "<script", "<iframe"]),
    ("inerte-balises-permises", ['<abbr title="Hypertext Markup Language">HTML</abbr>', '<span lang="en" title="inoffensif">', 'style="text-align:center"', "&quot; onerror=&quot;"], [" onerror=\"", " onmouseover=\""]),
    ("inerte-texte-et-chevrons", ["a &lt; b", "a&lt;b, alors", "＜script＞"], ["<a "]),
])
def test_inert_bodies_render_as_text(converter, name, present, absent):
    html = _render(converter, HOSTILE / "inert" / "experiences" / f"{name}.md")
    for text in present:
        assert text in html
    for text in absent:
        assert text not in html


# -- the scanner itself --------------------------------------------------------------


MATERIAL_SCOPE = ('<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
                  '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
                  '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>')


@pytest.mark.parametrize("markup", [
    MATERIAL_SCOPE,
    MATERIAL_SCOPE.replace('"../.."', '"/bouquet/"'),
    '<script id="__config" type="application/json">{"base": ".."}</script>',
    '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>',
    '<script src="/assets/bouquet.js" defer></script><script type="module" src="assets/search.js"></script>',
    '<p title="on=1 onclick=x">texte qui parle de onclick=alert(1) et de javascript:alert(1)</p>',
    '<a href="https://exemple.fr/javascript:x">ok</a><img src="../images/x.png" alt="data:x">',
    # What a browser reads as relative addresses, not as schemes:
    '<a href="&amp;#106;avascript:alert(1)">x</a><a href="&#xA0;javascript:alert(1)">y</a>',
    '<span lang="javascript:alert(1)" title="data:text/html,x">texte</span>',
])
def test_the_scanner_accepts_what_our_templates_write(markup):
    assert scan_markup(markup) == []


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script/>alert(1)</script>",
    MATERIAL_SCOPE.replace("localStorage", "sessionStorage"),
    MATERIAL_SCOPE.replace('"../.."', '"javascript:alert(1)"'),
    '<script src="https://evil.example/assets/bouquet.js"></script>',
    '<script src="assets/bouquet.js">alert(1)</script>',
    '<script id="__config" type="application/json">alert(1)</script>',
    '<script type="text/plain">x</script>',
    "<img src=x onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><rect/></a></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x0A;javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">',
    '<img srcset="a.png 1x, data:image/png;base64,AA 2x" alt="x">',
    '<form action="javascript:alert(1)"></form>',
    '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<iframe src="https://evil.example/"></iframe>',
    '<div title="x" onclick="alert(1)">x</div>',
])
def test_the_scanner_catches_what_could_run(markup):
    assert scan_markup(markup) != []


def test_the_scanner_allows_decap_only_on_the_admin_page():
    assert scan_markup('<script src="decap-cms.js"></script>', admin=True) == []
    assert scan_markup('<script src="decap-cms.js"></script>') != []


def test_the_scanner_reads_json_strings():
    assert scan_json('{"url": "https://exemple.fr/", "title": "1 < 2 et javascript: en texte"}') == []
    assert scan_json('{"links": [{"url": "javascript:alert(1)"}]}') != []
    assert scan_json('{"x": ["<script>alert(1)</script>"]}') != []
    assert scan_json('{"x": " data:text/html,x"}') != []


def test_normalisation_keeps_bidi_characters_for_the_validator_to_see():
    # NFC does not fold U+202E away: the validator, not the normaliser, must refuse it.
    assert "\u202e" in unicodedata.normalize("NFC", "a\u202eb")
