"""The breaches report (``GET /api/topology``, ``manage.py check_grid_cover``) on data that came in around the
triggers: here, a grid moved with its rule's trigger switched off."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from layers.models import Grid
from layers.registry import LAYERS
from layers.topology import triggers


def test_the_seeded_county_has_no_breach(client, db):
    body = client.get("/api/topology").json()
    assert body["numberOfBreaches"] == 0 and body["breaches"] == []
    assert {"layer": "grids", "rules": ["cover"]} in body["rules"]


def test_a_grid_moved_around_the_rule_is_reported_as_gap_and_overlap(client, db):
    grid = Grid.objects.order_by("code")[3]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE layers_grid DISABLE TRIGGER layers_topology_cover")
        cursor.execute("UPDATE layers_grid SET geom = ST_Multi(ST_Translate(geom, 0.0005, 0)) WHERE id = %s", [grid.pk])
        cursor.execute("ALTER TABLE layers_grid ENABLE TRIGGER layers_topology_cover")
    body = client.get("/api/topology").json()
    kinds = {breach["kind"] for breach in body["breaches"]}
    assert {"gap", "overlap"} <= kinds
    overlap = next(b for b in body["breaches"] if b["kind"] == "overlap")
    assert grid.code in overlap["features"] and overlap["area_m2"] > 1
    with pytest.raises(CommandError, match="do not tile"):
        call_command("check_grid_cover", stdout=io.StringIO())
    assert client.get("/api/topology?x=1").status_code == 400


def test_the_triggers_install_idempotently_and_name_the_registry_rules(db):
    with connection.cursor() as cursor:
        triggers.install(cursor)
        triggers.install(cursor)
        # tgparentid = 0: a row trigger on a partitioned table is cloned onto each partition; the parent's is the one
        cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
                       " WHERE tgname LIKE 'layers_topology%%' AND tgparentid = 0")
        found = set(cursor.fetchall())
    expected = {(layer.table, name) for layer in LAYERS for rule in layer.topology for name in triggers.trigger_names(rule)}
    assert found == expected
