"""``/api/jobs`` (GET: the caller's jobs; POST: start one), ``/api/jobs/{id}`` (GET: state and progress; DELETE:
cancel), ``/api/jobs/{id}/cancel`` (POST) and ``/api/jobs/{id}/result`` (GET: the result file). Only the owner sees
a job; anyone else gets a 404."""
from __future__ import annotations

import uuid

from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import check_writer, principal_of
from web.errors import NotAuthenticated
from web.public_url import public_url
from web.responses import json_response

from .params import parse_job_list, parse_job_start
from .selectors import job_of_owner, job_result_path, jobs_of_owner
from .serialize import job_document, job_list_document
from .services import job_cancel, job_start


def _user_id(request: HttpRequest) -> int:
    principal = principal_of(request)
    if principal.user_id is None:
        raise NotAuthenticated("Jobs are seen by their owner: send an API token (Authorization: Bearer) or sign in.",
                               parameter="Authorization")
    return principal.user_id


def _owned(request: HttpRequest, job_id: uuid.UUID):
    return job_of_owner(job_id=job_id, user_id=_user_id(request))


@csrf_exempt  # a session's POST is checked by check_writer, after the 401
@require_http_methods(["GET", "HEAD", "POST"])
def job_collection(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return start(request)
    query = parse_job_list(request.GET)
    found, matched = jobs_of_owner(user_id=_user_id(request), state=query.state, kind=query.kind,
                                   limit=query.limit, offset=query.offset)
    base = f"{public_url(request)}/api/jobs"
    return json_response(job_list_document(found, matched=matched, base=base, query=query))


def start(request: HttpRequest) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    kind, params = parse_job_start(request.body)
    job = job_start(kind=kind, owner=request.user, roles=frozenset(principal_of(request).roles), params=params)
    response = json_response(job_document(job, base=f"{public_url(request)}/api/jobs/"), status=202)
    response["Location"] = f"{public_url(request)}/api/jobs/{job.pk}"
    return response


def _answer(request: HttpRequest, job) -> HttpResponse:
    return json_response(job_document(job, base=f"{public_url(request)}/api/jobs/"))


@require_http_methods(["GET", "HEAD", "DELETE"])
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    if request.method == "DELETE":
        return cancel(request, job_id)
    return _answer(request, _owned(request, job_id))


@require_POST
def job_cancel_view(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    return cancel(request, job_id)


def cancel(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    return _answer(request, job_cancel(job=_owned(request, job_id)))


@require_GET
def job_result(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    path = job_result_path(_owned(request, job_id))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
