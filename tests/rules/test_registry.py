"""The registry of rules (bouquet.rules.RULES): every code emitted anywhere in
src/bouquet is declared by one rule, every declared code is emitted somewhere, the
checker runs the registry, and CONTRIBUTING's table of codes is generated from it."""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from bouquet import load, rules
from bouquet.problems import SCOPES, TARGETS, Rule

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "bouquet"


def _strings(node: ast.AST) -> list[str] | None:
    """The codes a code argument can take: a literal, or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def emitted_codes() -> tuple[dict[str, set[str]], list[str]]:
    """code → modules that emit it, read from the source: the third argument of every
    `Problem(...)`, the second of every `….report(...)` (the front-matter walker's),
    and every `missing_code` (schema.Field's default and its overrides). A code that is
    not a literal cannot be checked: it is returned in the second list."""
    found: dict[str, set[str]] = {}
    unreadable = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("").as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        passthrough = {arg.arg for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.Lambda))
                       for arg in node.args.args}
        candidates: list[tuple[ast.Call | ast.AnnAssign, ast.expr]] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = str(getattr(node.func, "id", None) or getattr(node.func, "attr", ""))
                position = {"Problem": 2, "report": 1}.get(name)
                if position is not None and len(node.args) > position:
                    candidates.append((node, node.args[position]))
                candidates += [(node, k.value) for k in node.keywords
                               if k.arg == "missing_code" or (name == "Problem" and k.arg == "code")]
            elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "missing_code" and node.value:
                candidates.append((node, node.value))
        for node, argument in candidates:
            strings = _strings(argument)
            if strings is None:
                # A parameter handed on (report(…, code, …), spec.missing_code): its
                # callers' literals are read where they are written.
                if isinstance(argument, ast.Name) and argument.id in passthrough or ast.unparse(argument) == "spec.missing_code":
                    continue
                unreadable.append(f"{module}:{node.lineno}: {ast.unparse(argument)}")
                continue
            for code in strings:
                found.setdefault(code, set()).add(module)
    return found, unreadable


def test_every_emitted_code_is_declared_and_every_declared_code_is_emitted():
    found, unreadable = emitted_codes()
    declared = rules.codes()
    assert unreadable == [], "Écrivez chaque code de problème en toutes lettres (un littéral) : " + ", ".join(unreadable)
    undeclared = {code: sorted(modules) for code, modules in found.items() if code not in declared}
    assert undeclared == {}, "Codes émis sans être déclarés dans une règle (problems.Rule, rules.RULES)"
    never = sorted(set(declared) - set(found))
    assert never == [], "Codes déclarés qu'aucun module n'émet"


def test_the_scan_sees_the_codes_of_every_kind_of_emitter():
    found, _ = emitted_codes()
    # Problem(...) in a rule, report(...) in the front-matter walker, a field's missing_code,
    # Field's default missing_code, a conditional code in the loader's listing rule.
    assert "rules/territory" in found["commune-inconnue"]
    assert "front_matter" in found["cle-inconnue"]
    assert "schema" in found["image-sans-alt"] and "schema" in found["champ-manquant"]
    assert "rules/files" in found["lien-symbolique"]


def test_each_rule_is_a_declared_unit():
    names = [rule.name for rule in rules.RULES]
    assert len(names) == len(set(names))
    for rule in rules.RULES:
        assert isinstance(rule, Rule) and rule.scope in SCOPES and set(rule.applies_to) <= set(TARGETS)
        assert rule.description and "\n" not in rule.description and rule.description.endswith("."), rule.name
        assert callable(rule.check), rule.name
        for code in rule.codes:
            assert code.meaning and "\n" not in code.meaning, code.name
    assert len(rules.codes()) == sum(len(rule.codes) for rule in rules.RULES)  # a code is declared once


def test_a_code_declared_twice_is_refused(monkeypatch):
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, rules.INTERNAL))
    with pytest.raises(ValueError, match="erreur-interne"):
        rules.codes()


def test_the_checker_runs_the_registry():
    scoped = {scope: tuple(rule.check for rule in rules.RULES if rule.scope in scopes)
              for scope, scopes in (("document", ("document", "body")), ("body", ("body",)), ("corpus", ("corpus",)),
                                    ("image-file", ("image-file",)))}
    assert load.DOCUMENT_RULES == scoped["document"]
    assert load.BODY_RULES == scoped["body"]
    assert load.CORPUS_RULES == scoped["corpus"]
    assert load.FILE_RULES == scoped["image-file"]


def test_a_rule_added_to_the_registry_runs(tree, monkeypatch):
    from bouquet.problems import Code, Problem
    from content_tree import experience

    def check(document, context):
        yield Problem(document.path, 1, "essai", "Essai.", "Rien.")

    extra = Rule("essai", ("experience",), "Une règle d'essai.", (Code("essai", "un essai"),), check)
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, extra))
    monkeypatch.setattr(load, "DOCUMENT_RULES", tuple(r.check for r in rules.RULES if r.scope in ("document", "body")))
    tree.write("experiences/x.md", experience())
    assert [p.code for p in tree.problems()] == ["essai"]


def test_only_a_document_rule_declares_reading_the_file_list():
    import pytest

    from bouquet.problems import Code

    declared = [rule.name for rule in rules.RULES if rule.reads_files]
    assert declared == ["images"]
    with pytest.raises(ValueError, match="reads_files"):
        Rule("essai", ("experience",), "Une règle d'essai.", (Code("essai", "un essai"),), lambda documents, context: (),
             scope="corpus", reads_files=True)


def _fields_doc():
    spec = importlib.util.spec_from_file_location("fields_doc", ROOT / "scripts" / "fields_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_contributing_table_of_codes_is_up_to_date():
    fields_doc = _fields_doc()
    current = fields_doc.current_block((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), "codes")
    assert current == fields_doc.codes_block(), "Lancez `python scripts/fields_doc.py --write` après une modification de src/bouquet/rules/."


def test_the_table_lists_every_declared_code_with_its_meaning():
    block = _fields_doc().codes_block()
    for name, (_rule, code) in rules.codes().items():
        assert f"| `{name}` | {code.meaning.replace('|', chr(92) + '|')} |" in block
    for rule in rules.RULES:
        assert f"- **{rule.name}** (" in block
