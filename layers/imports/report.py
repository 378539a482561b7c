"""An import as the API answers it: its state, counts, and the first rows of each kind (the dry-run report, each
kind paged in full by :func:`rows_page`), or what its commit did."""
from __future__ import annotations

from typing import Any

from . import conf
from .errors import ImportFinished, ImportNotReady
from .models import Import, ImportRow, ImportState, RowAction

COUNT_NAMES = {"add": "adds", "update": "updates", "same": "unchanged", "delete": "deletions", "invalid": "invalid"}
LISTED = {
    RowAction.ADD: ("row", {"row": "row", "code": "code"}),
    RowAction.UPDATE: ("row", {"row": "row", "code": "code", "featureId": "feature_id", "changed": "changed"}),
    RowAction.DELETE: ("feature_id", {"featureId": "feature_id", "code": "code"}),
    RowAction.INVALID: ("row", {"row": "row", "code": "code", "reason": "reason"}),
}
"""The kinds of rows a report lists: the order they are listed in and each item's names (API name: column)."""


def _time(value) -> str | None:
    return value.isoformat() if value is not None else None


def import_rows(batch: Import, *, action: str, offset: int, limit: int) -> list[dict]:
    """The staged rows of one kind (``action``, a key of :data:`LISTED`), ``limit`` of them from ``offset`` on. When
    every row of the file is of the kind (a survey that updates them all) they are read without the test of their
    action: its statistics were taken before the judging, and planned by them the page read the whole table."""
    count = batch.counts.get(action, 0)
    if offset >= count:
        return []
    order, names = LISTED[action]
    rows = ImportRow.objects.filter(batch_id=batch.pk)
    if action != RowAction.DELETE and count == batch.counts.get("rows"):
        rows = rows.filter(row__isnull=False)  # every row of the file: read in order on the index, however planned
    else:
        rows = rows.filter(action=action)
    rows = rows.order_by(order).values_list(*names.values())[offset:offset + limit]
    return [dict(zip(names, values)) for values in rows]


def _listed(batch: Import, href: str) -> tuple[dict[str, list[dict]], list[dict]]:
    """The first rows of each kind, and a link to all the rows of each kind that has any."""
    most = conf.get("PINGDING_IMPORT_REPORT_LIST_MAX")
    lists, links = {}, []
    for action in LISTED:
        lists[COUNT_NAMES[action]] = import_rows(batch, action=action, offset=0, limit=most)
        count = batch.counts.get(action, 0)
        if count:
            links.append({"rel": "related", "href": f"{href}/rows?action={action}", "type": "application/json",
                          "title": f"all {count:,} {COUNT_NAMES[action]}, paged (the report lists "
                                   f"{len(lists[COUNT_NAMES[action]]):,})"})
    return lists, links


def check_listed(batch: Import) -> None:
    """409 unless ``batch`` is a dry run (whose rows are staged: a commit or a failure drops them)."""
    if batch.state == ImportState.READING:
        raise ImportNotReady(f"Import {batch.pk} is still being read; its rows are listed when its dry run is done.",
                             parameter="id")
    if batch.state != ImportState.DRY_RUN:
        raise ImportFinished(f"Import {batch.pk} is {batch.state}: its staged rows are gone (a committed import "
                             "says what it did in its result).", parameter="id")


def rows_page(batch: Import, *, action: str, offset: int, limit: int, base: str) -> dict[str, Any]:
    """One page of the rows of a kind; ``base``: the absolute URL of ``/api/imports/``."""
    href = f"{base}{batch.pk}"
    count = batch.counts.get(action, 0)
    rows = import_rows(batch, action=action, offset=offset, limit=limit)
    page = f"{href}/rows?action={action}&limit={limit}&offset="
    links = [{"rel": "self", "href": f"{page}{offset}", "type": "application/json"},
             {"rel": "up", "href": href, "type": "application/json"}]
    if offset + limit < count:
        links.append({"rel": "next", "href": f"{page}{offset + limit}", "type": "application/json"})
    if offset > 0:
        links.append({"rel": "prev", "href": f"{page}{max(0, offset - limit)}", "type": "application/json"})
    return {"import": str(batch.pk), "action": action, "count": count, "offset": offset, "limit": limit,
            "rows": rows, "links": links}


def import_document(batch: Import, *, base: str) -> dict[str, Any]:
    """``base``: the absolute URL of ``/api/imports/`` (links are built on it)."""
    href = f"{base}{batch.pk}"
    document: dict[str, Any] = {
        "id": str(batch.pk), "collection": batch.collection, "state": batch.state, "file": batch.file_name,
        "format": batch.format, "crs": batch.crs or None, "match": batch.match, "deleteMissing": batch.delete_missing,
        "fields": batch.columns, "created": _time(batch.created), "expires": _time(batch.expires),
        "counts": {"rows": batch.counts.get("rows", 0),
                   **{name: batch.counts.get(action, 0) for action, name in COUNT_NAMES.items()}},
    }
    kinds: list[dict] = []
    if batch.state == "dry_run":
        lists, kinds = _listed(batch, href)
        document.update(lists)
    if batch.result is not None:
        document["committed"] = _time(batch.committed)
        document["result"] = batch.result
    if batch.error is not None:
        document["error"] = batch.error
    links = [{"rel": "self", "href": href, "type": "application/json"}]
    if batch.state == "dry_run":
        links.append({"rel": "commit", "href": f"{href}/commit", "type": "application/json",
                      "title": "POST here to apply this dry run"})
    document["links"] = links + kinds
    return document
