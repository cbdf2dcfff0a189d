#!/usr/bin/env python3
"""Regenerate the reference geography in src/bouquet/data/.

Source: the npm package @etalab/decoupage-administratif (INSEE Code officiel
géographique, data under Licence Ouverte 2.0 / Etalab), pinned below by exact
version and sha512 integrity. The package is fetched with ``npm pack`` (npm
registry only), checked against the pinned integrity, and read straight from
the tarball; nothing is installed.

Writes, deterministically (UTF-8, LF, header row, stable order):

  regions.csv             code,name                          the 18 régions
  departements.csv        code,name,region_code              the 101 départements
  communes.csv            departement_code,code,name         current communes
  communes_deleguees.csv  departement_code,code,name,commune_code
                          former communes that are now communes déléguées or
                          associées, with the current commune they belong to
  epci.csv                code,name,kind,departement_code    the EPCI à fiscalité propre
                          (intercommunalités), with the département where most
                          of their inhabitants live
  communes_population_epci.csv  code,population,epci_code
                          every current commune's population municipale
                          (INSEE populations légales) and the EPCI it belongs to
  SOURCE.md               provenance

Usage:
  python scripts/update_geography.py            # regenerate the files
  python scripts/update_geography.py --check    # exit 1 if they are stale
  python scripts/update_geography.py --tarball etalab-...-6.0.0.tgz   # offline

To move to a newer release: set VERSION and INTEGRITY from
``npm view @etalab/decoupage-administratif@<version> dist.integrity``, run the
script, review the diff of the CSVs.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import filecmp
import hashlib
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
INTEGRITY = "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "bouquet" / "data"
OUTPUTS = ("regions.csv", "departements.csv", "communes.csv", "communes_deleguees.csv", "epci.csv",
           "communes_population_epci.csv", "SOURCE.md")
#: Kinds of EPCI in the package (DGCL « nature juridique »).
EPCI_KINDS = ("CC", "CA", "CU", "METRO", "MET69")

# Zones of the package: "metro" and "drom" are the 101 départements and 18
# régions; "com" (Saint-Pierre-et-Miquelon, Polynésie…) are left out.
KEPT_ZONES = {"metro", "drom"}
OVERSEAS = ("971", "972", "973", "974", "976")
EXPECTED = {"regions": 18, "departements": 101}


def _geography():
    """src/bouquet/geography.py, loaded by path (its sort keys are shared)."""
    path = ROOT / "src" / "bouquet" / "geography.py"
    spec = importlib.util.spec_from_file_location("_bouquet_geography_for_update", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# Fetching


def integrity_of(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def fetch(workdir: Path) -> Path:
    """npm pack the pinned version into workdir; return the tarball path."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("update_geography: npm is not on PATH (or pass --tarball)")
    spec = f"{PACKAGE}@{VERSION}"
    result = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"update_geography: npm pack {spec} failed:\n{result.stderr.strip()}")
    info = json.loads(result.stdout)
    return workdir / info[0]["filename"]


def verify(tarball: Path) -> None:
    actual = integrity_of(tarball)
    if actual != INTEGRITY:
        sys.exit(
            f"update_geography: integrity mismatch for {tarball.name}\n"
            f"  pinned: {INTEGRITY}\n  actual: {actual}"
        )


def read_package(tarball: Path) -> dict:
    """The JSON data files and the metadata we need, read from the tarball."""
    wanted = {
        "package/package.json": "package",
        "package/README.md": "readme",
        "package/data/regions.json": "regions",
        "package/data/departements.json": "departements",
        "package/data/communes.json": "communes",
        "package/data/epci.json": "epci",
    }
    found: dict = {}
    data_mtime = 0
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            key = wanted.get(member.name)
            if key is None or not member.isfile():
                continue
            handle = archive.extractfile(member)
            assert handle is not None
            raw = handle.read().decode("utf-8")
            found[key] = raw if key == "readme" else json.loads(raw)
            if member.name.startswith("package/data/"):
                data_mtime = max(data_mtime, int(member.mtime))
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        sys.exit(f"update_geography: missing from the package: {', '.join(missing)}")
    if found["package"].get("version") != VERSION:
        sys.exit(f"update_geography: package.json says {found['package'].get('version')}, pinned {VERSION}")
    found["data_mtime"] = data_mtime
    return found


