"""The JSON Schema of the front matter (hooks/bouquet/json_schema.py) and the seed content."""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from sitebuild import ROOT

from bouquet import geography, json_schema
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
        if document.kind == "page":
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
