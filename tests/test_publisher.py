"""The publisher's identity: read from one place, printed on the legal pages, never a placeholder."""
from bouquet import publisher

FULL = {"name": "Association Exemple", "address": "1 rue de l'Exemple, 47000 Agen", "director": "Camille Martin",
        "email": "contact@example.org", "host": "GitHub Pages", "host_address": "San Francisco"}


def config(**settings):
    return {"publisher": settings}  # the plugin's settings (config.BouquetConfig)


def test_a_full_identity_is_declared_and_printed():
    identity = publisher.read_publisher(config(**FULL))
    assert identity.declared and identity.notice() == ""
    page = publisher.fill("<!-- bouquet:editeur -->\n\n## Licence", identity)
    assert "Le site est édité par Association Exemple." in page and "- Directeur ou directrice de la publication : Camille Martin" in page
    assert "[contact@example.org](mailto:contact@example.org)" in page and "hébergé par GitHub Pages, San Francisco." in page
    assert publisher.fill("<!-- bouquet:engagement -->", identity).startswith("Association Exemple s'engage")
    assert publisher.fill("<!-- bouquet:contact -->", identity) == "- par courriel : [contact@example.org](mailto:contact@example.org)"


def test_without_identity_the_page_says_so_and_the_notice_lists_each_setting_in_french():
    identity = publisher.read_publisher({})
    assert not identity.declared
    notice = identity.notice()
    for name, _ in publisher.SETTINGS:
        assert f"  - {name} : " in notice
    assert "mkdocs.yml, sous « plugins: - bouquet: publisher: »" in notice
    page = publisher.fill("<!-- bouquet:editeur -->\n<!-- bouquet:engagement -->\n<!-- bouquet:contact -->", identity)
    assert "n'a pas encore déclaré son identité" in page and "compléter" not in page
    assert "<!--" not in page


def test_missing_and_invalid_settings_are_each_reported():
    identity = publisher.read_publisher(config(**{**FULL, "director": "  ", "email": "pas-une-adresse", "name": True}))
    assert [p.split(" : ")[0] for p in identity.problems] == ["name", "director", "email"]
    assert "« pas-une-adresse » n'est pas une adresse électronique" in identity.notice()


def test_values_cannot_inject_markup():
    identity = publisher.read_publisher(config(**{**FULL, "name": "<script>x</script> [lien](javascript:x)"}))
    page = publisher.fill("<!-- bouquet:editeur -->", identity)
    assert "<script>" not in page and "[lien]" not in page


def test_required_only_when_the_deploy_asks(monkeypatch):
    monkeypatch.delenv(publisher.REQUIRE_VARIABLE, raising=False)
    assert not publisher.required()
    monkeypatch.setenv(publisher.REQUIRE_VARIABLE, "1")
    assert publisher.required()