# ---------------------------------------------------------------------------
# Building


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _millesime(readme: str) -> str | None:
    """The COG year the README's table gives for VERSION ("| 2026 | 6.0.0 |")."""
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[1] == VERSION and re.fullmatch(r"\d{4}", cells[0]):
            return cells[0]
    return None


def _data_date(mtime: int) -> str | None:
    # npm >= 7 stamps every entry with 1985-10-26: that is not a real date.
    if mtime <= 500_000_000:
        return None
    return dt.datetime.fromtimestamp(mtime, tz=dt.UTC).date().isoformat()


def build(package: dict, validate: bool = True) -> dict[str, bytes]:
    """The content of every output file, from the parsed package."""
    geo = _geography()
    dep_key = geo.departement_sort_key

    regions = sorted(
        ([r["code"], r["nom"]] for r in package["regions"] if r.get("zone") in KEPT_ZONES),
        key=lambda row: row[0],
    )
    region_codes = {code for code, _ in regions}

    departements = sorted(
        ([d["code"], d["nom"], d["region"]] for d in package["departements"] if d.get("zone") in KEPT_ZONES),
        key=lambda row: dep_key(row[0]),
    )
    dep_codes = {row[0] for row in departements}

    def name_order(row: list[str]) -> tuple:
        return (dep_key(row[0]), geo.collation_key(row[2]), row[2], row[1])

    current = [
        [c["departement"], c["code"], c["nom"]]
        for c in package["communes"]
        if c.get("type") == "commune-actuelle" and c.get("departement") in dep_codes
    ]
    current.sort(key=name_order)
    current_by_code = {row[1]: row for row in current}

    former = []
    for c in package["communes"]:
        if c.get("type") not in ("commune-deleguee", "commune-associee"):
            continue
        if c.get("departement") not in dep_codes:
            continue
        parent = current_by_code.get(c.get("chefLieu", ""))
        if parent is None:
            if validate:
                sys.exit(f"update_geography: {c['type']} {c['code']} {c['nom']}: unknown chefLieu")
            continue
        if parent[2] == c["nom"]:
            continue  # the déléguée that carries the commune's own name adds nothing
        former.append([c["departement"], c["code"], c["nom"], parent[1]])
    former.sort(key=lambda row: (*name_order(row), row[3]))

    epcis, populations = _epci_rows(package, current, dep_key, validate)

    if validate:
        _validate(regions, departements, current, former)

    files = {
        "regions.csv": _csv_bytes(["code", "name"], regions),
        "departements.csv": _csv_bytes(["code", "name", "region_code"], departements),
        "communes.csv": _csv_bytes(["departement_code", "code", "name"], current),
        "communes_deleguees.csv": _csv_bytes(["departement_code", "code", "name", "commune_code"], former),
        "epci.csv": _csv_bytes(["code", "name", "kind", "departement_code"], epcis),
        "communes_population_epci.csv": _csv_bytes(["code", "population", "epci_code"], populations),
    }
    counts = {
        "regions.csv": len(regions),
        "departements.csv": len(departements),
        "communes.csv": len(current),
        "communes_deleguees.csv": len(former),
        "epci.csv": len(epcis),
        "communes_population_epci.csv": len(populations),
    }
    files["SOURCE.md"] = _source_md(package, counts, region_codes).encode("utf-8")
    return files


