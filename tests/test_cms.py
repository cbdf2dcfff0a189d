"""The web editor's configuration (src/bouquet/cms.py) agrees with schema.py."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML  # a YAML 1.2 reader, like Decap's

from sitebuild import ROOT

from bouquet import cms, csp, geography
from bouquet.schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, LEAD_KINDS, Field, Kind
from bouquet.themes import load_audiences, load_vocabulary

BODY = "body"  # the Markdown after the front matter: a widget, not a front-matter field


@pytest.fixture(scope="module")
def vocabulary():
    vocabulary, problems = load_vocabulary(ROOT / "content", ROOT)
    assert problems == []
    return vocabulary


@pytest.fixture(scope="module")
def config(vocabulary):
    return cms.config(vocabulary)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


# --- one widget per field, recursively ------------------------------------------------


def schema_shape(fields: tuple[Field, ...]) -> dict:
    """name → None (a value), {…} (sub-fields) or [shape] (a list of shape)."""
    return {f.name: _schema_value(f) for f in fields}


def _schema_value(spec: Field):
    if spec.kind is Kind.MAPPING:
        return schema_shape(spec.children)
    if spec.kind is Kind.LIST:
        assert spec.item is not None
        # An item of two shapes (a lead): the form writes the mapping one.
        return [_schema_value(spec.item.alternative or spec.item)]
    return None


def widget_shape(widgets: list[dict]) -> dict:
    return {w["name"]: _widget_value(w) for w in widgets if w["name"] != BODY}


def _widget_value(widget: dict):
    kind = widget["widget"].removeprefix(cms.RULE_WIDGET_PREFIX)
    if kind == "object":
        return widget_shape(widget["fields"])
    if kind == "list":
        if "fields" in widget:
            return [widget_shape(widget["fields"])]
        return [_widget_value(widget["field"])] if "field" in widget else [None]
    if kind in ("select", "relation") and widget.get("multiple"):
        return [None]
    return None


@pytest.mark.parametrize(("name", "fields"), [("experiences", EXPERIENCE_FIELDS), ("bouquets", BOUQUET_FIELDS)])
def test_every_schema_field_has_a_widget_and_every_widget_a_field(config, name, fields):
    widgets = collection(config, name)["fields"]
    assert widget_shape(widgets) == schema_shape(fields)
    assert [w["name"] for w in widgets if w["name"] not in schema_shape(fields)] == [BODY]
    assert widgets[-1] == {**widgets[-1], "name": BODY, "widget": "markdown"}


def _pairs(fields: tuple[Field, ...], widgets: list[dict], parent_optional=False):
    by_name = {w["name"]: w for w in widgets}
    for spec in fields:
        widget = by_name[spec.name]
        yield spec, widget, parent_optional
        if spec.kind is Kind.MAPPING:
            yield from _pairs(spec.children, widget["fields"], not spec.required)
        elif spec.kind is Kind.LIST and spec.item is not None and spec.item.kind is Kind.MAPPING:
            yield from _pairs(spec.item.children, widget["fields"])


EXPECTED_WIDGET = {
    Kind.DATE: {"datetime"}, Kind.BOOL: {"boolean"}, Kind.PATH: {"image"}, Kind.DEPARTEMENT: {"select"},
    Kind.URL: {"string"}, Kind.EMAIL: {"string"}, Kind.TEXT: {"string", "text", "select"},
    Kind.LIST: {"list", "select", "relation"}, Kind.MAPPING: {"object"},
}


@pytest.mark.parametrize(("name", "fields"), [("experiences", EXPERIENCE_FIELDS), ("bouquets", BOUQUET_FIELDS)])
def test_widgets_follow_the_declarations(config, name, fields):
    for spec, widget, parent_optional in _pairs(fields, collection(config, name)["fields"]):
        assert widget["widget"].removeprefix(cms.RULE_WIDGET_PREFIX) in EXPECTED_WIDGET[spec.kind], spec.name
        assert widget["label"] == spec.label
        # Decap checks required sub-fields even in an empty optional parent: those stay optional.
        assert widget["required"] is (spec.required and not parent_optional), spec.name
        if spec.help and not spec.form_hint:
            assert widget["hint"].startswith(spec.help.rstrip(" .")), spec.name
        if spec.kind is Kind.LIST:
            assert widget.get("min") == spec.min_items and widget.get("max") == spec.max_items, spec.name
        if spec.kind is Kind.TEXT and not widget["widget"].endswith("select"):
            pattern, _ = widget["pattern"]
            assert f"{{0,{spec.max_length}}}" in pattern, spec.name
        if spec.kind is Kind.DATE:
            assert widget["format"] == "YYYY-MM-DD" and widget["time_format"] is False


def test_theme_options_are_the_vocabulary(config, vocabulary):
    tags = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "tags")
    assert tags["widget"] == "select" and tags["multiple"] is True
    assert tags["options"] == [t.name for t in vocabulary.themes]
    assert (tags["min"], tags["max"]) == (1, 5)


def test_audience_options_are_the_publics_of_content(vocabulary):
    publics, problems = load_audiences(ROOT / "content", ROOT)
    assert problems == [] and len(publics.themes) >= 5
    widgets = collection(cms.config(vocabulary, audiences=publics), "experiences")["fields"]
    audiences = next(w for w in widgets if w["name"] == "audiences")
    # A select of the controlled vocabulary, as the themes are, never free text.
    assert audiences["widget"] == "select" and audiences["multiple"] is True
    assert audiences["options"] == [a.name for a in publics.themes]
    assert audiences["max"] == 5 and "min" not in audiences


def test_a_lead_is_its_name_and_a_kind_from_the_closed_list(config):
    leads = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "leads")
    # Our list widget shows a lead written as text as the mapping of its name (cms_editor.js).
    assert leads["widget"] == "bouquet-list" and leads["text_items_as"] == "name"
    name, kind = leads["fields"]
    assert name["name"] == "name" and name["required"] is True
    assert kind["name"] == "kind" and kind["required"] is False
    assert kind["widget"] == "select" and kind["options"] == list(LEAD_KINDS)


def test_departement_options_are_the_reference_geography(config):
    widget = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "departement")
    assert [o["value"] for o in widget["options"]] == [d.code for d in geography.departements()]
    assert widget["options"][0] == {"label": "01 – Ain", "value": "01"}
    assert {"label": "2A – Corse-du-Sud", "value": "2A"} in widget["options"]
    region = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "region")
    assert region["options"] == [r.name for r in geography.regions()]


def test_bouquet_experiences_are_chosen_among_experiences(config):
    widget = next(w for w in collection(config, "bouquets")["fields"] if w["name"] == "experiences")
    assert widget["widget"] == "relation" and widget["collection"] == "experiences"
    assert widget["value_field"] == "{{slug}}" and widget["multiple"] is True


def test_collections_and_editorial_workflow(config):
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] is True and config["locale"] == "fr"
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "OWNER/bouquet"
    assert config["backend"]["branch"] == "main"
    assert config["media_folder"] == "content/images"
    for name, folder in (("experiences", "content/experiences"), ("bouquets", "content/bouquets")):
        c = collection(config, name)
        assert (c["folder"], c["create"], c["slug"], c["extension"], c["format"]) == (folder, True, "{{slug}}", "md", "frontmatter")
    assert [c["label"] for c in config["collections"]] == ["Expériences", "Bouquets"]
    # The image field writes images/x.jpg (from content/), as the validator expects.
    image = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "image")
    file = next(w for w in image["fields"] if w["name"] == "file")
    assert (file["media_folder"], file["public_folder"]) == ("/content/images", "images")


def test_patterns_are_valid_regular_expressions(config):
    def walk(widgets):
        for widget in widgets:
            if "pattern" in widget:
                re.compile(widget["pattern"][0])
            yield from walk(widget.get("fields", []))
            if "field" in widget:
                yield from walk([widget["field"]])
            yield widget
    assert len(list(walk(collection(config, "experiences")["fields"]))) > 20


# --- files ------------------------------------------------------------------------------


@pytest.fixture
def fake_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    (dist.parent / "package.json").write_text('{"name": "decap-cms", "version": "9.9.9"}', encoding="utf-8")
    for name in ("decap-cms.js", "decap-cms.js.LICENSE.txt", "12.decap-cms.js", "abc.wasm", "decap-cms.js.map", "cms.js", "12.cms.js"):
        (dist / name).write_text(f"/* {name} */", encoding="utf-8")
    return dist


def test_write_puts_config_page_and_bundle_in_site_admin(tmp_path, vocabulary, fake_dist, monkeypatch):
    monkeypatch.delenv("BOUQUET_CMS_REPO", raising=False)
    site = tmp_path / "site"
    cms.write(site, vocabulary, dist=fake_dist)
    admin = site / "admin"
    assert sorted(p.name for p in admin.iterdir()) == [
        "12.decap-cms.js", "abc.wasm", "bouquet-cms-data.js", "cms_editor.js", "config.yml", "decap-cms.js",
        "decap-cms.js.LICENSE.txt", "index.html"]
    assert yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8")) == cms.config(vocabulary)
    page = (admin / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"></script>', page)
    assert scripts == ["bouquet-cms-data.js", "decap-cms.js", "cms_editor.js"] and "9.9.9" in page
    assert "<script>" not in page, "no inline script: the /admin/ policy allows only the site's files"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "no CDN: everything is served by the site"
    first = {p.name: p.read_bytes() for p in admin.iterdir()}
    cms.write(site, vocabulary, dist=fake_dist)
    assert {p.name: p.read_bytes() for p in admin.iterdir()} == first


def test_config_reads_the_same_in_yaml_1_2(tmp_path, vocabulary, fake_dist):
    """Decap's YAML 1.2 reader must see "08" and "2A" as strings, like PyYAML does."""
    cms.write(tmp_path, vocabulary, dist=fake_dist)
    text = (tmp_path / "admin" / "config.yml").read_text(encoding="utf-8")
    assert YAML(typ="safe", pure=True).load(io.StringIO(text)) == cms.config(vocabulary)


