"""The items URL answering an export format (``f=gpkg|shp|fgb|csv|kml|geojson``): parse, count, write, send.

A selection above ``PINGDING_EXPORT_SYNC_MAX_FEATURES`` is a 413 for now; it will become a job (202 + Location).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.db import connection
from django.http import FileResponse, HttpRequest

from layers.access import LayerView
from layers.errors import ApiError

from . import conf
from .params import parse_export_query
from .service import export_selection
from .sql import sql_export_count


def export_response(request: HttpRequest, layer: LayerView) -> FileResponse:
    query, fmt, options = parse_export_query(layer, request.GET)
    statement = sql_export_count(layer, query)
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        (count,) = cursor.fetchone()
    most = conf.get("PINGDING_EXPORT_SYNC_MAX_FEATURES")
    if count > most:
        raise ApiError(
            f"This export holds {count:,} features, more than the {most:,} answered at once; narrow it (bbox, "
            "filters, limit). Bigger exports will be run as jobs.", parameter="limit", code="export_too_large",
            status=413,
        )
    directory = Path(tempfile.mkdtemp(prefix="pingding-export-"))
    try:
        path = export_selection(layer, query, fmt, options, directory)
        handle = path.open("rb")  # the open handle keeps the file readable until the response closes it
    finally:
        shutil.rmtree(directory)
    response = FileResponse(handle, as_attachment=True, filename=path.name, content_type=fmt.media_type)
    response["Content-Crs"] = f"<{query.crs.uri}>"
    response["X-Feature-Count"] = str(count)
    return response
