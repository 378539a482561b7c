"""Every address of the seeded test county: its full text parses back into its own parts (also in traditional
characters and without the prefix), and geocoding the full text finds it first with score 1.0."""
from __future__ import annotations

import zhconv
from django.db.models import Count

from layers.geocoding.selectors import geocode
from layers.models import Address
from spatial.addresses import parse_address

PARTS = ("town", "community", "road", "number", "building_no", "unit", "room")


def test_every_full_text_parses_into_its_parts(db) -> None:
    wrong = []
    for row in Address.objects.values("full_text", *PARTS):
        for text in (row["full_text"], zhconv.convert(row["full_text"], "zh-hant"), row["full_text"][len("山西省阳泉市平定县"):]):
            parsed = parse_address(text)
            got = {name: getattr(parsed, name) or "" for name in PARTS}
            if got != {name: row[name] for name in PARTS} or parsed.unparsed:
                wrong.append((text, got))
    assert wrong == []


def test_every_address_is_found_first_by_its_full_text(db) -> None:
    duplicated = set(
        Address.objects.values("full_text").annotate(n=Count("id")).filter(n__gt=1).values_list("full_text", flat=True)
    )
    wrong = []
    for code, full_text, level in Address.objects.values_list("code", "full_text", "level"):
        top = geocode(q=full_text, limit=1)[0]
        expected_level = {"door": "number"}.get(level, level)
        if (top.full_text, top.score, top.matched_level) != (full_text, 1.0, expected_level) or (
            full_text not in duplicated and top.code != code
        ):
            wrong.append((full_text, top))
    assert wrong == []
