"""Front-matter values written as YAML lines that the checker reads back as written.

Shared by scripts/new.py (one new file) and bouquet.importer (a spreadsheet's rows).
"""
from __future__ import annotations

import datetime as dt
import json

from .schema import Field, Kind


def yaml_scalar(value: object) -> str:
    """A YAML scalar the checker reads as written: strings double-quoted (JSON syntax)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def yaml_lines(name: str, value: object, spec: Field | None = None) -> list[str]:
    """`name: value` as YAML lines (lists one item a line, mappings indented)."""
    if spec is not None and spec.kind is Kind.DATE:
        return [f"{name}: {value}"]  # dates stay unquoted, as in the seed files
    if isinstance(value, dict):
        return [f"{name}:"] + [f"  {key}: {yaml_scalar(item)}" for key, item in value.items()]
    if isinstance(value, list):
        lines = [f"{name}:"]
        for item in value:
            if isinstance(item, dict):
                pairs = list(item.items())
                lines.append(f"  - {pairs[0][0]}: {yaml_scalar(pairs[0][1])}")
                lines.extend(f"    {key}: {yaml_scalar(v)}" for key, v in pairs[1:])
            else:
                lines.append(f"  - {yaml_scalar(item)}")
        return lines
    return [f"{name}: {yaml_scalar(value)}"]
