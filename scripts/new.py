#!/usr/bin/env python3
"""Create a new experience file, valid and commented: content/experiences/<slug>.md.

    python scripts/new.py --title "Un atelier vélo" --commune Blanquefort \\
        --departement 33 --theme Mobilité [--theme …] [--description "…"] \\
        [--date AAAA-MM-JJ] [--content content]

Whatever is missing is asked for when the standard input is a terminal (`make new`).
The slug is the title as the web editor (Decap CMS) slugs it, so that both paths give
the same file name (bouquet.file_names.slug_from_title): lowercase ASCII, accents
folded, the apostrophe ' dropped, every run of other characters one hyphen, so
"Équipe d'été à Saint-Étienne" → equipe-dete-a-saint-etienne.

The inputs are checked with the checker's own code (the theme vocabulary with its
suggestions, the commune in its département), then the whole file is read back by
the checker's front-matter reader and rules before it is written. An existing file is
never overwritten (exit 1). The file starts as `draft: true`: it is published once the
editor has written it and removed that line.

Exit codes: 0 written, 1 refused (invalid input, file exists), 2 usage error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bouquet import geography
from bouquet.cms import EXPERIENCE_SECTIONS
from bouquet.content_files import list_content
from bouquet.file_names import slug_from_title
from bouquet.front_matter import read_front_matter
from bouquet.load import Context, Document
from bouquet.problems import Problem
from bouquet.rules import DOCUMENT_RULES
from bouquet.schema import EXPERIENCE_FIELDS, LEAD_KINDS, SLUG_PATTERN, Field, Kind, example_value
from bouquet.source import normalise, split
from bouquet.themes import Vocabulary, load_vocabulary
from bouquet.yaml_writer import yaml_lines, yaml_scalar  # noqa: F401 - yaml_scalar: part of this script's interface

DESCRIPTION_TODO = "À compléter : deux ou trois phrases qui résument l'expérience (elles apparaissent dans les listes et la recherche)."

#: What each optional field is for, when schema.py's help says too little for a newcomer.
COMMENTS = {
    "updated": "Date de la dernière mise à jour de la fiche sur ce site (AAAA-MM-JJ), pas avant « date ».",
    "region": "Région : inutile, elle se déduit du département.",
    "commune": "Commune : son nom officiel ; exige le département.",
    "departement": "Département : code INSEE entre guillemets.",
    "leads": "Porteurs de l'action : une ligne « - … » par structure ; pour dire de quel type elle est, « - name: … » puis « kind: … » (" + ", ".join(LEAD_KINDS) + ").",
    "partners": "Partenaires : une ligne « - … » par structure.",
    "impacts": "Impacts constatés : une ligne « - … » par effet.",
    "resources": "Moyens humains, financiers et matériels (chacun facultatif).",
    "quote": "« Sur le vif » : une citation (text obligatoire) et son auteur.",
    "contact": "Contact (avec l'accord de la personne) : chaque ligne est facultative.",
    "source": "Source : qui a recueilli l'expérience (name obligatoire) ; date : le jour où la source l'a publiée, updated : sa mise à jour chez la source (sans date connue, laissez-les de côté).",
    "links": "Pour aller plus loin : jusqu'à 10 liens, chacun avec label et url.",
    "image": "Image : le fichier dans content/images/, son texte alternatif (obligatoire) et son crédit.",
}


class Refused(Exception):
    """Input that cannot make a valid file; the message is for the editor."""


# ---------------------------------------------------------------------------
# Inputs


def resolve_themes(names: list[str], vocabulary: Vocabulary) -> list[str]:
    """The vocabulary's own spelling of each theme; a close name is refused with a suggestion.

    A name that differs only by accents or capitals (same fold as the checker's
    suggestion) is accepted under its official spelling.
    """
    if not names:
        raise Refused("Donnez au moins un thème (--theme), pris dans content/themes.yml.")
    resolved: list[str] = []
    errors: list[str] = []
    for name in names:
        name = name.strip()
        theme = vocabulary.get(name)
        if theme is None:
            suggestion = vocabulary.suggest(name)
            if suggestion and geography.fold(suggestion) == geography.fold(name):
                theme = vocabulary.get(suggestion)
                assert theme is not None  # the vocabulary's own suggestion
            else:
                hint = f"Vouliez-vous dire « {suggestion} » ?" if suggestion else "Choisissez un thème de content/themes.yml (make new les affiche)."
                errors.append(f"Le thème « {name} » n'existe pas dans le vocabulaire → {hint}")
                continue
        if theme.name in resolved:
            errors.append(f"Le thème « {theme.name} » est donné deux fois → Gardez-le une seule fois.")
            continue
        resolved.append(theme.name)
    maximum = _field("tags").max_items
    if maximum is not None and len(resolved) > maximum:
        errors.append(f"{len(resolved)} thèmes : le maximum est {maximum} → Gardez les plus importants.")
    if errors:
        raise Refused("\n".join(errors))
    return resolved


def resolve_departement(code: str) -> str:
    """An INSEE code; a name or a postcode that designates one département is converted."""
    text = code.strip()
    if geography.departement(text) is not None:
        return text
    hint = geography.departement_hint(text)
    if hint and geography.departement(hint) is not None:
        return hint
    suggestion = f"Vouliez-vous dire « {hint} » ?" if hint else "Donnez le code INSEE : 01 à 95, 2A, 2B, 971 à 976."
    raise Refused(f"Le code de département « {text} » n'existe pas → {suggestion}")


def resolve_commune(name: str, code: str | None) -> str:
    """The official name of the commune in that département (as the checker finds it)."""
    if not code:
        raise Refused(f"La commune « {name} » est donnée sans département → Ajoutez --departement (le code INSEE, ex. 33).")
    found = geography.find_commune(name, code)
    if found is not None:
        return found.name
    departement = geography.departement(code)
    close = geography.commune_suggestions(name, code)
    hints = [f"Vouliez-vous dire « {' », « '.join(close)} » ?"] if close else []
    elsewhere = sorted({c.departement for c in geography.communes_named(name)}, key=lambda d: geography.departement_sort_key(d.code))
    if elsewhere:
        places = ", ".join(f"{d.name} ({d.code})" for d in elsewhere[:3])
        hints.append(f"Une commune « {name} » existe dans : {places}.")
    hint = " ".join(hints) or "Vérifiez l'orthographe officielle (Code officiel géographique de l'Insee)."
    where = f"{departement.name} ({departement.code})" if departement else code
    raise Refused(f"Aucune commune « {name} » dans le département {where} → {hint}")


def make_slug(title: str) -> str:
    slug = slug_from_title(title)
    if not slug:
        raise Refused(f"Le titre « {title} » ne donne pas de nom de fichier → Écrivez un titre avec des lettres ou des chiffres.")
    if not SLUG_PATTERN.fullmatch(slug):  # the web editor keeps _ and ~, which an address refuses
        raise Refused(f"Le titre « {title} » donnerait le nom de fichier « {slug}.md », que le site refuse → Retirez du titre les signes _ et ~.")
    return slug


# ---------------------------------------------------------------------------
# Rendering


def render(values: dict[str, object], day: dt.date) -> str:
    """The whole file: given fields as values, the other optional ones commented out."""
    lines = [
        "---",
        f"# Fiche créée par scripts/new.py le {day.isoformat()}. Les lignes qui commencent par « # »",
        "# sont des commentaires, jamais publiés : pour utiliser un champ, retirez le « # » de ses",
        "# lignes (et l'espace qui suit). Guide des champs : CONTRIBUTING.md ; vérification : make check.",
    ]
    for spec in EXPERIENCE_FIELDS:
        if spec.kind is Kind.BOOL:
            continue  # the draft flag: written last, below, on every new file
        if spec.name in values:
            lines.extend(yaml_lines(spec.name, values[spec.name], spec))
            continue
        example = _example(spec, values)
        lines.append(f"# {COMMENTS.get(spec.name) or _describe(spec)}")
        lines.extend(f"# {line}" for line in yaml_lines(spec.name, example, spec))
    lines += [
        "# Brouillon : la fiche n'est pas publiée tant que cette ligne est là. Retirez-la quand",
        "# le résumé et le texte sont écrits.",
        "draft: true",
        "---",
    ]
    body = []
    for title in EXPERIENCE_SECTIONS:
        body += [f"## {title}", "", _SECTION_HELP[title], ""]
    return "\n".join(lines) + "\n\n" + "\n".join(body).rstrip("\n") + "\n"


_SECTION_HELP = {
    "Origine": "<!-- Le contexte et le besoin de départ : qui, où, quand, pourquoi. -->",
    "Description": "<!-- L'action elle-même, avec vos propres mots. -->",
    "Mise en œuvre": "<!-- Les étapes, les partenaires, les moyens, les difficultés rencontrées. -->",
    "Résultats": "<!-- Ce qui a changé, avec des chiffres sourcés quand il y en a. -->",
}


def _example(spec: Field, values: dict[str, object]) -> object:
    if spec.derived_from == "departement" and "departement" in values:  # the département's région
        departement = geography.departement(str(values["departement"]))
        return departement.region.name if departement else None
    return example_value(spec)


def _describe(spec: Field) -> str:
    return f"{spec.label} : {spec.help}" if spec.help else spec.label


def _field(name: str) -> Field:
    return next(f for f in EXPERIENCE_FIELDS if f.name == name)


# ---------------------------------------------------------------------------
# Checking the file before it exists


def check_text(text: str, display: str, slug: str, content_dir: Path, vocabulary: Vocabulary) -> list[Problem]:
    """What `make check` would say of this file, with the checker's reader and rules."""
    source, problems = split(normalise(text), display)
    if source is None:
        return problems
    front, found = read_front_matter(source, EXPERIENCE_FIELDS)
    problems = problems + found
    if front is None:
        return problems
    document = Document("experience", slug, display, f"experiences/{slug}.md", source, front)
    content_dir = content_dir.resolve()
    context = Context(content_dir, vocabulary, list_content(content_dir).relative_files(content_dir))
    for rule in DOCUMENT_RULES:
        problems.extend(rule(document, context))
    return problems


