"""mkdocs.yml itself: YAML keeps the last of two equal keys without a word, so a
second `extra:` block once silently dropped the publisher's identity."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def duplicate_keys(node: yaml.Node, path: str = "") -> list[str]:
    found = []
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            name = f"{path}.{key.value}" if path else str(key.value)
            if name in seen:
                found.append(f"{name} (line {key.start_mark.line + 1})")
            seen.add(name)
            found += duplicate_keys(value, name)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found += duplicate_keys(item, f"{path}[{index}]")
    return found


def test_mkdocs_yml_has_no_key_twice():
    node = yaml.compose((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert duplicate_keys(node) == []


def test_a_key_given_twice_is_found():
    assert duplicate_keys(yaml.compose("extra:\n  a: 1\nnav: []\nextra:\n  b: 2\n")) == ["extra (line 4)"]
