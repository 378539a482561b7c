"""``POST /api/grids/merge`` and ``POST /api/grids/split``: JSON bodies, ``If-Match`` with the ETags of the grids the
caller read (``"grids.<id>.<version>"``, as ``/ogc/collections/grids/items/{id}`` gives them), the report as the
answer. The views parse; ``layers.grids.services`` decides and writes."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from accounts.middleware import check_writer, principal_of
from layers.ogc.editing import content_crs
from web.conditional import if_match_each
from web.errors import UnsupportedMediaType
from web.responses import json_response

from .params import merge_body, split_body
from .report import GRIDS
from .services import grids_merge, grids_split

JSON = "application/json"


def _actor(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and getattr(user, "is_authenticated", False) else None


def _raw(request: HttpRequest) -> bytes:
    media_type = (request.content_type or "").lower()
    if media_type != JSON:
        raise UnsupportedMediaType(f"Send the body as {JSON} (got {media_type or 'no Content-Type'}).",
                                   parameter="Content-Type")
    return request.body


def _expected(request: HttpRequest) -> dict[int, frozenset[int]]:
    return {int(resource): versions for resource, versions in if_match_each(request, GRIDS).items()
            if resource.isdigit() and len(resource) < 19}


@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    body = merge_body(_raw(request))
    expected = _expected(request)
    report = grids_merge(principal=principal_of(request), codes=body.codes, new_code=body.new_code,
                         expected=expected, path="api", actor=_actor(request))
    return json_response(report.as_dict())


@require_POST
def split(request: HttpRequest) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    body = split_body(_raw(request), content_crs(request))
    expected = _expected(request)
    report = grids_split(principal=principal_of(request), code=body.code, by=body.by, codes=body.codes,
                         expected=expected, path="api", actor=_actor(request))
    return json_response(report.as_dict())