# ---------------------------------------------------------------------------
# Command line


def ask(prompt: str, resolve, required: bool = True):
    """Asks until `resolve(answer)` accepts it; an empty answer skips an optional question."""
    while True:
        try:
            answer = input(prompt).strip()
        except EOFError:
            raise Refused("Saisie interrompue : aucun fichier créé.") from None
        if not answer and not required:
            return None
        if not answer:
            print("  Cette réponse est obligatoire.")
            continue
        try:
            return resolve(answer)
        except Refused as error:
            print("  " + str(error).replace("\n", "\n  "))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Crée une fiche d'expérience valide dans content/experiences/ (ne remplace jamais un fichier).",
        epilog="Sans argument, dans un terminal, les informations manquantes sont demandées.",
    )
    parser.add_argument("--title", help="titre de l'expérience (le nom du fichier en découle)")
    parser.add_argument("--commune", help="nom de la commune (facultatif ; exige --departement)")
    parser.add_argument("--departement", help="code INSEE du département, ex. 33, 2A, 974 (facultatif)")
    parser.add_argument("--theme", action="append", default=[], help="un thème de content/themes.yml (répétable, 1 à 5)")
    parser.add_argument("--description", help="le résumé (sinon une phrase à compléter)")
    parser.add_argument("--date", type=_date, help="date de mise en ligne sur ce site AAAA-MM-JJ (par défaut : aujourd'hui)")
    parser.add_argument("--content", default="content", help="dossier du contenu (par défaut : content)")
    return parser.parse_args(argv)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date AAAA-MM-JJ") from None