def test_missing_bundle_is_a_clear_error_and_nothing_is_written(tmp_path, vocabulary):
    with pytest.raises(cms.BundleMissing, match=r"npm ci --prefix tools/cms"):
        cms.write(tmp_path / "site", vocabulary, dist=tmp_path / "nowhere")
    assert not (tmp_path / "site").exists()


def test_repository_and_auth_service_come_from_the_environment(tmp_path, vocabulary, fake_dist, monkeypatch):
    monkeypatch.setenv("BOUQUET_CMS_REPO", "editeurs/bouquet")
    monkeypatch.setenv("BOUQUET_CMS_AUTH_URL", "https://auth.example.org")
    cms.write(tmp_path, vocabulary, dist=fake_dist)
    backend = yaml.safe_load((tmp_path / "admin" / "config.yml").read_text(encoding="utf-8"))["backend"]
    assert (backend["repo"], backend["base_url"]) == ("editeurs/bouquet", "https://auth.example.org")


def test_pinned_decap_version():
    import json

    package = json.loads((ROOT / "tools" / "cms" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "tools" / "cms" / "package-lock.json").read_text(encoding="utf-8"))
    version = package["dependencies"]["decap-cms"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "an exact version, no range"
    assert lock["packages"]["node_modules/decap-cms"]["version"] == version
    assert lock["packages"]["node_modules/decap-cms"]["integrity"].startswith("sha512-")


def test_site_url_links_back_to_the_site(vocabulary):
    settings = cms.config(vocabulary, site_url="https://bouquet.example/")
    assert settings["site_url"] == settings["display_url"] == "https://bouquet.example/"
    assert "site_url" not in cms.config(vocabulary)
    assert collection(settings, "experiences")["preview_path"] == "experiences/{{slug}}/"


# --- the form enforces what the checker checks -----------------------------------------


def _rules(widget: dict) -> dict:
    return {rule["rule"]: rule for rule in widget.get("bouquet_rules", [])}


@pytest.mark.parametrize(("name", "fields"), [("experiences", EXPERIENCE_FIELDS), ("bouquets", BOUQUET_FIELDS)])
def test_a_required_part_of_an_optional_rubrique_is_asked_for_once_the_rubrique_is_filled(config, name, fields):
    """« Sur le vif » needs its text, an image its file and alt text, a source its name."""
    asked = set()
    for spec, widget, parent_optional in _pairs(fields, collection(config, name)["fields"]):
        rule = _rules(widget).get("required_with")
        if spec.required and parent_optional:
            assert rule is not None and widget["widget"].startswith(cms.RULE_WIDGET_PREFIX), spec.name
            asked.add(f"{rule['field']}.{spec.name}")
            assert f"« {spec.label} »" in rule["message"] and "remplissez" in rule["message"]
        else:
            assert rule is None, spec.name
    expected = {f"{f.name}.{c.name}" for f in fields if f.kind is Kind.MAPPING and not f.required
                for c in f.children if c.required}
    assert asked == expected
    if name == "experiences":
        assert {"quote.text", "image.file", "image.alt", "source.name"} <= asked


def test_commune_region_and_update_are_checked_against_the_other_fields(config):
    widgets = {w["name"]: w for w in collection(config, "experiences")["fields"]}
    commune, region, updated = _rules(widgets["commune"]), _rules(widgets["region"]), _rules(widgets["updated"])
    assert commune["commune"]["departement"] == "departement" and widgets["departement"]["widget"] == "select"
    assert region["region"]["departement"] == "departement"
    assert updated["not_before"]["field"] == "date"
    for widget in (widgets["commune"], widgets["region"], widgets["updated"]):
        assert widget["widget"].startswith(cms.RULE_WIDGET_PREFIX)
    # The JavaScript fills in these names, nothing else.
    assert set(re.findall(r"\{(\w+)\}", commune["commune"]["message_unknown"])) == {"commune", "departement"}
    assert set(re.findall(r"\{(\w+)\}", region["region"]["message"])) == {"departement", "region", "expected"}


def test_the_rule_widgets_and_rules_are_the_ones_the_editor_script_defines(config):
    script = cms.EDITOR_SCRIPT.read_text(encoding="utf-8")
    used_widgets, used_rules = set(), set()

    def walk(widgets):
        for widget in widgets:
            if widget["widget"].startswith(cms.RULE_WIDGET_PREFIX):
                used_widgets.add(widget["widget"].removeprefix(cms.RULE_WIDGET_PREFIX))
            used_rules.update(_rules(widget))
            walk(widget.get("fields", []))
            walk([widget["field"]] if "field" in widget else [])
    for c in config["collections"]:
        walk(c["fields"])
    registered = re.search(r"\[([^\]]*)\]\.forEach\(registerRuleWidget\)", script).group(1)
    by_name = set(re.findall(r"CMS\.registerWidget\('bouquet-([a-z]+)'", script))  # the list of two shapes
    assert used_widgets <= set(re.findall(r"'([a-z]+)'", registered)) | by_name
    assert "list" in used_widgets and "list" in by_name
    defined = set(re.findall(r"^    (\w+): function \(rule", script, re.MULTILINE))
    assert used_rules == defined


@pytest.mark.parametrize(("value", "ok"), [
    ("Un atelier vélo", True), ("x" * 150, True), ("x" * 151, False), ("   ", False),
    ("Un <b>atelier</b>", False), ("Un atelier\u200b vélo", False), ("2 < 3", True),
])
def test_text_patterns_refuse_what_the_checker_refuses(config, value, ok):
    title = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "title")
    pattern, message = title["pattern"]
    assert bool(re.search(pattern, value)) is ok
    assert "150 caractères au plus" in message and "HTML" in message


