"""``seed_pingding``: refuses a seeded database, --if-empty, --replace, all-or-nothing."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from layers import models as m
from seeds.county import generate_county
from seeds.load import load_county

from ..conftest import TEST_SCALE, TEST_SEED

pytestmark = pytest.mark.django_db


def test_refuses_a_seeded_database() -> None:
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_pingding", scale=TEST_SCALE, seed=TEST_SEED, stdout=io.StringIO())


def test_if_empty_does_nothing_on_a_seeded_database(county_counts) -> None:
    out = io.StringIO()
    call_command("seed_pingding", scale=TEST_SCALE, seed=2, if_empty=True, stdout=out)
    assert "already seeded" in out.getvalue()
    assert m.Grid.objects.count() == county_counts.grids


def test_replace_reseeds_and_reports(county_counts) -> None:
    before = set(m.Grid.objects.values_list("code", "geom"))
    out = io.StringIO()
    call_command("seed_pingding", scale=TEST_SCALE, seed=TEST_SEED + 1, replace=True, stdout=out)
    text = out.getvalue()
    assert "layers_resident" in text and "Seeded in" in text
    assert m.Resident.objects.count() == county_counts.residents
    assert set(m.Grid.objects.values_list("code", "geom")) != before


@pytest.mark.parametrize("scale", ["0", "-1"])
def test_scale_must_be_positive(scale: str) -> None:
    with pytest.raises(CommandError, match="positive"):
        call_command("seed_pingding", "--scale", scale, "--replace", stdout=io.StringIO())


def test_a_failing_load_changes_nothing(county_counts) -> None:
    county = generate_county(scale=TEST_SCALE, seed=TEST_SEED + 2)
    incidents = county.table(m.Incident)
    incidents.values["grid"] = ["140321999999001"] * len(incidents)
    with pytest.raises(IntegrityError):
        load_county(county, replace=True)
    assert m.Resident.objects.count() == county_counts.residents
    assert m.Incident.objects.count() == county_counts.incidents
    assert not m.Grid.objects.filter(code__startswith="140321999").exists()
