"""The JSON Schema of the front matter (src/bouquet/json_schema.py) and the seed content."""
from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from sitebuild import ROOT

from bouquet import geography, json_schema, opendata, schema
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS


@pytest.fixture(scope="module")
def seed():
    result = check_content(ROOT / "content", ROOT)
    assert result.ok, [p.as_text() for p in result.problems]
    return result


def to_json(value):
    """The loader's values as JSON types: a date becomes its ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def validator(schema):
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(schema, instance):
    return sorted(e.message for e in validator(schema).iter_errors(instance))


def test_every_seed_experience_and_bouquet_validates(seed):
    experience = validator(json_schema.experience_schema(seed.vocabulary))
    bouquet = validator(json_schema.bouquet_schema(seed.vocabulary))
    counted = {"experience": 0, "bouquet": 0}
    for document in seed.documents:
        if document.kind in ("page", "letter"):  # no JSON Schema is served for pages and letters
            continue
        instance = to_json(document.front.values)
        found = list((experience if document.kind == "experience" else bouquet).iter_errors(instance))
        assert found == [], f"{document.path}: {[e.message for e in found]}"
        counted[document.kind] += 1
    assert counted["experience"] >= 30 and counted["bouquet"] >= 1


@pytest.fixture(scope="module")
def valid(seed):
    document = next(d for d in seed.documents if d.slug == "atelier-mobilites-modernes-blanquefort")
    return to_json(document.front.values)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda v: v.pop("title"), "'title' is a required property"),
    (lambda v: v.update(titre="x"), "Additional properties are not allowed ('titre' was unexpected)"),
    (lambda v: v.update(tags=["Mobilite"]), "'Mobilite' is not one of"),
    (lambda v: v.update(tags=[]), "should be non-empty"),
    (lambda v: v.update(tags=["Mobilité", "Mobilité"]), "has non-unique elements"),
    (lambda v: v.update(departement="1"), "'1' is not one of"),
    (lambda v: v.update(departement=33), "33 is not of type 'string'"),
    (lambda v: v.update(date="25/02/2013"), "does not match"),
    (lambda v: v.update(title="x" * 151), "is too long"),
    (lambda v: v.update(draft="no"), "'no' is not of type 'boolean'"),
    (lambda v: v.update(source={"url": "https://example.org"}), "'name' is a required property"),
    (lambda v: v.update(links=[{"label": "x", "url": "ftp://example.org"}]), "does not match"),
])
def test_an_invalid_front_matter_fails(seed, valid, change, expected):
    instance = copy.deepcopy(valid)
    change(instance)
    found = errors(json_schema.experience_schema(seed.vocabulary), instance)
    assert any(expected in message for message in found), found


def test_a_lead_is_a_text_or_a_name_with_a_kind_of_the_list(seed, valid):
    schema = json_schema.experience_schema(seed.vocabulary)
    instance = copy.deepcopy(valid)
    instance["leads"] = ["Ville", {"name": "Association X", "kind": "association"}, {"name": "Ville"}]
    assert errors(schema, instance) == []
    for wrong in ({"name": "X", "kind": "mairie"}, {"kind": "commune"}, {"name": "X", "type": "commune"}, ["X"]):
        instance["leads"] = [wrong]
        assert errors(schema, instance), wrong


def test_enums_come_from_the_vocabulary_and_the_geography(seed):
    schema = json_schema.experience_schema(seed.vocabulary)
    assert schema["properties"]["tags"]["items"]["enum"] == [t.name for t in seed.vocabulary.themes]
    assert schema["properties"]["departement"]["enum"] == [d.code for d in geography.departements()]
    assert (schema["properties"]["tags"]["minItems"], schema["properties"]["tags"]["maxItems"]) == (1, 5)


@pytest.mark.parametrize(("make", "fields"), [(json_schema.experience_schema, EXPERIENCE_FIELDS), (json_schema.bouquet_schema, BOUQUET_FIELDS)])
def test_properties_are_the_schema_fields(seed, make, fields):
    schema = make(seed.vocabulary)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == [f.name for f in fields]
    assert schema["required"] == [f.name for f in fields if f.required]
    for spec in fields:
        assert schema["properties"][spec.name]["title"] == spec.label
        if spec.children:
            child = schema["properties"][spec.name]
            assert list(child["properties"]) == [c.name for c in spec.children]
            assert child["additionalProperties"] is False


def test_write_is_deterministic_json(tmp_path, seed):
    paths = json_schema.write(tmp_path, seed.vocabulary)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["schema/experience.json", "schema/bouquet.json"]
    first = [p.read_bytes() for p in paths]
    json_schema.write(tmp_path, seed.vocabulary)
    assert [p.read_bytes() for p in paths] == first
    text = first[0].decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert json.loads(text) == json_schema.experience_schema(seed.vocabulary)
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# -- patterns: one definition (schema.py), read alike by Python and ECMA-262 ----

NODE = shutil.which("node")
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
VALIDATOR_PATTERNS = {"date": schema.DATE_PATTERN, "url": schema.URL_PATTERN,
                      "email": schema.EMAIL_PATTERN, "slug": schema.SLUG_PATTERN}
# Characters the two engines read differently somewhere: Python's \s has U+001C–U+001F
# and U+0085, ECMA's has U+FEFF; `.` stops at \n only in Python; case folding (ſ, K);
# digits of other scripts; a quote; a final newline (Python's `$`).
TRICKY = ["\t", "\n", "\r", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2028", "\u2029", "\u3000", "\ufeff",
          "\u200b", "ſ", "\u212a", "٣", "\"", "<", ">", "@", ".", "-", " ", "A", "é", "\U0001f600"]
VALID = {"date": ["2013-02-25"], "url": ["https://example.org/a?b=c", "HTTP://x.fr"],
         "email": ["nom@domaine.fr", "a.b@c.d.e"], "slug": ["atelier-velo-2", "a"]}


def node_or_skip() -> str:
    if NODE is None:
        if os.environ.get("BOUQUET_REQUIRE_BROWSER", "").strip() == "1":
            pytest.fail("Node.js is required (apt-get install nodejs)", pytrace=False)
        pytest.skip("Node.js is not installed (apt-get install nodejs)")
    return NODE


def node_json(script: str, data) -> object:
    """Runs `script` in Node with `data` (JSON) as `input`; returns what it prints as JSON."""
    program = "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + script
    completed = subprocess.run([node_or_skip(), "-e", program], input=json.dumps(data), capture_output=True,
                               text=True, encoding="utf-8", check=True)
    return json.loads(completed.stdout)


def samples(name: str) -> list[str]:
    """The valid examples, each with every tricky character put in at every position, appended and alone."""
    out = list(VALID[name]) + TRICKY + [""]
    for text in VALID[name]:
        out.append(text + "\n")
        for char in TRICKY:
            out += [text[:i] + char + text[i:] for i in range(len(text) + 1)]
            out += [text[:i] + char + text[i + 1:] for i in range(len(text))]
    return out


def published_schemas(seed) -> dict[str, dict]:
    return {"schema/experience.json": json_schema.experience_schema(seed.vocabulary),
            "schema/bouquet.json": json_schema.bouquet_schema(seed.vocabulary),
            "donnees/schema.json": opendata.schema("https://bouquet.example/")}


def patterns_in(value) -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in ([v] if k == "pattern" and isinstance(v, str) else patterns_in(v))]
    if isinstance(value, list):
        return [p for v in value for p in patterns_in(v)]
    return []


@pytest.mark.parametrize("name", sorted(VALIDATOR_PATTERNS))
def test_python_and_ecma_accept_the_same_values(name):
    pattern = VALIDATOR_PATTERNS[name]
    texts = samples(name)
    ecma = json_schema.ecma_pattern(pattern)
    found = node_json("const r = new RegExp(input.pattern, 'u'); console.log(JSON.stringify(input.texts.map(t => r.test(t))));",
                      {"pattern": ecma, "texts": texts})
    disagree = [(t, bool(pattern.fullmatch(t)), js) for t, js in zip(texts, found, strict=True) if bool(pattern.fullmatch(t)) != js]
    assert disagree == [], disagree[:10]
    assert any(found) and not all(found)


def test_translated_whitespace_is_pythons_on_every_code_point():
    space = re.compile(r"\s")
    python = [code for code in range(0x110000) if space.fullmatch(chr(code))]
    ecma = node_json("const r = new RegExp(input, 'u'); const out = [];"
                     " for (let c = 0; c < 0x110000; c++) if (r.test(String.fromCodePoint(c))) out.push(c);"
                     " console.log(JSON.stringify(out));", json_schema.ecma_pattern(space))
    assert ecma == python
    assert re.compile(f"[{json_schema.PYTHON_SPACES}]").findall("".join(map(chr, range(0x110000)))) == list(map(chr, python))


@pytest.mark.parametrize("pattern", [re.compile("a", re.IGNORECASE), re.compile(r"\d"), re.compile(r"\w+"),
                                     re.compile(r"a$"), re.compile(r"(?P<x>a)"), re.compile(r"[\S]"), re.compile(r"\n")])
def test_what_the_engines_read_differently_is_refused(pattern):
    with pytest.raises(ValueError):
        json_schema.ecma_pattern(pattern)


def test_every_published_pattern_compiles_in_unicode_mode(seed):
    patterns = sorted({p for schema in published_schemas(seed).values() for p in patterns_in(schema)})
    assert len(patterns) >= 4
    errors = node_json("console.log(JSON.stringify(input.map(p => { try { new RegExp(p, 'u'); return null; }"
                       " catch (e) { return p + ': ' + e.message; } }).filter(Boolean)));", patterns)
    assert errors == []


def test_published_schemas_pass_check_jsonschema_metaschema(seed, tmp_path):
    catalogue = build_catalogue(seed)
    written = json_schema.write(tmp_path, seed.vocabulary) + [
        p for p in opendata.write(catalogue, tmp_path, "https://bouquet.example/") if p.name == opendata.SCHEMA_FILE]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(published_schemas(seed))
    completed = subprocess.run([str(CHECK_JSONSCHEMA), "--check-metaschema", *map(str, written)],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