def _epci_rows(package: dict, current: list[list[str]], dep_key, validate: bool):
    """(epci rows, commune rows): the EPCI of the kept départements, and for every
    current commune its population municipale and its EPCI's code (empty for the
    few island communes that belong to none).

    An EPCI may straddle départements: its pages sit under the one where most of
    its inhabitants live (the members' populationMunicipale summed per
    département; ties go to the first département in code order).
    """
    dep_of = {row[1]: row[0] for row in current}
    commune_epci: dict[str, str] = {}
    epcis = []
    for item in package["epci"]:
        members = [m["code"] for m in item.get("membres", ()) if m.get("code") in dep_of]
        if not members:
            continue
        if validate and item.get("type") not in EPCI_KINDS:
            sys.exit(f"update_geography: EPCI {item['code']} {item['nom']}: unknown type {item.get('type')}")
        weight: dict[str, int] = {}
        for member in item["membres"]:
            if member.get("code") in dep_of:
                dep = dep_of[member["code"]]
                weight[dep] = weight.get(dep, 0) + int(member.get("populationMunicipale") or 0)
        main = min(weight, key=lambda dep: (-weight[dep], dep_key(dep)))
        epcis.append([item["code"], item["nom"], item["type"], main])
        for code in members:
            if validate and code in commune_epci:
                sys.exit(f"update_geography: commune {code} in two EPCI: {commune_epci[code]} and {item['code']}")
            commune_epci[code] = item["code"]
    epcis.sort(key=lambda row: row[0])
    population = {c["code"]: c.get("population") for c in package["communes"] if c.get("type") == "commune-actuelle"}
    rows = []
    for row in sorted(current, key=lambda r: r[1]):
        value = population.get(row[1])
        if validate and not isinstance(value, int):
            sys.exit(f"update_geography: commune {row[1]} {row[2]}: no population")
        rows.append([row[1], str(value) if isinstance(value, int) else "", commune_epci.get(row[1], "")])
    return epcis, rows


def _validate(regions, departements, current, former) -> None:
    problems = []
    if len(regions) != EXPECTED["regions"]:
        problems.append(f"{len(regions)} régions, expected {EXPECTED['regions']}")
    if len(departements) != EXPECTED["departements"]:
        problems.append(f"{len(departements)} départements, expected {EXPECTED['departements']}")
    region_codes = {row[0] for row in regions}
    for code, name, region_code in departements:
        if region_code not in region_codes:
            problems.append(f"département {code} {name}: unknown région {region_code}")
    codes = [row[0] for row in departements]
    if "20" in codes or not {"2A", "2B"} <= set(codes) or not set(OVERSEAS) <= set(codes):
        problems.append("Corsica (2A/2B) or overseas départements (971-976) wrong")
    per_dep: dict[str, int] = {}
    for row in current:
        per_dep[row[0]] = per_dep.get(row[0], 0) + 1
    empty = [code for code in codes if not per_dep.get(code)]
    if empty:
        problems.append(f"départements without communes: {', '.join(empty)}")
    for rows, label in ((current, "communes"), (former, "communes déléguées")):
        keys = [(row[0], row[1], row[2]) for row in rows]
        if len(keys) != len(set(keys)):
            problems.append(f"duplicate rows in {label}")
    if len({row[1] for row in current}) != len(current):
        problems.append("duplicate commune codes")
    if problems:
        sys.exit("update_geography: unexpected data:\n  " + "\n  ".join(problems))


