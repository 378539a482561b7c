"""The dry run's judgement of the staged rows, statement by statement (``layers.imports.sql``), in the caller's
transaction: what each row will do and, for an invalid one, why."""
from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from layers.access import LayerView
from layers.editing.inputs import InvalidValue, defaults, model_fields
from layers.editing.rights import unsettable_required

from . import sql as import_sql


def _no_adds(view: LayerView) -> str | None:
    unsettable = unsettable_required(view)
    if unsettable:
        return f"no write right: a new feature needs {unsettable[0]}, which your role may not set"
    return None


def _required(view: LayerView, columns: Sequence[str]) -> str | None:
    missing = [c for c in model_fields(view.layer) if c not in columns and c not in view.layer.derived]
    try:
        defaults(view.layer, missing)
    except InvalidValue as error:
        return f"{error.description[:-1]} for a new feature; the file has no such field"
    return None


def judge_rows(view: LayerView, import_id, *, columns: Sequence[str], match: str | None, code_column: str,
               delete_missing: bool, staged: int | None = None) -> tuple[dict[str, int], tuple]:
    """Judge the staged rows of ``import_id`` (file ``columns``, matched by ``match``; None: adds only, checked
    against ``code_column``) and stage the deletions: the counts per action, and what the matching saw
    (:data:`layers.imports.sql.SNAPSHOT`). ``staged``: how many rows were staged not yet invalid, if known (when the
    match finds a feature for each, the statements about new rows are not run)."""
    layer = view.layer
    scope = view.write_scope
    params = {
        "id": import_id, "layer": layer.id, "scope": list(scope.values) if scope else [],
        "unwritable": sorted(set(columns) - view.writable), "no_adds": _no_adds(view),
        "required": _required(view, columns),
        "why_before": f"no write right: the feature is not one of {scope.why}" if scope else None,
        "why_after": f"no write right: the feature would not be one of {scope.why}" if scope else None,
    }
    if match is None:
        first = import_sql.exists_already(layer, code_column)
    else:
        first = import_sql.match(layer, match, columns)
    statements = [import_sql.ADDS, import_sql.judge(layer), import_sql.kinds(layer), import_sql.ADD_RIGHTS]
    if scope is not None or params["unwritable"]:
        statements.append(import_sql.rights(view))
    if delete_missing and match is not None:
        statements.append(import_sql.deletions(view, match))
    with connection.cursor() as cursor:
        cursor.execute(import_sql.NO_JIT)
        cursor.execute(import_sql.SNAPSHOT)
        seen = cursor.fetchone()
        cursor.execute(first, params)
        if match is not None and staged is not None and cursor.rowcount == staged:
            statements = [s for s in statements if s not in (import_sql.ADDS, import_sql.ADD_RIGHTS)]
        for statement in filter(None, statements):
            cursor.execute(statement, params)
        cursor.execute(import_sql.COUNTS, params)
        return dict(cursor.fetchall()), seen
