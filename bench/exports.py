"""Export benchmark: all city components to a GeoPackage, ours against ``ogr2ogr -f GPKG`` from the same table.

Ours: :func:`layers.exports.service.export_selection` (the function the items URL and jobs call) with the whole
layer in CRS84 as anonymous callers see it: one SQL read on a server-side cursor, written by GDAL through pyogrio.
Floor: ``ogr2ogr -f GPKG`` reading the same columns of the same table from PostgreSQL (``-sql``), run as a separate
process (its start-up included). Both write to a fresh file; median of ``repeat`` runs each, alternated.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pyogrio
from django.db import connection
from django.http import QueryDict

from layers.exports.formats import FORMATS
from layers.exports.params import ExportOptions, parse_export_query
from layers.exports.service import export_selection
from layers.query.sql import sql_from
from layers.sqltext import column
from layers.registry import get_layer

from .stats import median

COLLECTION = "components"
TARGET = 1.5


def pg_source() -> str:
    db = connection.settings_dict
    parts = {"dbname": db["NAME"], "host": db["HOST"], "port": db["PORT"], "user": db["USER"],
             "password": db["PASSWORD"]}
    return "PG:" + " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def floor_sql(layer) -> str:
    columns = ", ".join(column(name) for name in layer.fields)
    geometry, key = column(layer.geometry_column), column(layer.id_column)
    return f"SELECT {columns}, {geometry} AS geom {sql_from(layer)} ORDER BY {key}"


def run_floor(layer, directory: Path) -> tuple[float, Path]:
    target = directory / "floor.gpkg"
    started = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(target), pg_source(), "-sql", floor_sql(layer), "-nln", layer.id],
                   check=True, capture_output=True)
    return time.perf_counter() - started, target


def run_ours(layer, directory: Path) -> tuple[float, Path]:
    query, fmt, options = parse_export_query(layer, QueryDict("f=gpkg"))
    target = directory / "ours"
    target.mkdir()
    started = time.perf_counter()
    path = export_selection(layer, query, FORMATS["gpkg"], ExportOptions(), target)
    return time.perf_counter() - started, path


def run(*, repeat: int = 5) -> dict:
    layer = get_layer(COLLECTION)
    floors, ours = [], []
    counts = {}
    for _ in range(repeat):
        for name, runner, times in (("floor", run_floor, floors), ("ours", run_ours, ours)):
            directory = Path(tempfile.mkdtemp(prefix="bench-export-"))
            try:
                seconds, path = runner(layer, directory)
                times.append(seconds)
                counts[name] = pyogrio.read_info(str(path))["features"]
            finally:
                shutil.rmtree(directory)
    results = {"features": counts["ours"], "floor_features": counts["floor"], "floor_s": median(floors),
               "ours_s": median(ours), "floor_runs_s": floors, "ours_runs_s": ours}
    results["ratio"] = results["ours_s"] / results["floor_s"]
    return results


def report(results: dict) -> list[str]:
    return [
        f"exports: all {results['features']:,} components to GeoPackage (floor wrote {results['floor_features']:,})",
        f"  floor (ogr2ogr -f GPKG from the table) median {results['floor_s'] * 1000:.0f} ms",
        f"  ours  (export_selection, f=gpkg)       median {results['ours_s'] * 1000:.0f} ms",
        f"  ratio ours/floor = {results['ratio']:.2f}x (target <= {TARGET}x)",
    ]