def _source_md(package: dict, counts: dict[str, int], region_codes: set[str]) -> str:
    millesime = _millesime(package["readme"])
    data_date = _data_date(package["data_mtime"])
    lines = [
        "# Source of the reference geography",
        "",
        "Generated by `scripts/update_geography.py`; do not edit these files by hand.",
        "Check they are current with `python scripts/update_geography.py --check`.",
        "",
        f"- Package: `{PACKAGE}` (npm registry)",
        f"- Version: `{VERSION}`",
        f"- Integrity: `{INTEGRITY}`",
    ]
    if millesime:
        lines.append(f"- Millésime: Code officiel géographique (INSEE) {millesime}")
    if data_date:
        lines.append(f"- Data built: {data_date} (timestamp of `data/*.json` in the package tarball)")
    lines += [
        "- Upstream: https://github.com/etalab/decoupage-administratif, from the INSEE",
        "  Code officiel géographique",
        "- Licence of the data: Licence Ouverte 2.0 / Open Licence 2.0 (Etalab),",
        "  https://www.etalab.gouv.fr/licence-ouverte-open-licence ; the package's code is MIT.",
        "  Reuse requires attribution: « Source : INSEE, Code officiel géographique,",
        "  via @etalab/decoupage-administratif ».",
        "",
        "## Files",
        "",
        "| file | rows | content |",
        "| --- | ---: | --- |",
        f"| regions.csv | {counts['regions.csv']} | `code,name`: régions of zones metro and drom |",
        f"| departements.csv | {counts['departements.csv']} | `code,name,region_code`: départements of zones metro and drom |",
        f"| communes.csv | {counts['communes.csv']} | `departement_code,code,name`: type `commune-actuelle` in those départements |",
        f"| communes_deleguees.csv | {counts['communes_deleguees.csv']} | `departement_code,code,name,commune_code`: types "
        "`commune-deleguee` and `commune-associee`, with the current commune (`chefLieu`) they belong to; "
        "rows whose name is the current commune's own are dropped |",
        f"| epci.csv | {counts['epci.csv']} | `code,name,kind,departement_code`: the EPCI à fiscalité propre "
        "(`data/epci.json`, from the DGCL's list of EPCI): SIREN code, name as published, kind "
        "(CC, CA, CU, METRO, MET69) and the département where most of its inhabitants live "
        "(members' `populationMunicipale` summed per département) |",
        f"| communes_population_epci.csv | {counts['communes_population_epci.csv']} | `code,population,epci_code`: "
        "every current commune's `population` (INSEE populations légales, population municipale) and the "
        "EPCI whose `membres` list it (empty for the island communes that belong to none) |",
        "",
        "Left out: the collectivités d'outre-mer (zone com: 975, 977, 978, 984, 986-989), the",
        "arrondissements municipaux of Paris, Lyon and Marseille, and every other field",
        "(postcodes, SIREN of communes, EPT…).",
        "",
        "Credit for the populations and EPCI: « Source : INSEE, populations légales ; DGCL,",
        "liste des EPCI à fiscalité propre ; via @etalab/decoupage-administratif ».",
        "",
        "Order: régions by code; départements 01..19, 2A, 2B, 21..95, 971..976; communes by",
        "département, then name (accents and case ignored), then code.",
        "All files are UTF-8 with LF line ends and a header row.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Main


def write(files: dict[str, bytes], outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (outdir / name).write_bytes(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="regenerate in a temp dir; exit 1 if the committed files differ")
    parser.add_argument("--tarball", type=Path, help="use this already downloaded package tarball instead of npm pack")
    parser.add_argument("--output", type=Path, default=DATA_DIR, help=f"output directory (default {DATA_DIR})")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bouquet-geo-") as tmp:
        workdir = Path(tmp)
        tarball = args.tarball.resolve() if args.tarball else fetch(workdir)
        verify(tarball)
        files = build(read_package(tarball))
        if not args.check:
            write(files, args.output)
            for name, content in files.items():
                print(f"wrote {args.output / name} ({len(content)} bytes)")
            return 0
        fresh = workdir / "out"
        write(files, fresh)
        stale = [
            name
            for name in OUTPUTS
            if not (args.output / name).is_file() or not filecmp.cmp(fresh / name, args.output / name, shallow=False)
        ]
        if stale:
            print("update_geography --check: out of date: " + ", ".join(stale), file=sys.stderr)
            print("run: python scripts/update_geography.py", file=sys.stderr)
            return 1
        print(f"update_geography --check: {len(OUTPUTS)} files up to date ({PACKAGE}@{VERSION})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
