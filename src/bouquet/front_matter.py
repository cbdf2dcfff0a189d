"""Front matter: strict YAML parsing and conversion against the schema.

MkDocs silently drops YAML it cannot parse, and YAML itself silently turns `no` into
false and `2015-05-19` into a date. Here every scalar is checked against the type
its field declares, using the text as written, and every problem carries the line
of its key.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .geography import fold
from .problems import FORBIDDEN_CHARACTERS, Code, Problem, Rule
from .schema import DATE_PATTERN, EMAIL_PATTERN, SLUG_PATTERN, URL_PATTERN, Field, Kind
from .source import SourceFile, line_at

try:  # libyaml is ten times faster; the pure-Python composer is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NESTING = 16  # the schema needs 3; libyaml crashes past a few tens of thousands
STR = "tag:yaml.org,2002:str"
YAML_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "un booléen (oui/non)",
    "tag:yaml.org,2002:int": "un nombre",
    "tag:yaml.org,2002:float": "un nombre",
    "tag:yaml.org,2002:null": "une valeur vide",
    "tag:yaml.org,2002:timestamp": "une date",
    "tag:yaml.org,2002:seq": "une liste",
    "tag:yaml.org,2002:map": "un ensemble de champs",
}
# A fixed range (the same check result on every day): no experience of cooperation
# between local authorities predates 1900, and 0001-01-01 or 9999-12-31 are typing
# mistakes that break date arithmetic and feeds.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
HTML_LIKE = re.compile(r"<\s*[a-zA-Z!/?]")
# Field names are English; editors often type the French word (accents folded).
FRENCH_NAMES = {
    "titre": "title", "resume": "description", "themes": "tags", "theme": "tags", "porteurs": "leads", "porteur": "leads",
    "partenaires": "partners", "partenaire": "partners", "moyens": "resources", "citation": "quote", "sur_le_vif": "quote",
    "liens": "links", "lien": "links", "brouillon": "draft", "mise_a_jour": "updated", "departement": "departement",
    "region": "region", "fichier": "file", "texte": "text", "auteur": "author", "nom": "name", "courriel": "email",
    "adresse": "url", "intitule": "label", "credit": "credit", "humains": "human", "financiers": "financial", "materiels": "material",
}


@dataclass
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # dotted path → file line

    def line(self, path: str, default: int = 1) -> int:
        return self.lines.get(path, default)


def nesting_depth(text: str) -> int:
    """A cheap upper bound on YAML nesting, computed before libyaml sees the text."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    indents = {len(line) - len(line.lstrip(" -")) for line in text.split("\n") if line.strip()}
    return max(deepest, len(indents))


