"""Import benchmark: all city components from a GeoPackage, dry run then commit with history, against ``ogr2ogr -f
PostgreSQL`` of the same file into a fresh PostGIS table.

The file is the layer's own export (``export_selection``, f=gpkg, CRS84, as anonymous callers see it) with every
row's ``surveyed_on`` set to one new date, so the commit updates all 74,173 features (74,173 history rows).
Ours: the services the API calls, timed together: the upload's reading (``open_source``), the dry run
(``import_dry_run``: read with pyogrio, clean, ``COPY`` into the staging table, judge set-based) and its report
document, then the commit (``import_commit``: one UPDATE ... FROM with the history, tile and topology triggers
firing, then one read of the layer's history since the dry run: no feature changed meanwhile, and the commit's
versions) and its answer. Each run is one transaction rolled back at the end (the staging tables are created in it
when the database has none), so the county is left as it was.
Floor: ``ogr2ogr -f PostgreSQL`` of the same file into a new table (its start-up included), dropped after (the
target is judged on it). A second floor of the same work: ``ogr2ogr -append`` of the file into an empty table with the
layer's columns, constraints and indexes (``CREATE TABLE ... (LIKE layers_component INCLUDING ALL)``, no triggers),
dropped after: what maintaining the layer's indexes costs. Beside them, the commit's own floor: the same updates as
one bare ``UPDATE`` of the table, its triggers firing (history, tiles, topology), rolled back; what any path that
writes 74,173 features with their history pays.
Median of ``repeat`` runs each, alternated.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import QueryDict

from accounts.principal import Principal
from layers.access import layer_view
from layers.exports.formats import FORMATS
from layers.exports.params import ExportOptions, parse_export_query
from layers.exports.service import export_selection
from layers.history.context import history_context
from layers.imports.files import open_source
from layers.imports.models import Import, ImportRow
from layers.imports.params import code_column
from layers.imports.report import import_document
from layers.imports.services import Options, import_commit, import_dry_run, import_new
from layers.registry import get_layer
from spatial.crs import STORAGE_SRID

from .exports import pg_source
from .stats import median

COLLECTION = "components"
TARGET = 3.0
SURVEYED_ON = "2026-12-01"
FLOOR_TABLE = "bench_import_floor"
INDEXED_FLOOR_TABLE = "bench_import_floor_indexed"


class _RollBack(Exception):
    pass


def survey_file(directory: Path) -> Path:
    """The layer exported to a GeoPackage, every row re-surveyed on :data:`SURVEYED_ON`."""
    layer = get_layer(COLLECTION)
    query, _, _ = parse_export_query(layer, QueryDict("f=gpkg"))
    path = export_selection(layer, query, FORMATS["gpkg"], ExportOptions(), directory)
    name = subprocess.run(["ogrinfo", "-q", "-so", str(path)], check=True, capture_output=True, text=True)
    table = name.stdout.split(":", 1)[1].split("(")[0].strip()
    subprocess.run(["ogrinfo", str(path), "-sql", f"UPDATE \"{table}\" SET surveyed_on = '{SURVEYED_ON}'"],
                   check=True, capture_output=True)
    return path


def run_floor(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg_source(), str(path), "-nln", FLOOR_TABLE, "-overwrite",
                    "-lco", "GEOMETRY_NAME=geom"], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
    return seconds


def run_indexed_floor(path: Path) -> float:
    """``ogr2ogr -append`` of the file into an empty copy of the layer's table (columns, constraints, indexes, the
    primary key on ``id`` alone; not partitioned, no triggers, no foreign keys), as fast as GDAL loads it (``COPY``). ``updated_at``, which the file lacks, may be
    null there: with a default GDAL would insert row by row, to let the server fill it. The seconds of ogr2ogr, its
    start-up included."""
    layer = get_layer(COLLECTION)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {INDEXED_FLOOR_TABLE}")
        cursor.execute(f"CREATE TABLE {INDEXED_FLOOR_TABLE} (LIKE {layer.table} INCLUDING ALL)")
        cursor.execute(f"ALTER TABLE {INDEXED_FLOOR_TABLE} ALTER COLUMN updated_at DROP NOT NULL")
        # The layer's key is (id, code) (partitioned by county code); GDAL takes a one-column key for its FID and
        # leaves it to the identity, but writes NULLs into a column it does not know as the FID.
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                       [INDEXED_FLOOR_TABLE])
        (primary_key,) = cursor.fetchone()
        cursor.execute(f'ALTER TABLE {INDEXED_FLOOR_TABLE} DROP CONSTRAINT "{primary_key}",'
                       " ADD PRIMARY KEY (id)")
    try:
        started = time.perf_counter()
        subprocess.run(["ogr2ogr", "-append", "-f", "PostgreSQL", pg_source(), str(path), "-nln", INDEXED_FLOOR_TABLE,
                        "-a_srs", f"EPSG:{STORAGE_SRID}", "--config", "PG_USE_COPY", "YES"],
                       check=True, capture_output=True)
        seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {INDEXED_FLOOR_TABLE}")
            (loaded,) = cursor.fetchone()
        if loaded != layer.model.objects.count():
            raise RuntimeError(f"ogr2ogr -append loaded {loaded} rows into the indexed floor table")
        return seconds
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {INDEXED_FLOOR_TABLE}")


def run_update_floor() -> float:
    """The commit's own floor: the same 74,173 updates as ONE bare ``UPDATE`` of the table with its triggers
    (history, tile invalidation, topology) after the history context, in a transaction rolled back."""
    layer = get_layer(COLLECTION)
    try:
        with transaction.atomic(), history_context(path="import"), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(f"UPDATE {layer.table} SET surveyed_on = %s, updated_at = now()", [SURVEYED_ON])
            seconds = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        return seconds


def _staging_tables() -> None:
    if Import._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(Import)
            editor.create_model(ImportRow)
            editor.execute("ALTER TABLE imports_importrow SET UNLOGGED, SET (fillfactor = 50)")  # as migrated


def run_ours(path: Path) -> dict:
    """One dry run and commit, in a transaction rolled back after: the seconds of each and what they did."""
    times: dict = {}
    try:
        with transaction.atomic():
            _staging_tables()
            user = get_user_model().objects.create(username=f"bench.import.{uuid.uuid4().hex[:8]}")
            principal = Principal(user_id=user.pk, roles=frozenset({"gis_editor"}))
            view = layer_view(get_layer(COLLECTION), principal)
            options = Options(crs=None, encoding=None, match=code_column(view))
            directory = Path(tempfile.mkdtemp(prefix="bench-import-"))
            started = time.perf_counter()
            source = open_source(path, path.name, directory)
            batch = import_new(import_id=uuid.uuid4(), owner=user, view=view, file_name=path.name,
                               file_format=source.format, options=options)
            import_dry_run(batch=batch, view=view, source=source, options=options, code_column=code_column(view))
            report = import_document(batch, base="/api/imports/")
            times["dry_run_s"] = time.perf_counter() - started
            started = time.perf_counter()
            committed = import_commit(import_id=batch.pk, principal=principal, actor=user.username)
            import_document(committed, base="/api/imports/")
            times["commit_s"] = time.perf_counter() - started
            shutil.rmtree(directory)
            times["counts"] = report["counts"]
            times["updated"] = committed.result["updated"]
            raise _RollBack
    except _RollBack:
        pass
    times["total_s"] = times["dry_run_s"] + times["commit_s"]
    return times


def run(*, repeat: int = 3) -> dict:
    repeat = max(1, min(repeat, 3))
    directory = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    try:
        path = survey_file(directory)
        size = path.stat().st_size
        floors, indexed, updates, ours = [], [], [], []
        for _ in range(repeat):
            floors.append(run_floor(path))
            indexed.append(run_indexed_floor(path))
            updates.append(run_update_floor())
            ours.append(run_ours(path))
    finally:
        shutil.rmtree(directory)
    results = {
        "rows": ours[0]["counts"]["rows"], "updated": ours[0]["updated"], "counts": ours[0]["counts"],
        "file_mb": round(size / 1e6, 1), "floor_s": median(floors), "indexed_floor_s": median(indexed),
        "update_floor_s": median(updates), "dry_run_s": median([o["dry_run_s"] for o in ours]),
        "commit_s": median([o["commit_s"] for o in ours]), "ours_s": median([o["total_s"] for o in ours]),
        "floor_runs_s": floors, "ours_runs": ours,
    }
    results["ratio"] = results["ours_s"] / results["floor_s"]
    results["indexed_ratio"] = results["ours_s"] / results["indexed_floor_s"]
    return results


def report(results: dict) -> list[str]:
    return [
        f"imports: all {results['rows']:,} components from a GeoPackage of {results['file_mb']} MB (their own export, "
        "every row re-surveyed): "
        f"dry run, then commit of {results['updated']:,} updates with history",
        f"  floor (ogr2ogr -f PostgreSQL into a fresh table) median {results['floor_s'] * 1000:.0f} ms",
        f"  ours  dry run median {results['dry_run_s'] * 1000:.0f} ms + commit median {results['commit_s'] * 1000:.0f} ms"
        f" = {results['ours_s'] * 1000:.0f} ms (median of the sums)",
        f"  ratio ours/floor = {results['ratio']:.2f}x (target <= {TARGET}x)",
        f"  floor with the layer's indexes (ogr2ogr -append into CREATE TABLE ... (LIKE {get_layer(COLLECTION).table}"
        f" INCLUDING ALL), no triggers) median {results['indexed_floor_s'] * 1000:.0f} ms; ours/that "
        f"{results['indexed_ratio']:.2f}x",
        f"  the commit's own floor, one bare UPDATE of the {results['updated']:,} rows with the history, tile and "
        f"topology triggers (rolled back): median {results['update_floor_s'] * 1000:.0f} ms; commit/that "
        f"{results['commit_s'] / results['update_floor_s']:.2f}x",
    ]
