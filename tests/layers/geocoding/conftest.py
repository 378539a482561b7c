"""Fixtures of the geocoding tests: real addresses of the seeded test county, one of each kind, chosen with the ORM.

Each is unique by (road, number, building, unit), so a query naming those parts has exactly one right answer.
"""
from __future__ import annotations

import pytest
from django.db.models import Count

from layers.models import Address

KINDS = ("unit_in_building", "unit", "building", "urban_door", "village_door")


def _unique(queryset):
    """The first address (by code) of ``queryset`` that no other address of the county shares its parts with."""
    counts = (
        Address.objects.values("road", "number", "building_no", "unit", "room")
        .annotate(n=Count("id"))
        .filter(n=1)
    )
    unique = {(row["road"], row["number"], row["building_no"], row["unit"], row["room"]) for row in counts}
    for address in queryset.order_by("code"):
        if (address.road, address.number, address.building_no, address.unit, address.room) in unique:
            return address
    raise LookupError(f"the seeded county has no unique address in {queryset.query}")


@pytest.fixture
def seeded_addresses(db) -> dict[str, Address]:
    """One real address per kind: a unit of a numbered building (…6号1号楼1单元), a unit of a building without a
    building number (…5号1单元), a building (…6号1号楼), a door on an urban road and a door in a village."""
    return {
        "unit_in_building": _unique(Address.objects.filter(level="unit").exclude(building_no="")),
        "unit": _unique(Address.objects.filter(level="unit", building_no="")),
        "building": _unique(Address.objects.filter(level="building")),
        "urban_door": _unique(Address.objects.filter(level="door", community__endswith="社区")),
        "village_door": _unique(Address.objects.filter(level="door", community__endswith="村")),
    }


@pytest.fixture
def room_address(seeded_addresses) -> Address:
    """A room (户室) address made inside the test's transaction under the unit of a numbered building (the seed has
    no room addresses): same parts plus room 301, level ``room``."""
    unit = seeded_addresses["unit_in_building"]
    room = Address.objects.get(pk=unit.pk)
    room.pk = None
    room.code = unit.code + "0301"
    room.level = "room"
    room.room = "301"
    room.full_text = unit.full_text + "301室"
    room.save()
    return room
