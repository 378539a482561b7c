"""``POST /api/imports`` (upload: the dry run's report, 201; a big file: 202 and its job), ``GET
/api/imports/{id}`` (the report), ``GET /api/imports/{id}/rows`` (all the rows of one kind, paged) and ``POST
/api/imports/{id}/commit`` (apply it; a big one: 202 and its job).
Only the owner sees or commits an import; others get the same 404 as for a missing one."""
from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.middleware import check_writer, principal_of
from jobs.services import job_enqueue
from web.errors import NotAuthenticated
from web.public_url import public_url
from web.responses import json_response

from . import conf
from .files import open_source
from .models import ImportRow
from .params import parse_import_request, parse_rows_request
from .reading import feature_count
from .report import check_listed, import_document, rows_page
from .services import check_may_import, discard_files, import_commit, import_dry_run, import_new, import_of_owner
from .storage import save_upload, upload_directory


def _answer(request: HttpRequest, batch, status: int = 200) -> HttpResponse:
    return json_response(import_document(batch, base=f"{public_url(request)}/api/imports/"), status=status)


def _queued(request: HttpRequest, job, batch) -> HttpResponse:
    body = {"job": str(job.pk), "import": str(batch.pk),
            "links": [{"rel": "monitor", "href": f"{public_url(request)}/api/jobs/{job.pk}"},
                      {"rel": "related", "href": f"{public_url(request)}/api/imports/{batch.pk}"}]}
    response = json_response(body, status=202)
    response["Location"] = f"{public_url(request)}/api/jobs/{job.pk}"
    return response


def _signed_in(request: HttpRequest):
    principal = principal_of(request)
    if principal.user_id is None:
        raise NotAuthenticated("Imports are made with an API token (Authorization: Bearer) or a signed-in session.",
                               parameter="Authorization")
    return principal


@csrf_exempt
@require_POST
def imports(request: HttpRequest) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    principal = _signed_in(request)
    parsed = parse_import_request(request, principal)
    check_may_import(parsed.view)
    import_id = uuid.uuid4()
    directory = upload_directory(import_id)
    queued = False
    try:
        upload = save_upload(parsed.upload, import_id)
        source = open_source(upload, parsed.upload.name, directory)
        owner = get_user_model().objects.get(pk=principal.user_id)
        if feature_count(source) > conf.get("PINGDING_IMPORT_SYNC_MAX_FEATURES"):
            with transaction.atomic():
                batch = import_new(import_id=import_id, owner=owner, view=parsed.view, file_name=parsed.upload.name,
                                   file_format=source.format, options=parsed.options)
                job = job_enqueue(kind="import", owner=owner, params={
                    "import_id": str(import_id), "step": "dry_run", "crs": parsed.options.crs,
                    "encoding": parsed.options.encoding, "match": parsed.options.match,
                    "delete_missing": parsed.options.delete_missing, "code_column": parsed.code_column})
            queued = True
            return _queued(request, job, batch)
        with transaction.atomic():
            batch = import_new(import_id=import_id, owner=owner, view=parsed.view, file_name=parsed.upload.name,
                               file_format=source.format, options=parsed.options)
            import_dry_run(batch=batch, view=parsed.view, source=source, options=parsed.options,
                           code_column=parsed.code_column)
        return _answer(request, batch, status=201)
    finally:
        if not queued:
            discard_files(directory)


@require_GET
def import_detail(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    principal = _signed_in(request)
    return _answer(request, import_of_owner(import_id=import_id, user_id=principal.user_id))


@require_GET
def import_rows_view(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    principal = _signed_in(request)
    asked = parse_rows_request(request.GET)
    batch = import_of_owner(import_id=import_id, user_id=principal.user_id)
    check_listed(batch)
    return json_response(rows_page(batch, action=asked.action, offset=asked.offset, limit=asked.limit,
                                   base=f"{public_url(request)}/api/imports/"))


@csrf_exempt
@require_POST
def import_commit_view(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    principal = _signed_in(request)
    batch = import_of_owner(import_id=import_id, user_id=principal.user_id)
    if ImportRow.objects.filter(batch_id=batch.pk).count() > conf.get("PINGDING_IMPORT_SYNC_MAX_FEATURES"):
        job = job_enqueue(kind="import", owner=batch.owner, params={"import_id": str(batch.pk), "step": "commit"})
        return _queued(request, job, batch)
    user = get_user_model().objects.filter(pk=principal.user_id).values_list("username", flat=True).first()
    return _answer(request, import_commit(import_id=batch.pk, principal=principal, actor=user))