def main(argv: list[str] | None = None, interactive: bool | None = None) -> int:
    args = parse_args(argv)
    content = Path(args.content)
    folder = content / "experiences"
    if not folder.is_dir():
        print(f"{folder}: dossier introuvable → lancez la commande depuis la racine du dépôt, ou donnez --content.", file=sys.stderr)
        return 2
    vocabulary, problems = load_vocabulary(content.resolve(), Path.cwd().resolve())
    if problems or not vocabulary.themes:
        for problem in problems:
            print(problem.as_text(), file=sys.stderr)
        print("Le vocabulaire des thèmes est invalide : corrigez-le d'abord (make check).", file=sys.stderr)
        return 1
    interactive = sys.stdin.isatty() if interactive is None else interactive
    try:
        values, slug = gather(args, vocabulary, interactive)
    except Refused as error:
        print(str(error), file=sys.stderr)
        return 1
    except _Usage as error:
        print(f"{error} (ou lancez `make new` dans un terminal pour répondre aux questions).", file=sys.stderr)
        return 2

    target = folder / f"{slug}.md"
    display = _display(target)
    if target.exists():
        print(f"{display} existe déjà : rien n'a été écrit. Choisissez un autre titre, ou modifiez ce fichier.", file=sys.stderr)
        return 1
    text = render(values, args.date or dt.date.today())
    problems = check_text(text, display, slug, content, vocabulary)
    if problems:
        for problem in problems:
            print(problem.as_text(), file=sys.stderr)
        print("Rien n'a été écrit : corrigez les informations ci-dessus.", file=sys.stderr)
        return 1
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"{display} existe déjà : rien n'a été écrit.", file=sys.stderr)
        return 1
    print(f"Fiche créée : {display}")
    print("Ensuite : complétez le résumé et le texte, retirez « draft: true », puis `make check` et `make serve`.")
    return 0


