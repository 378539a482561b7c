"""The writes of an import: the dry run (read, clean, stage, judge) and the commit (apply the staged rows in one
transaction, with the history told the path ``import``). Keyword-only; errors are ``web.errors`` ones."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from accounts.principal import Principal
from layers.access import LayerView, layer_view
from layers.editing import sql as edit_sql
from layers.editing.database import database_error
from layers.editing.inputs import defaults, model_fields
from layers.history.context import history_context
from layers.registry import Layer, get_layer
from web.errors import ApiError, Forbidden

from . import conf, writes
from . import sql as import_sql
from .coords import file_crs, storage_geometries
from .errors import ChangedSinceDryRun, ImportFinished, ImportNotFound, ImportNotReady, InvalidRows
from .files import Source
from .judging import judge_rows
from .models import Import, ImportRow, ImportState, RowAction
from .reading import read_table
from .staging import clean_rows, copy_rows, file_columns
from .storage import upload_directory


@dataclass(frozen=True)
class Options:
    """What the client asked: the CRS of the coordinates (None: the file's), the text encoding (None: the file's or
    UTF-8), the match column (None: adds only) and whether features the file lacks are deleted."""

    crs: str | None
    encoding: str | None
    match: str | None
    delete_missing: bool = False


def check_may_import(view: LayerView) -> None:
    if not view.may_write:
        raise Forbidden(f"Your role may not change collection {view.id!r}, so it may not import into it.",
                        parameter="collection")


def import_new(*, import_id, owner, view: LayerView, file_name: str, file_format: str, options: Options) -> Import:
    """A new import (state ``reading``) of ``owner``; expired imports of anybody are dropped with their rows (and
    the upload a job never read)."""
    expired = Import.objects.filter(expires__lt=timezone.now()).exclude(state=ImportState.COMMITTED)
    for old in expired.values_list("pk", flat=True):
        discard_files(upload_directory(old))
    expired.delete()
    return Import.objects.create(
        id=import_id, owner=owner, collection=view.id, file_name=file_name[:200], format=file_format,
        match=options.match or "none", delete_missing=options.delete_missing, crs=options.crs or "",
        expires=timezone.now() + dt.timedelta(hours=conf.get("PINGDING_IMPORT_TTL_HOURS")),
    )


def _quiet(fraction: float, message: str) -> None:
    pass


def import_dry_run(*, batch: Import, view: LayerView, source: Source, options: Options, code_column: str,
                   progress: Callable[[float, str], None] = _quiet) -> Import:
    """Read ``source``, stage and judge its rows for ``batch``: the import in state ``dry_run`` with its counts.
    A refusal of the whole file raises and leaves nothing staged. ``progress(fraction, message)`` is told between
    the steps that run outside the staging transaction (a job's progress)."""
    table = read_table(source, encoding=options.encoding)
    progress(0.3, f"read {len(table):,} rows; cleaning them")
    crs = file_crs(options.crs, table.crs, file_format=source.format)
    columns = file_columns(view, table.fields, shapefile=source.format == "shp")
    present = [c for c in columns if c is not None]
    if options.match is not None and options.match not in present:
        raise ApiError(f"The file has no field {options.match!r} to match features by; add it, or send match=none "
                       "to add every row.", parameter="match")
    geometries, geometry_reasons = storage_geometries(table.geometries, crs, view.geometry_type)
    rows = clean_rows(view, table, columns, options.match, code_column).with_reasons(geometry_reasons)
    progress(0.6, f"staging and judging {len(table):,} rows")
    with transaction.atomic():
        staged = copy_rows(batch.pk, rows, geometries)
        counts, (batch.snapshot, batch.seen_at, batch.history_seen) = judge_rows(
            view, batch.pk, columns=present, match=options.match, code_column=code_column,
            delete_missing=options.delete_missing, staged=staged)
        batch.columns, batch.crs, batch.state = present, crs.key, ImportState.DRY_RUN
        batch.counts = {action.value: counts.get(action.value, 0) for action in RowAction}
        batch.counts["rows"] = len(table)
        batch.save(update_fields=["columns", "crs", "state", "counts", "snapshot", "seen_at", "history_seen"])
    return batch


def import_failed(batch: Import, error: ApiError) -> None:
    Import.objects.filter(pk=batch.pk).update(state=ImportState.FAILED, error=error.as_dict())
    ImportRow.objects.filter(batch_id=batch.pk).delete()


def import_of_owner(*, import_id, user_id: int | None, lock: bool = False) -> Import:
    """The import ``import_id`` if ``user_id`` owns it; another's is the same 404 as a missing one."""
    rows = Import.objects.select_for_update() if lock else Import.objects
    batch = rows.filter(pk=import_id, owner_id=user_id).first()
    if batch is None:
        raise ImportNotFound(f"No import {import_id} of yours.", parameter="id")
    return batch


def check_committable(batch: Import) -> None:
    if batch.state == ImportState.COMMITTED:
        raise ImportFinished(f"Import {batch.pk} was committed at {batch.committed.isoformat()}; upload the file "
                             "again to import it again.", parameter="id")
    if batch.state == ImportState.FAILED:
        raise ImportFinished(f"Import {batch.pk} failed; upload the file again.", parameter="id")
    if batch.state != ImportState.DRY_RUN:
        raise ImportNotReady(f"Import {batch.pk} is still being read; commit it when its dry run is done.",
                             parameter="id")
    if batch.expires < timezone.now():
        raise ImportFinished(f"The dry run of import {batch.pk} expired at {batch.expires.isoformat()}; upload the "
                             "file again.", parameter="id")
    if batch.counts.get(RowAction.INVALID, 0):
        raise InvalidRows(f"{batch.counts[RowAction.INVALID]:,} rows of the file are invalid; nothing was imported. "
                          "Correct them (see the dry run's report) and upload the file again.",
                          rows=_rows(batch, action=RowAction.INVALID))


def _rows(batch: Import, *, action: str | None = None, codes=None, feature_ids=None) -> list[dict]:
    rows = ImportRow.objects.filter(batch_id=batch.pk)
    if action:
        rows = rows.filter(action=action)
    if codes is not None:
        rows = rows.filter(code__in=codes)
    if feature_ids is not None:
        rows = rows.filter(feature_id__in=feature_ids)
    return [{"row": r.row, "code": r.code, "featureId": r.feature_id, "reason": r.reason}
            for r in rows.order_by("row")[:5]]


def _apply(cursor, view: LayerView, batch: Import) -> list[tuple]:
    """The staged rows written, checked and journalled: the versions the commit's history rows give."""
    params = {"id": batch.pk, "layer": view.layer.id, "snapshot": batch.snapshot, "seen_at": batch.seen_at,
              "history_seen": batch.history_seen}
    cursor.execute(import_sql.NO_JIT)
    cursor.execute(edit_sql.DEFER_CHECKS)
    written = _write(cursor, view.layer, batch, params)
    cursor.execute(writes.JOURNAL, params)
    versions, stale = [], []
    for own, operation, feature_id, version in cursor.fetchall():
        if own:
            versions.append((operation, feature_id, version))
        else:
            stale.append(feature_id)
    _check_unchanged(cursor, batch, params, written, stale)
    cursor.execute(edit_sql.CHECK_DEFERRED)
    return versions


def _write(cursor, layer: Layer, batch: Import, params: dict) -> int:
    """The DELETE, UPDATE and INSERT of the staged rows: how many features the first two wrote."""
    columns = [c for c in batch.columns if c not in layer.derived]
    missing = [c for c in model_fields(layer) if c not in columns and c not in layer.derived]
    params["defaults"] = json.dumps(defaults(layer, missing), cls=DjangoJSONEncoder)
    cursor.execute(writes.CHANGING, params)
    changing = sorted(name for (name,) in cursor.fetchall())
    cursor.execute(writes.HISTORY_NOW)
    (params["history_now"],) = cursor.fetchone()
    written = 0
    if batch.counts.get(RowAction.DELETE):
        cursor.execute(writes.delete(layer), params)
        written += cursor.rowcount
    if changing:
        cursor.execute(writes.update(layer, changing), params)
        written += cursor.rowcount
    if batch.counts.get(RowAction.ADD):
        cursor.execute(writes.insert(layer, [*columns, *missing]), params)
    return written


def _check_unchanged(cursor, batch: Import, params: dict, written: int, stale: list[int]) -> None:
    """None of the features the commit deleted or updated (it locked them) changed since the dry run (``stale``:
    the features of the layer that did), and none is missing (deleted meanwhile: fewer rows written than the dry
    run counted)."""
    rows = []
    if stale:
        cursor.execute(writes.STALE_ROWS, {**params, "stale": stale})
        rows = cursor.fetchall()
    if rows or written != batch.counts.get(RowAction.UPDATE, 0) + batch.counts.get(RowAction.DELETE, 0):
        raise ChangedSinceDryRun(
            "Features this import changes were changed or deleted by another edit since its dry run; nothing was "
            "imported. Upload the file again.",
            rows=[{"row": row, "code": code, "featureId": fid, "reason": "changed since the dry run"}
                  for row, code, fid in rows])


DEADLOCK = "40P01"


def import_commit(*, import_id, principal: Principal, actor: str | None = None) -> Import:
    """Apply the dry run of ``import_id`` (the caller's) in one transaction: its deletions, updates and adds, with
    the history (path ``import``) and the layer's triggers; nothing at all when any of it fails (the answer names
    the row). The import, committed, with its counts and the features' new versions."""
    try:
        with transaction.atomic():
            batch = import_of_owner(import_id=import_id, user_id=principal.user_id, lock=True)
            check_committable(batch)
            view = layer_view(get_layer(batch.collection), principal)
            check_may_import(view)
            with history_context(principal=principal, path="import", actor_name=actor), \
                    connection.cursor() as cursor:
                versions = _apply(cursor, view, batch)
            batch.state, batch.committed = ImportState.COMMITTED, timezone.now()
            batch.result = _result(versions)
            batch.save(update_fields=["state", "committed", "result"])
            ImportRow.objects.filter(batch_id=batch.pk).delete()
            return batch
    except IntegrityError as error:
        batch = Import.objects.get(pk=import_id)
        refusal = database_error(layer_view(get_layer(batch.collection), principal), error)
        failed = InvalidRows(f"Nothing was imported: {refusal.description}", rows=_culprits(batch, refusal))
        failed.status = refusal.status
        import_failed(batch, failed)
        raise failed from None
    except ChangedSinceDryRun as error:
        import_failed(Import.objects.get(pk=import_id), error)
        raise
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) != DEADLOCK:
            raise
        # the UPDATE locks its rows in no set order: a concurrent edit of the same features may deadlock with it
        failed = ChangedSinceDryRun("Another edit changed features this import changes while it was committed; "
                                    "nothing was imported. Upload the file again.", rows=[])
        import_failed(Import.objects.get(pk=import_id), failed)
        raise failed from None


def _culprits(batch: Import, refusal: ApiError) -> list[dict]:
    """The staged rows a database refusal speaks of (the key value it names, or the features of a breach)."""
    text = refusal.description
    codes = re.findall(r"'([^']{1,60})'", text)
    rows = _rows(batch, codes=codes) if codes else []
    breach = refusal.as_dict().get("topology") or {}
    ids = [f for f in breach.get("features", []) if isinstance(f, int)]
    return rows or (_rows(batch, feature_ids=ids) if ids else [])


def _result(versions: list[tuple]) -> dict:
    done = {"insert": [], "update": [], "delete": []}
    for operation, feature_id, version in versions:
        done[operation].append({"featureId": feature_id, "version": version})
    return {"added": len(done["insert"]), "updated": len(done["update"]), "deleted": len(done["delete"]),
            "versions": done}


def discard_files(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
