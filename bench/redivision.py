"""Grid re-division benchmark, on the full-scale seeded county: a merge of two grids and a split of one, through the
services (``layers.grids``), each in a transaction rolled back, so every repetition starts from the seeded grids.

Merge: the two neighbouring grids of one community holding the most components (the built-up area, where a
re-division moves the most). Split: the grid holding the most components, cut by a north-south line through it.
Context: re-snapping every feature of every snapped layer (``resnap_layers``, dry run), what a re-division would
cost without re-snapping only the area it changes.
"""
from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction

from accounts.principal import Principal
from layers.grids.services import grids_merge, grids_split
from layers.locate.bulk import resnap_layers

from .stats import median, timed

FULL_SCALE_GRIDS = 452
EDITOR = Principal(user_id=None, roles={"gis_editor"})

BUSIEST_PAIR = (
    "SELECT a.code, b.code FROM layers_grid a JOIN layers_grid b ON a.code < b.code"
    " AND a.community_code = b.community_code AND a.geom && b.geom"
    " AND ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)::geography) > 100"
    " ORDER BY (SELECT count(*) FROM layers_component c WHERE c.grid_code IN (a.code, b.code)) DESC, a.code LIMIT 1"
)
BUSIEST = "SELECT grid_code FROM layers_component GROUP BY grid_code ORDER BY count(*) DESC, grid_code LIMIT 1"
CUT = (
    "SELECT ST_AsEWKT(ST_MakeLine(ST_MakePoint(ST_X(c), ST_YMin(e) - 0.01), ST_MakePoint(ST_X(c), ST_YMax(e) + 0.01)))"
    " FROM (SELECT ST_PointOnSurface(geom) AS c, geom::box2d AS e FROM layers_grid WHERE code = %s) AS g"
)


def _one(sql: str, params=()) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _rolled_back(work):
    reports = []

    def once() -> None:
        with transaction.atomic():
            reports.append(work())
            transaction.set_rollback(True)

    return once, reports


def run(*, repeat: int = 5) -> dict:
    grids = _one("SELECT count(*) FROM layers_grid")[0]
    if grids != FULL_SCALE_GRIDS:
        raise RuntimeError(f"{grids} grids: seed the full county first "
                           "(python manage.py seed_pingding --scale 1.0 --seed 1 --replace)")
    pair = list(_one(BUSIEST_PAIR))
    busiest = _one(BUSIEST)[0]
    text = _one(CUT, [busiest])[0]
    line = GEOSGeometry(text if text.startswith("SRID") else f"SRID=4490;{text}")
    merge, merges = _rolled_back(lambda: grids_merge(principal=EDITOR, codes=pair))
    split, splits = _rolled_back(lambda: grids_split(principal=EDITOR, code=busiest, by=line))
    merge_s, split_s = timed(merge, repeat=repeat), timed(split, repeat=repeat)
    whole_s = timed(lambda: resnap_layers(dry_run=True), repeat=max(1, repeat // 2))
    return {
        "merge": {"codes": pair, "median_s": median(merge_s), "moved": merges[-1].moved_total,
                  "examined": sum(r.examined for r in merges[-1].moved.values())},
        "split": {"code": busiest, "median_s": median(split_s), "moved": splits[-1].moved_total,
                  "examined": sum(r.examined for r in splits[-1].moved.values()), "parts": len(splits[-1].created)},
        "whole_resnap_s": median(whole_s),
    }


def report(results: dict) -> list[str]:
    m, s = results["merge"], results["split"]
    return [
        "redivision: one transaction each (rolled back), full-scale county",
        f"  merge {' + '.join(m['codes'])}: median {m['median_s'] * 1000:6.0f} ms, "
        f"{m['moved']:,} features moved of {m['examined']:,} examined",
        f"  split {s['code']} by a line into {s['parts']}: median {s['median_s'] * 1000:6.0f} ms, "
        f"{s['moved']:,} features moved of {s['examined']:,} examined",
        f"  context: re-snapping every feature of every layer (dry run) median {results['whole_resnap_s'] * 1000:6.0f} ms",
    ]
