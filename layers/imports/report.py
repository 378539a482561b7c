"""An import as the API answers it: its state, counts, and the rows of each kind (the dry-run report), or what its
commit did."""
from __future__ import annotations

from typing import Any

from . import conf
from .models import Import, ImportRow, RowAction

COUNT_NAMES = {"add": "adds", "update": "updates", "same": "unchanged", "delete": "deletions", "invalid": "invalid"}


def _time(value) -> str | None:
    return value.isoformat() if value is not None else None


def _listed(batch: Import) -> dict[str, list[dict]]:
    most = conf.get("PINGDING_IMPORT_REPORT_LIST_MAX")
    rows = ImportRow.objects.filter(batch_id=batch.pk)
    adds = rows.filter(action=RowAction.ADD).order_by("row").values_list("row", "code")[:most]
    updates = rows.filter(action=RowAction.UPDATE).order_by("row").values_list("row", "code", "feature_id",
                                                                                 "changed")[:most]
    deletions = rows.filter(action=RowAction.DELETE).order_by("feature_id").values_list("feature_id", "code")[:most]
    invalid = rows.filter(action=RowAction.INVALID).order_by("row").values_list("row", "code", "reason")[:most]
    return {
        "adds": [{"row": row, "code": code} for row, code in adds],
        "updates": [{"row": row, "code": code, "featureId": fid, "changed": changed}
                    for row, code, fid, changed in updates],
        "deletions": [{"featureId": fid, "code": code} for fid, code in deletions],
        "invalid": [{"row": row, "code": code, "reason": reason} for row, code, reason in invalid],
    }


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
    if batch.state == "dry_run":
        document.update(_listed(batch))
    if batch.result is not None:
        document["committed"] = _time(batch.committed)
        document["result"] = batch.result
    if batch.error is not None:
        document["error"] = batch.error
    links = [{"rel": "self", "href": href, "type": "application/json"}]
    if batch.state == "dry_run":
        links.append({"rel": "commit", "href": f"{href}/commit", "type": "application/json",
                      "title": "POST here to apply this dry run"})
    document["links"] = links
    return document