class _Usage(Exception):
    pass


def gather(args: argparse.Namespace, vocabulary: Vocabulary, interactive: bool) -> tuple[dict[str, object], str]:
    missing = [name for name, value in (("--title", args.title), ("--theme", args.theme)) if not value]
    if missing and not interactive:
        raise _Usage("Il manque " + " et ".join(missing))

    if args.title:
        title = args.title.strip()
        slug = make_slug(title)
    else:
        title = ask("Titre de l'expérience : ", lambda t: t)
        slug = make_slug(title)
    if args.departement:
        code = resolve_departement(args.departement)
    elif interactive:
        code = ask("Département (code INSEE, ex. 33 ; Entrée si aucun) : ", resolve_departement, required=False)
    else:
        code = None
    if args.commune:
        commune = resolve_commune(args.commune, code)
    elif interactive and code:
        commune = ask("Commune (Entrée si aucune) : ", lambda name: resolve_commune(name, code), required=False)
    else:
        commune = None
    if args.theme:
        themes = resolve_themes(args.theme, vocabulary)
    else:
        print("Thèmes possibles :")
        for index, theme in enumerate(vocabulary.themes, 1):
            print(f"  {index:2}. {theme.name}")
        themes = ask("Thèmes (1 à 5, numéros ou noms séparés par des virgules) : ",
                     lambda answer: resolve_themes(_theme_answer(answer, vocabulary), vocabulary))
    description = args.description
    if description is None and interactive:
        description = ask("Résumé en deux ou trois phrases (Entrée pour le compléter plus tard) : ", lambda d: d, required=False)

    values: dict[str, object] = {"title": title, "date": args.date or dt.date.today(),
                                 "description": (description or DESCRIPTION_TODO).strip(), "tags": themes}
    if commune:
        values["commune"] = commune
    if code:
        values["departement"] = code
    return values, slug


def _theme_answer(answer: str, vocabulary: Vocabulary) -> list[str]:
    names = []
    for part in (p.strip() for p in answer.split(",")):
        if part.isdigit() and 1 <= int(part) <= len(vocabulary.themes):
            names.append(vocabulary.themes[int(part) - 1].name)
        elif part:
            names.append(part)
    return names


def _display(path: Path) -> str:
    resolved, cwd = path.resolve(), Path.cwd().resolve()
    return resolved.relative_to(cwd).as_posix() if resolved.is_relative_to(cwd) else resolved.as_posix()


if __name__ == "__main__":
    sys.exit(main())