@pytest.mark.parametrize(("name", "ok"), [("images/a.jpg", True), ("images/a.JPEG", True), ("images/a.webp", True),
                                          ("images/a.svg", False), ("images/a.pdf", False)])
def test_image_pattern_follows_the_accepted_formats(config, name, ok):
    image = next(w for w in collection(config, "experiences")["fields"] if w["name"] == "image")
    file = next(w for w in image["fields"] if w["name"] == "file")
    assert bool(re.search(file["pattern"][0], name)) is ok


def test_editor_data_holds_every_commune_the_checker_accepts():
    text = cms.editor_data(["../assets/bouquet.css"])
    data = json.loads(text.split("window.BOUQUET_CMS = ", 1)[1].rstrip(";\n"))
    assert "window.CMS_MANUAL_INIT = true;" in text
    assert set(data["departements"]) == {d.code for d in geography.departements()}
    for d in geography.departements():
        assert data["departements"][d.code] == {"name": d.name, "region": d.region.name}
        names = {c.name for c in geography.communes_in(d.code)} | {c.name for c in geography.former_communes_in(d.code)}
        assert set(data["communes"][d.code]) == names
    assert "Blanquefort" in data["communes"]["33"] and "Saint-Aubin-du-Pavail" in data["communes"]["35"]
    assert data["months"][0] == "janvier" and data["months"][7] == "août" and len(data["months"]) == 12
    assert data["styles"] == ["../assets/bouquet.css"]


