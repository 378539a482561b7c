"""The items URL answering an export format (``f=gpkg|shp|fgb|csv|kml|geojson``): parse, count, write, send.

A selection above ``PINGDING_EXPORT_SYNC_MAX_FEATURES`` runs as a job (``layers.exports.jobs``): 202 with the job
and ``Location: /api/jobs/{id}``; the file is then at ``/api/jobs/{id}/result``. A job has an owner who alone sees
it, so an anonymous caller asking for that much is a 401 that asks to sign in (or to narrow the selection).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse

from accounts.middleware import principal_of
from jobs.serialize import job_document
from jobs.services import job_enqueue
from layers.access import LayerView
from web.errors import NotAuthenticated
from web.public_url import public_url
from web.responses import json_response

from . import conf
from .params import parse_export_query
from .service import export_selection
from .sql import sql_export_count


def export_response(request: HttpRequest, layer: LayerView) -> HttpResponse:
    query, fmt, options = parse_export_query(layer, request.GET)
    statement = sql_export_count(layer, query)
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        (count,) = cursor.fetchone()
    most = conf.get("PINGDING_EXPORT_SYNC_MAX_FEATURES")
    if count > most:
        return export_job_response(request, layer, count=count, most=most)
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


def export_job_response(request: HttpRequest, layer: LayerView, *, count: int, most: int) -> HttpResponse:
    """202: the export enqueued as a job of the caller, ``Location`` its URL; 401 for an anonymous caller."""
    if principal_of(request).user_id is None:
        raise NotAuthenticated(
            f"This export holds {count:,} features, more than the {most:,} answered at once; bigger exports run as "
            "jobs, which belong to a signed-in caller: send an API token (Authorization: Bearer) or sign in, or "
            "narrow the selection (bbox, filter, limit).", parameter="Authorization",
        )
    job = job_enqueue(kind="export", owner=request.user,
                      params={"collection": layer.id, "query": request.GET.urlencode(), "count": count})
    base = f"{public_url(request)}/api/jobs/"
    response = json_response(job_document(job, base=base), status=202)
    response["Location"] = f"{base}{job.pk}"
    return response