def parse_yaml(source: SourceFile) -> tuple[yaml.Node | None, list[Problem]]:
    """Composes the YAML of `source.front_matter` into nodes that keep their lines."""
    path, first = source.path, source.front_matter_line
    text = source.front_matter or ""
    if nesting_depth(text) > MAX_NESTING:
        return None, [Problem(path, first, "yaml-trop-imbrique", "L'en-tête YAML est imbriqué trop profondément.", "Un champ contient au plus une liste de textes ou quelques sous-champs : simplifiez l'en-tête.")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = line_at(text, mark.index, first) if mark else first
        quote = unclosed_quote(text, line - first)
        if quote is not None:
            return None, [Problem(path, first + quote, "yaml-invalide", "L'en-tête YAML est illisible : un guillemet ouvert sur cette ligne n'est jamais fermé.",
                                  "Fermez le guillemet à la fin de la valeur (« title: \"Mon titre\" »), ou retirez-le.")]
        return None, [Problem(path, line, "yaml-invalide", f"L'en-tête YAML est illisible : {_yaml_reason(error, text)}.", "Vérifiez l'indentation, les « : » après chaque nom de champ et mettez entre guillemets un texte qui contient « : » ou « # ».")]
    except yaml.reader.ReaderError as error:
        line = line_at(text, max(error.position, 0), first)
        return None, [Problem(path, line, "yaml-invalide", "L'en-tête YAML contient un caractère de contrôle non autorisé.", "Retapez cette ligne au clavier : un copier-coller a pu y glisser un caractère invisible.")]
    except (yaml.YAMLError, RecursionError, ValueError):
        return None, [Problem(path, first, "yaml-invalide", "L'en-tête YAML est illisible.", "Vérifiez l'indentation, les « : » et les guillemets de l'en-tête.")]
    return node, []


def compose(source: SourceFile) -> tuple[yaml.MappingNode | None, list[Problem]]:
    node, problems = parse_yaml(source)
    path, first = source.path, source.front_matter_line
    if problems:
        return None, problems
    if node is None:
        return None, [Problem(path, first, "entete-vide", "L'en-tête YAML est vide.", "Ajoutez au moins les champs obligatoires : title, date, description…")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(path, line_at(source.front_matter or "", node.start_mark.index, first), "entete-non-mapping", "L'en-tête YAML doit être une suite de champs « nom: valeur ».", "Écrivez un champ par ligne, par exemple « title: Mon expérience ».")]
    return node, []


_REASONS = {
    "mapping values are not allowed here": "un « : » inattendu (mettez le texte entre guillemets)",
    "mapping values are not allowed in this context": "un « : » inattendu (mettez le texte entre guillemets)",
    "found character '\\t' that cannot start any token": "une tabulation (utilisez des espaces)",
    "did not find expected key": "indentation incohérente",
    "could not find expected ':'": "il manque « : » après un nom de champ",
    "found unexpected end of stream": "un guillemet ou un crochet n'est pas fermé",
    "did not find expected node content": "une valeur manque ou un crochet n'est pas fermé",
    "but found another document": "une ligne « --- » en trop dans l'en-tête",
}


QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+|[^\s:#'"][^:#]*:\s+(?:-\s+)?)(["'])(.*)$""")


QUOTED_REST = {'"': re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL), "'": re.compile(r"(?:[^']|'')*'")}


def unclosed_quote(text: str, error_index: int) -> int | None:
    """The index of the first line, up to the error's, whose value opens a quote
    that is never closed, or closed with text after it: where an editor forgot
    the closing quote. A quoted value that goes on over several lines is fine."""
    lines = text.split("\n")
    index = offset = 0
    while index <= min(error_index, len(lines) - 1):
        line = lines[index]
        match = QUOTED_VALUE.match(line)
        if match:
            start = offset + match.start(2)
            closing = QUOTED_REST[match.group(1)].match(text, start)
            end_of_line = text.find("\n", closing.end()) if closing else -1
            after = text[closing.end() : end_of_line if end_of_line >= 0 else len(text)] if closing else ""
            if closing is None or not (after.strip() == "" or after.lstrip().startswith("#")):
                return index
            closed_on = line_at(text, closing.end() - 1)
            if closed_on - 1 > index:  # a value over several lines: go on after it
                offset += sum(len(lines[i]) + 1 for i in range(index, closed_on - 1))
                index = closed_on - 1
                continue
        offset += len(line) + 1
        index += 1
    return None


def _yaml_reason(error: yaml.MarkedYAMLError, text: str = "") -> str:
    problem = (error.problem or "").strip()
    mark = error.problem_mark
    if "tab" in problem or (mark and text[mark.index : mark.index + 1] == "\t"):
        return "une tabulation (utilisez des espaces)"
    for english, french in _REASONS.items():
        if problem.startswith(english) or english in (error.context or ""):
            return french
    return "erreur de syntaxe"


class FieldWalker:
    """Converts a composed YAML tree into Python values, field by field."""

    def __init__(self, source: SourceFile):
        self.path = source.path
        self.first = source.front_matter_line
        self.yaml_text = source.front_matter or ""
        self.problems: list[Problem] = []
        self.result = FrontMatter()
        self.seen: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        # YAML also ends lines at CR, NEL, U+2028 and U+2029: count LF only (source.py).
        return line_at(self.yaml_text, node.start_mark.index, self.first)

    def report(self, node_or_line, code: str, message: str, hint: str = "") -> None:
        line = node_or_line if isinstance(node_or_line, int) else self.line_of(node_or_line)
        self.problems.append(Problem(self.path, line, code, message, hint))

    def mapping(self, node: yaml.MappingNode, fields: tuple[Field, ...], prefix: str, label: str) -> dict[str, Any]:
        by_name = {f.name: f for f in fields}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR:
                self.report(key_node, "cle-invalide", f"Nom de champ invalide dans {label}.", "Un nom de champ est un mot simple suivi de « : », comme « title: ».")
                continue
            name = key_node.value
            dotted = f"{prefix}{name}"
            if name in values or dotted in self.result.lines:
                self.report(key_node, "cle-en-double", f"Le champ « {name} » est écrit deux fois.", f"Gardez un seul « {name}: » (la ligne {self.result.lines[dotted]} le donne déjà).")
                continue
            self.result.lines[dotted] = self.line_of(key_node)
            spec = by_name.get(name)
            if spec is None:
                french = FRENCH_NAMES.get(fold(name).replace(" ", "_").replace("-", "_"))
                close = [french] if french in by_name else difflib.get_close_matches(name.lower(), list(by_name), n=1, cutoff=0.6)
                hint = f"Vouliez-vous dire « {close[0]} » ?" if close else "Champs possibles : " + ", ".join(by_name) + "."
                self.report(key_node, "cle-inconnue", f"Champ inconnu « {name} » dans {label}.", hint)
                continue
            value = self.value(value_node, spec, dotted, self.line_of(key_node))
            if value is not None:
                values[name] = value
        for spec in fields:
            if spec.required and spec.name not in values and f"{prefix}{spec.name}" not in self.result.lines:
                where = self.result.lines.get(prefix[:-1], self.line_of(node)) if prefix else self.first
                example = f" ({spec.help})" if spec.help else ""
                self.report(where, spec.missing_code, f"Le champ obligatoire « {display(prefix + spec.name)} » ({spec.label}) manque.", f"Ajoutez une ligne « {spec.name}: … »{example}")
        return values

    def value(self, node: yaml.Node, spec: Field, dotted: str, line: int) -> Any:
        if id(node) in self.seen:
            self.report(line, "yaml-alias", f"« {display(dotted)} » réutilise une autre valeur par un alias YAML (*).", "Écrivez la valeur en entier : les ancres (&) et alias (*) ne sont pas acceptés.")
            return None
        self.seen.add(id(node))
        spec = shape_of(node, spec)
        if spec.kind is Kind.MAPPING:
            if not isinstance(node, yaml.MappingNode):
                return self.wrong_type(node, spec, dotted, line, "un ensemble de sous-champs")
            return self.mapping(node, spec.children, f"{dotted}.", f"« {display(dotted)} »")
        if spec.kind is Kind.LIST:
            return self.sequence(node, spec, dotted, line)
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong_type(node, spec, dotted, line, _expected(spec))
        return self.scalar(node, spec, dotted, line)

    def sequence(self, node: yaml.Node, spec: Field, dotted: str, line: int) -> list | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and spec.item and spec.item.kind is not Kind.MAPPING:
            self.report(line, "type-invalide", f"« {display(dotted)} » doit être une liste.", f"Écrivez « {dotted.split('.')[-1]}: [\"{_shorten(node.value)}\"] » ou une ligne « - {node.value} » par élément.")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.wrong_type(node, spec, dotted, line, "une liste")
            return None
        assert spec.item is not None  # a LIST field declares its items (schema.py)
        items = []
        for index, item_node in enumerate(node.value):
            item_path = f"{dotted}.{index}"
            self.result.lines[item_path] = self.line_of(item_node)
            item = self.value(item_node, spec.item, item_path, self.line_of(item_node))
            if item is not None:
                items.append(item)
        count = len(node.value)
        if spec.min_items and count < spec.min_items:
            self.report(line, "liste-trop-courte", f"« {display(dotted)} » doit contenir au moins {spec.min_items} élément(s).", f"Ajoutez au moins {spec.min_items} élément(s)." + (f" {spec.help}" if spec.help else ""))
        if spec.max_items and count > spec.max_items:
            self.report(line, "liste-trop-longue", f"« {display(dotted)} » contient {count} éléments ; le maximum est {spec.max_items}.", "Gardez les plus importants.")
        return items

    def scalar(self, node: yaml.ScalarNode, spec: Field, dotted: str, line: int) -> Any:
        plain = node.style in (None, "")
        raw = node.value
        if spec.kind is Kind.BOOL:
            if node.tag != "tag:yaml.org,2002:bool":
                return self.wrong_type(node, spec, dotted, line, "true ou false")
            return raw.lower() in ("true", "yes", "on", "y")
        if spec.kind is Kind.DATE:
            return self.date(node, spec, dotted, line)
        if spec.kind is Kind.DEPARTEMENT and plain and node.tag == "tag:yaml.org,2002:int":
            return raw  # the code as written: 01 stays "01", never the number 1
        if node.tag != STR:
            return self.wrong_type(node, spec, dotted, line, _expected(spec))
        if plain and raw.count('"') % 2:
            self.report(line, "guillemet-isole", f"« {display(dotted)} » contient un guillemet « \" » sans son pendant : il serait publié tel quel.",
                        f"Mettez la valeur entière entre guillemets (« {dotted.split('.')[-1]}: \"…\" ») ou retirez le guillemet isolé.")
            return None
        if spec.kind in (Kind.TEXT, Kind.DEPARTEMENT):
            return self.text(raw, spec, dotted, line)
        text = raw.strip()
        if spec.kind in (Kind.URL, Kind.EMAIL) and FORBIDDEN_CHARACTERS.search(text):
            self.report(line, "caractere-interdit", f"« {display(dotted)} » contient un caractère invisible ou de contrôle.", "Retapez cette adresse au clavier (un copier-coller a pu apporter des caractères cachés).")
            return None
        if spec.kind is Kind.URL and not URL_PATTERN.fullmatch(text):
            self.report(line, "url-invalide", f"« {display(dotted)} » n'est pas une adresse web valide : « {_shorten(text)} ».", "Écrivez l'adresse complète, commençant par https:// (ou http://).")
            return None
        if spec.kind is Kind.EMAIL and not EMAIL_PATTERN.fullmatch(text):
            self.report(line, "courriel-invalide", f"« {display(dotted)} » n'est pas une adresse électronique valide : « {_shorten(text)} ».", "Écrivez une adresse de la forme nom@domaine.fr.")
            return None
        if spec.kind is Kind.SLUG and not SLUG_PATTERN.fullmatch(text):
            self.report(line, "slug-invalide", f"« {_shorten(text)} » n'est pas un nom de fichier d'expérience valide.", "Utilisez le nom du fichier sans « .md » : minuscules, chiffres et tirets.")
            return None
        if spec.kind is Kind.PATH:
            return self.text(raw, spec, dotted, line)
        return text

    def text(self, raw: str, spec: Field, dotted: str, line: int) -> str | None:
        if FORBIDDEN_CHARACTERS.search(raw):
            self.report(line, "caractere-interdit", f"« {display(dotted)} » contient un caractère invisible ou de contrôle.", "Retapez ce texte au clavier (un copier-coller a pu apporter des caractères cachés).")
            return None
        text = " ".join(raw.split())
        if not text:
            self.empty(spec, dotted, line)
            return None
        if HTML_LIKE.search(text):
            self.report(line, "html-dans-texte", f"« {display(dotted)} » contient une balise HTML ; ce champ est du texte simple.", "Retirez les « < … > » : la mise en forme se fait dans le corps du texte, en Markdown.")
            return None
        if spec.max_length and len(text) > spec.max_length:
            self.report(line, "texte-trop-long", f"« {display(dotted)} » fait {len(text)} caractères ; le maximum est {spec.max_length}.", f"Raccourcissez de {len(text) - spec.max_length} caractère(s).")
            return None
        return text

    def date(self, node: yaml.ScalarNode, spec: Field, dotted: str, line: int) -> dt.date | None:
        raw = node.value.strip()
        if node.tag == "tag:yaml.org,2002:null" and not raw:
            self.empty(spec, dotted, line)
            return None
        if node.tag not in (STR, "tag:yaml.org,2002:timestamp") or not DATE_PATTERN.fullmatch(raw):
            self.report(line, "date-invalide", f"« {display(dotted)} » doit être une date au format AAAA-MM-JJ, pas « {_shorten(raw)} ».", "Exemple : 2015-05-19 (année sur 4 chiffres, mois et jour sur 2).")
            return None
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            self.report(line, "date-impossible", f"La date « {raw} » de « {display(dotted)} » n'existe pas.", "Vérifiez le jour et le mois (par exemple, février a 28 ou 29 jours).")
            return None
        if not FIRST_DATE <= day <= LAST_DATE:
            self.report(line, "date-hors-limites", f"La date « {raw} » de « {display(dotted)} » est hors des limites acceptées ({FIRST_DATE.year}–{LAST_DATE.year}).",
                        "Vérifiez l'année : elle s'écrit sur 4 chiffres, par exemple 2015-05-19.")
            return None
        return day

    def empty(self, spec: Field, dotted: str, line: int) -> None:
        if spec.required:
            example = f" ({spec.help})" if spec.help else ""
            self.report(line, "champ-vide", f"Le champ obligatoire « {display(dotted)} » ({spec.label}) est vide.", f"Écrivez sa valeur après « {dotted.split('.')[-1]}: »{example}")
        else:
            self.report(line, "champ-vide", f"Le champ « {display(dotted)} » ({spec.label}) est vide.", "Écrivez une valeur, ou supprimez la ligne : ce champ est facultatif.")
        return None

    def wrong_type(self, node: yaml.Node, spec: Field, dotted: str, line: int, expected: str) -> None:
        if node.tag == "tag:yaml.org,2002:null" and isinstance(node, yaml.ScalarNode) and not node.value.strip("~").strip() and node.value.lower() != "null":
            return self.empty(spec, dotted, line)
        found = YAML_TYPE_NAMES.get(node.tag, "une valeur d'un autre type")
        if isinstance(node, yaml.ScalarNode) and node.tag != STR and expected in ("un texte", _expected(spec)):
            key = dotted.split(".")[-1]
            written = f"- \"{_shorten(node.value)}\"" if key.isdigit() else f"{key}: \"{_shorten(node.value)}\""
            hint = f"Mettez la valeur entre guillemets : {written}"
        else:
            hint = f"Attendu : {expected}." + (f" {spec.help}" if spec.help else "")
        self.report(line, "type-invalide", f"« {display(dotted)} » doit être {expected}, mais YAML y lit {found}.", hint)
        return None


def shape_of(node: yaml.Node, spec: Field) -> Field:
    """The declaration that reads *node*: the field's own, or its alternative shape
    when the node is of that shape (a mapping where the field is a text)."""
    other = spec.alternative
    if other is None or spec.kind is other.kind:
        return spec
    if (other.kind is Kind.MAPPING) == isinstance(node, yaml.MappingNode):
        return other
    return spec


def display(dotted: str) -> str:
    """`links.0.url` → `links n°1 › url`: how an editor counts list items."""
    parts = [f"n°{int(part) + 1}" if part.isdigit() else part for part in dotted.split(".")]
    text = parts[0]
    for part in parts[1:]:
        text += f" {part}" if part.startswith("n°") else f" › {part}"
    return text


def _expected(spec: Field) -> str:
    return {
        Kind.BOOL: "true ou false",
        Kind.DATE: "une date",
        Kind.DEPARTEMENT: "un code de département",
    }.get(spec.kind, "un texte")


def _shorten(text: str, limit: int = 60) -> str:
    text = FORBIDDEN_CHARACTERS.sub("?", unicodedata.normalize("NFC", str(text)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_front_matter(source: SourceFile, fields: tuple[Field, ...]) -> tuple[FrontMatter | None, list[Problem]]:
    node, problems = compose(source)
    if node is None:
        return None, problems
    walker = FieldWalker(source)
    walker.result.values = walker.mapping(node, fields, "", "l'en-tête")
    return walker.result, walker.problems


RULE = Rule(
    "front-matter", ("experience", "bouquet", "page"), "Chaque champ de l'en-tête est connu, écrit une fois et du type que déclare schema.py.",
    (
        Code("yaml-invalide", "l'en-tête est illisible : un « : » ou un guillemet mal placé, une tabulation", "mettez le texte entre guillemets, vérifiez les décalages"),
        Code("yaml-trop-imbrique", "l'en-tête est imbriqué bien plus profondément que ne le demande un champ", "simplifiez l'en-tête"),
        Code("yaml-alias", "une valeur en réutilise une autre par un alias YAML (`&`, `*`)", "écrivez la valeur en entier"),
        Code("entete-vide", "l'en-tête ne contient aucun champ", "ajoutez au moins les champs obligatoires"),
        Code("entete-non-mapping", "l'en-tête n'est pas une suite de champs « nom: valeur »", "écrivez un champ par ligne"),
        Code("cle-invalide", "un nom de champ n'est pas un mot simple", "écrivez le nom suivi de « : », comme « title: »"),
        Code("cle-inconnue", "un nom de champ est mal écrit (`titre` au lieu de `title`)", "utilisez le nom proposé par l'indice"),
        Code("cle-en-double", "un champ est écrit deux fois", "gardez-en un seul"),
        Code("champ-manquant", "un champ obligatoire manque", "ajoutez la ligne indiquée"),
        Code("champ-vide", "un champ est écrit sans valeur (`title:` seul)", "écrivez la valeur après les « : », ou supprimez la ligne d'un champ facultatif"),
        Code("type-invalide", "la valeur n'est pas du bon type (un nombre au lieu d'un texte…)", "mettez la valeur entre guillemets, comme le montre l'indice"),
        Code("texte-trop-long", "un texte dépasse la longueur permise", "raccourcissez du nombre de caractères indiqué"),
        Code("html-dans-texte", "un champ de texte simple contient une balise HTML", "retirez les « < … > » ; la mise en forme se fait dans le corps du texte"),
        Code("guillemet-isole", "un guillemet `\"` sans son pendant serait publié tel quel", "entourez toute la valeur de guillemets, ou retirez-le"),
        Code("caractere-interdit", "un caractère invisible (souvent venu d'un copier-coller) se cache dans le texte ou une adresse", "retapez le passage au clavier"),
        Code("liste-trop-courte", "une liste a moins d'éléments que le minimum", "ajoutez les éléments demandés"),
        Code("liste-trop-longue", "une liste a plus d'éléments que le maximum", "gardez les plus importants"),
        Code("url-invalide", "une adresse web n'est pas complète", "écrivez-la en entier, commençant par https://"),
        Code("courriel-invalide", "une adresse électronique n'a pas la forme nom@domaine.fr", "corrigez l'adresse"),
        Code("date-invalide", "une date n'est pas au format AAAA-MM-JJ", "écrivez-la comme 2015-05-19"),
        Code("date-impossible", "une date n'existe pas (un 30 février)", "vérifiez le jour et le mois"),
        Code("date-hors-limites", "une date avant 1900 ou après 2099 (souvent une faute de frappe dans l'année)", "vérifiez l'année"),
    ),
    lambda source, fields: read_front_matter(source, fields), scope="reading",
)
