"""The front-matter schema: one declaration per field, the single source of truth.

The validator (front_matter.py), the JSON Schema served to tools (json_schema.py)
and the web editor's configuration are all derived from these declarations, so they
cannot drift apart. Field names are English and fixed; labels and help are French
because editors read them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    TEXT = "text"  # plain text on one line: no HTML, no control characters
    DATE = "date"  # YYYY-MM-DD
    BOOL = "bool"
    URL = "url"  # absolute http(s) URL
    EMAIL = "email"
    SLUG = "slug"
    DEPARTEMENT = "departement"  # INSEE code, kept as written ("01", "2A", "971")
    PATH = "path"  # a file under content/, e.g. images/odyssee.jpg
    LIST = "list"  # of `item`
    MAPPING = "mapping"  # of `children`


# ---------------------------------------------------------------------------
# Values. The validator matches these with fullmatch; the JSON Schema, the web
# editor's form and the open data package derive their patterns from them
# (json_schema.ecma_pattern): write them with explicit classes, no flags ([0-9]
# rather than \d, which is any script's digit).
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
URL_PATTERN = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"]+\.[^\s<>\"]+")
EMAIL_PATTERN = re.compile(r"[^@\s<>\"]+@[^@\s<>\".]+(\.[^@\s<>\".]+)+")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: The pattern each kind of value must match, where it has one.
PATTERNS = {Kind.DATE: DATE_PATTERN, Kind.URL: URL_PATTERN, Kind.EMAIL: EMAIL_PATTERN, Kind.SLUG: SLUG_PATTERN}

#: Image files (Kind.PATH): extension → the formats Pillow may find in such a file
#: (MPO: a JPEG with a second, stereo or preview, picture, as many cameras write
#: them). No GIF (CONTRIBUTING and README accept JPEG, PNG, WebP and AVIF), no SVG
#: (it may hold script).
IMAGE_FORMATS = {".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",), ".webp": ("WEBP",),
                 ".avif": ("AVIF",)}
#: Pillow's format names as editors know them.
IMAGE_FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF", "GIF": "GIF"}
#: The accepted formats as editors read them: ("JPEG", "PNG", "WebP", "AVIF").
IMAGE_FORMAT_LABELS = tuple(dict.fromkeys(IMAGE_FORMAT_NAMES[names[0]] for names in IMAGE_FORMATS.values()))


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: str  # French, as an editor sees it in errors and in the web editor
    help: str = ""
    required: bool = False
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    item: Field | None = None
    children: tuple[Field, ...] = field(default_factory=tuple)
    example: object = None  # a value an editor could write; a mapping's is its children's (example_value)
    missing_code: str = "champ-manquant"  # a more telling code for some fields
    unique: bool = False  # a list whose items may not repeat (the validator refuses a repeat)
    choices: str = ""  # the closed vocabulary the value is taken from: "themes", "regions"
    form_hint: str = ""  # the web editor's hint, where `help` speaks of YAML the form does not show
    within: str = ""  # the field whose value must contain this one (a commune in its département)
    derived_from: str = ""  # the field this one can be deduced from (the région of the département)
    not_before: str = ""  # the date field this date may not precede (dates rule, web editor)
    # The other shape the value may take, told apart by YAML's node (a text or a
    # mapping): a lead is "Ville de Quintin" or {name: "Ville de Quintin", kind: "commune"}.
    alternative: Field | None = None

    def child(self, name: str) -> Field | None:
        return next((c for c in self.children if c.name == name), None)


def _text(name: str, label: str, max_length: int, **kwargs) -> Field:
    return Field(name, Kind.TEXT, label, max_length=max_length, **kwargs)


def _text_list(name: str, label: str, help: str, max_items: int = 30, item: Field | None = None, **kwargs) -> Field:
    return Field(
        name, Kind.LIST, label, help=help, max_items=max_items,
        item=item or _text("item", label, 300), **kwargs,
    )


def example_value(spec: Field) -> object:
    """The field's example as the front-matter reader gives it (a date as a date): its own,
    or a mapping's made of its children's, a list of mappings' of its item's; None if none.

    scripts/new.py comments them out in a new file and scripts/fields_doc.py puts them in
    CONTRIBUTING's tables: declared on the field, an example follows it when it is renamed.
    """
    if spec.example is not None:
        return dt.date.fromisoformat(spec.example) if spec.kind is Kind.DATE and isinstance(spec.example, str) else spec.example
    if spec.kind is Kind.MAPPING:
        children = {child.name: example_value(child) for child in spec.children}
        return {name: value for name, value in children.items() if value is not None} or None
    if spec.kind is Kind.LIST and spec.item is not None and spec.item.kind is Kind.MAPPING:
        item = example_value(spec.item)
        return [item] if item is not None else None
    return None


#: The kinds of structure that lead an experience (« Structure porteuse »), a closed
#: list: the search's filter, the sheet and the open data read them as written here.
LEAD_KINDS = ("commune", "intercommunalité", "département", "région", "association", "entreprise",
              "service de l'État", "établissement public", "autre")
#: The name of that closed vocabulary in `Field.choices`.
LEAD_KIND_CHOICES = "lead_kinds"

LEAD = _text(
    "item", "Porteur", 300,
    alternative=Field(
        "item", Kind.MAPPING, "Porteur",
        children=(
            _text("name", "Nom de la structure", 300, required=True, example="Ville de Quintin"),
            _text("kind", "Type de structure", 40, choices=LEAD_KIND_CHOICES,
                  help="Un de : " + ", ".join(LEAD_KINDS) + ".", example="commune"),
        ),
    ),
)


IMAGE = Field(
    "image", Kind.MAPPING, "Image",
    help="Une image dans content/images/, avec son texte alternatif et son crédit.",
    children=(
        Field("file", Kind.PATH, "Fichier", required=True, help="Chemin depuis content/, par ex. images/atelier-velo.jpg", example="images/atelier-velo.jpg"),
        _text("alt", "Texte alternatif", 250, required=True, missing_code="image-sans-alt", help="Ce que montre l'image, pour qui ne la voit pas.",
              example="Deux habitants réparent un vélo sur un pied d'atelier."),
        _text("credit", "Crédit", 150, help="Auteur ou source de l'image, par ex. © Ville de Blanquefort", example="© Ville de Blanquefort"),
    ),
)

EXPERIENCE_FIELDS: tuple[Field, ...] = (
    _text("title", "Titre", 150, required=True, help="Titre de l'expérience, en texte simple.", example="Un atelier vélo municipal à Blanquefort"),
    Field("date", Kind.DATE, "Date de mise en ligne", required=True,
          help="Le jour où la fiche est publiée sur ce site (affiché « Mise en ligne le … »), au format AAAA-MM-JJ ; la date donnée par la source va dans source.date.",
          example="2026-11-21"),
    Field("updated", Kind.DATE, "Date de mise à jour",
          help="Le jour de la dernière mise à jour de la fiche sur ce site (affiché « Mise à jour le … »), au format AAAA-MM-JJ, pas avant « date ».",
          not_before="date", example="2026-12-01"),
    _text("description", "Résumé", 400, required=True, help="Deux ou trois phrases : elles apparaissent dans les listes, les flux et la recherche.",
          example="La ville accompagne les habitants dans la réparation de leurs vélos."),
    Field(
        "tags", Kind.LIST, "Thèmes", required=True, min_items=1, max_items=5,
        help="De 1 à 5 thèmes pris dans content/themes.yml.", unique=True,
        item=_text("item", "Thème", 80, choices="themes"), example=["Mobilité", "Vie associative et bénévolat"],
    ),
    Field(
        "audiences", Kind.LIST, "Publics", max_items=5, unique=True,
        help="De 0 à 5 publics visés, pris dans content/publics.yml (par ex. « Jeunes », « Personnes âgées »).",
        item=_text("item", "Public", 80, choices="audiences"), example=["Jeunes"],
    ),
    _text("commune", "Commune", 100, help="Nom officiel de la commune ; exige le département.", example="Blanquefort",
          within="departement"),
    Field("departement", Kind.DEPARTEMENT, "Département", help="Code INSEE entre guillemets : \"33\", \"2A\", \"974\".", example="33",
          form_hint="Choisissez le département : la région s'en déduit."),
    _text("region", "Région", 60, help="Une des 18 régions actuelles ; déduite du département si absente.", example="Nouvelle-Aquitaine",
          choices="regions", derived_from="departement", form_hint="Inutile si le département est choisi : elle s'en déduit."),
    Field(
        "inspired_by", Kind.LIST, "Inspirée de", max_items=10, unique=True,
        help="Essaimage : les noms de fichier (sans .md) des expériences dont celle-ci s'est inspirée ; leur fiche affichera « Essaimée à … ».",
        item=Field("item", Kind.SLUG, "Expérience"), example=["cafe-partenaires-agen-montanou"],
    ),
    _text_list("leads", "Porteurs de l'action",
               "Structures qui portent l'action : une ligne « - Ville de Quintin » chacune, ou, pour dire de quel type est la structure, "
               "« - {name: \"Ville de Quintin\", kind: \"commune\"} » (types : " + ", ".join(LEAD_KINDS) + ").",
               item=LEAD, example=[{"name": "Ville de Blanquefort", "kind": "commune"}, "Association Vélo-Cité"]),
    _text_list("partners", "Partenaires", "Structures partenaires.", example=["Association Vélo-Cité", "Département de la Gironde"]),
    _text_list("impacts", "Impacts", "Effets constatés, une ligne chacun.", example=["110 adhérents dix-huit mois après l'ouverture"]),
    Field(
        "resources", Kind.MAPPING, "Moyens", help="Moyens humains, financiers et matériels.",
        children=(
            _text("human", "Moyens humains", 500, example="Un animateur à mi-temps"),
            _text("financial", "Moyens financiers", 500, example="12 000 € par an, financés par la ville"),
            _text("material", "Moyens matériels", 500, example="Un local municipal et un stock de pièces détachées"),
        ),
    ),
    Field(
        "quote", Kind.MAPPING, "Sur le vif", help="Une citation d'un acteur de l'expérience.",
        children=(
            _text("text", "Citation", 600, required=True,
                  example="Les habitants viennent réparer leur vélo et repartent avec l'envie de s'en servir."),
            _text("author", "Auteur de la citation", 150, example="Un animateur de l'atelier"),
        ),
    ),
    Field(
        "contact", Kind.MAPPING, "Contact",
        children=(
            _text("name", "Nom", 150, example="Camille Martin"),
            _text("role", "Fonction", 200, example="Chargée de mission mobilités"),
            Field("email", Kind.EMAIL, "Courriel", example="contact@example.org"),
            _text("phone", "Téléphone", 40, example="05 56 00 00 00"),
            Field("url", Kind.URL, "Site web", example="https://example.org/atelier"),
        ),
    ),
    Field(
        "source", Kind.MAPPING, "Source", help="Qui a recueilli l'expérience.",
        children=(
            _text("name", "Nom de la source", 150, required=True, example="Mairie-conseils"),
            Field("url", Kind.URL, "Lien vers la source", example="https://example.org/fiche-atelier"),
            Field("date", Kind.DATE, "Date de publication par la source",
                  help="Le jour où la source a publié l'expérience (affiché « Publiée par <source> le … »), au format AAAA-MM-JJ ; à laisser vide si la source n'en donne pas : le site dit alors qu'elle est inconnue. L'année sert au filtre « année » de la recherche et aux graphiques des régions.",
                  example="2013-02-25"),
            Field("updated", Kind.DATE, "Date de mise à jour par la source",
                  help="Le jour où la source a mis sa fiche à jour (« Mis à jour le … » chez elle ; affiché « Mise à jour par <source> le … »), au format AAAA-MM-JJ, pas avant source.date.",
                  example="2014-03-10"),
        ),
    ),
    Field(
        "links", Kind.LIST, "Pour aller plus loin", max_items=10,
        item=Field(
            "item", Kind.MAPPING, "Lien",
            children=(
                _text("label", "Intitulé du lien", 150, required=True, example="Le site de l'atelier"),
                Field("url", Kind.URL, "Adresse", required=True, example="https://example.org/atelier"),
            ),
        ),
    ),
    IMAGE,
    Field("draft", Kind.BOOL, "Brouillon", help="true pour ne pas publier le fichier.",
          form_hint="Activé : la fiche n'est publiée nulle part (brouillon).", example=True),
)

BOUQUET_FIELDS: tuple[Field, ...] = (
    _text("title", "Titre", 150, required=True,
          example="Co-construction territoriale : quand les acteurs d'un territoire agissent ensemble"),
    Field("date", Kind.DATE, "Date d'édition", required=True, help="Au format AAAA-MM-JJ : « Actualisé le … ».", example="2026-11-21"),
    _text("description", "Résumé", 400, required=True,
          example="Cinq façons de faire travailler ensemble collectivités, associations, entreprises et habitants."),
    Field(
        "experiences", Kind.LIST, "Expériences", required=True, min_items=1, max_items=200, unique=True,
        help="Les noms de fichier (sans .md) des expériences du bouquet.",
        item=Field("item", Kind.SLUG, "Expérience"), example=["cafe-partenaires-fumel", "conseil-bimensuel-associations-halluin"],
    ),
    Field(
        "source", Kind.MAPPING, "Source",
        help="L'édition d'origine, quand le bouquet reprend celui d'une autre structure.",
        children=(
            _text("name", "Nom de la source", 150, required=True, example="Mairie-conseils"),
            Field("url", Kind.URL, "Lien vers la source", example="https://example.org/bouquet-d-origine"),
            Field("date", Kind.DATE, "Date de l'édition source",
                  help="Le jour où la source a actualisé son bouquet pour la dernière fois (affiché « Édition d'origine : <source>, actualisée le … »), au format AAAA-MM-JJ.",
                  example="2015-05-19"),
        ),
    ),
    IMAGE,
    Field("draft", Kind.BOOL, "Brouillon", help="true pour ne pas publier le fichier.",
          form_hint="Activé : la fiche n'est publiée nulle part (brouillon).", example=True),
)

LETTER_FIELDS: tuple[Field, ...] = (
    _text("title", "Titre de la lettre", 150, required=True, help="L'objet du courriel, par ex. « Lettre du 21 novembre 2026 ».",
          example="Lettre du 21 novembre 2026"),
    Field("date", Kind.DATE, "Date de la lettre", required=True,
          help="Le jour d'envoi, au format AAAA-MM-JJ ; le fichier s'appelle content/lettres/<date>.md. La lettre présente ce qui a été mis en ligne depuis la lettre précédente, jusqu'à ce jour inclus.",
          example="2026-11-21"),
    Field("since", Kind.DATE, "Depuis le",
          help="Facultatif : la lettre présente ce qui a été mis en ligne après ce jour (par défaut, après la date de la lettre précédente ; depuis toujours pour la première)."),
    _text("description", "Résumé", 400, help="Une phrase : l'aperçu que montrent les messageries et le flux des lettres."),
    Field("draft", Kind.BOOL, "Brouillon", help="true pour ne pas publier la lettre."),
)

PAGE_FIELDS: tuple[Field, ...] = (
    _text("title", "Titre", 150, required=True),
    _text("description", "Résumé", 400),
)

THEME_FIELDS: tuple[Field, ...] = (
    _text("name", "Nom du thème", 80, required=True),
    _text("description", "Description du thème", 300, required=True),
)