def test_login_goes_through_the_relay_with_the_narrowest_scope(vocabulary):
    backend = cms.config(vocabulary, repo="editeurs/bouquet", auth_url="https://relais.example.workers.dev/")["backend"]
    assert backend["base_url"] == "https://relais.example.workers.dev"  # an origin: Decap compares it with the pop-up's
    assert backend["auth_endpoint"] == "auth" and backend["auth_scope"] == "public_repo"
    assert cms.config(vocabulary)["backend"]["auth_scope"] == "public_repo"


@pytest.mark.parametrize(("repo", "auth", "missing"), [
    (None, None, ["BOUQUET_CMS_AUTH_URL", "BOUQUET_CMS_REPO"]),
    ("editeurs/bouquet", None, ["BOUQUET_CMS_AUTH_URL"]),
    (None, "https://relais.example", ["BOUQUET_CMS_REPO"]),
    ("editeurs/bouquet", "https://relais.example", []),
])
def test_without_a_login_relay_admin_explains_what_to_configure(tmp_path, vocabulary, fake_dist, monkeypatch, repo, auth, missing):
    for variable, value in (("BOUQUET_CMS_REPO", repo), ("BOUQUET_CMS_AUTH_URL", auth)):
        if value:
            monkeypatch.setenv(variable, value)
        else:
            monkeypatch.delenv(variable, raising=False)
    cms.write(tmp_path, vocabulary, dist=fake_dist)
    page = (tmp_path / "admin" / "index.html").read_text(encoding="utf-8")
    assert ('id="bq-setup"' in page) is bool(missing)
    for variable in ("BOUQUET_CMS_AUTH_URL", "BOUQUET_CMS_REPO"):
        assert (f"<code>{variable}</code>" in page) is (variable in missing)
    if missing:
        assert "docs/mise-en-service.md" in page and "Connexion à l'éditeur web" in page
        assert 'href="../contribuer/"' in page


def test_preview_styles_are_the_sites_stylesheets(tmp_path):
    for name in ("assets/stylesheets/main.abc123.min.css", "assets/stylesheets/palette.def456.min.css",
                 "assets/stylesheets/main.abc123.min.css.map", "assets/bouquet.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert cms.preview_styles(tmp_path) == [
        "../assets/stylesheets/main.abc123.min.css", "../assets/stylesheets/palette.def456.min.css", "../assets/bouquet.css"]


def test_an_image_with_alt_text_but_no_file_is_refused_by_the_alt_field(config):
    """Decap's image widget never runs a widget's check: the text fields beside the
    file ask for it (cms_editor.js, rule sibling_required)."""
    image = next(f for f in collection(config, "experiences")["fields"] if f["name"] == "image")
    by_name = {f["name"]: f for f in image["fields"]}
    rules = {r["rule"]: r for r in by_name["alt"]["bouquet_rules"]}
    assert rules["sibling_required"]["path"] == ["image", "file"]
    assert "« Fichier » est obligatoire quand la rubrique « Image » est remplie" in rules["sibling_required"]["message"]
    assert by_name["alt"]["widget"] == "bouquet-string"
    assert "sibling_required" not in {r["rule"] for r in by_name["file"].get("bouquet_rules", [])}
    assert "sibling_required:" in cms.EDITOR_SCRIPT.read_text(encoding="utf-8")


def test_the_editor_page_carries_the_admin_policy_right_after_its_charset():
    # GitHub Pages sends no headers: the policy is a <meta> element, and it governs only
    # what follows it, so it comes first. Decap needs the looser ADMIN_POLICY.
    html = cms.index_html("Bouquet d'expériences", "3.0.0")
    policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert policies == [csp.ADMIN_POLICY]
    head = html[html.index("<head>"):html.index("</head>")]
    assert head.split("\n")[1:3] == ['  <meta charset="utf-8">', f"  {csp.meta_element(csp.ADMIN_POLICY)}"]
