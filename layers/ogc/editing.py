"""OGC API - Features Part 4 (Create, Replace, Update, Delete) over the layers, and revert and restore.

``POST /collections/{id}/items`` (201 + ``Location``), ``PUT`` / ``PATCH`` (JSON merge patch, RFC 7396) /
``DELETE`` on ``/collections/{id}/items/{featureId}``, ``OPTIONS`` on both (``Allow`` names what the caller may do),
``POST .../items/{featureId}/revert`` (``{"version": n}``) and ``POST .../items/{featureId}/restore``. A change
to an existing feature needs ``If-Match`` with its ETag (``web.conditional``). Bodies carry geometry in their
``Content-Crs`` (CRS84 when absent). The views parse; ``layers.editing.services`` decides and writes.
"""
from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse

from accounts.middleware import check_writer, principal_of
from layers.access import LayerView
from layers.editing.geometry import parse_geometry
from layers.editing.inputs import clean_properties, parse_feature
from layers.editing.rights import may_change, may_create
from layers.editing.services import Edit, Written, create_feature, delete_feature, restore_feature, revert_feature, \
    update_feature
from layers.editing.steps import check_may_write
from layers.selectors import feature_get_versioned
from spatial.crs import CRS84, CrsInfo, resolve_crs
from web.bodies import load_json, load_json_object
from web.conditional import etag, if_match_versions
from web.errors import InvalidParameter, UnsupportedMediaType

from .formats import GEOJSON_TYPE
from .geojson import feature_body
from .links import link, url

FEATURE_TYPES = ("application/geo+json", "application/json")
PATCH_TYPES = ("application/merge-patch+json", "application/json", "application/geo+json")


def content_crs(request: HttpRequest) -> CrsInfo:
    """The CRS of the body's geometry: ``Content-Crs: <uri>`` (or a bare URI or name), CRS84 when absent."""
    header = request.headers.get("Content-Crs")
    if header is None:
        return CRS84
    return resolve_crs(header.strip().removeprefix("<").removesuffix(">"), parameter="Content-Crs")


def _body(request: HttpRequest, accepted: tuple[str, ...]):
    media_type = (request.content_type or "").lower()
    if media_type not in accepted:
        raise UnsupportedMediaType(
            f"Send the body as {' or '.join(accepted)} (got {media_type or 'no Content-Type'}).",
            parameter="Content-Type",
        )
    return load_json(request.body, parameter="body")


def _edit(request: HttpRequest, view: LayerView) -> Edit:
    principal = principal_of(request)
    user = getattr(request, "user", None)
    name = user.get_username() if user is not None and getattr(user, "is_authenticated", False) else None
    edit = Edit(view=view, principal=principal, path="api", actor=name, crs=content_crs(request))
    check_may_write(edit)
    return edit


def writer(view_function):
    """A write view: 401 for an anonymous caller and the CSRF check of a session first
    (``accounts.middleware.check_writer``), then 403 unless the caller may write the layer; the view gets its
    :class:`~layers.editing.steps.Edit` as ``edit``."""

    @functools.wraps(view_function)
    def wrapped(request: HttpRequest, view: LayerView, *args) -> HttpResponse:
        refused = check_writer(request)
        if refused is not None:
            return refused
        return view_function(request, view, *args, edit=_edit(request, view))

    return wrapped


def feature_answer(request: HttpRequest, view: LayerView, written: Written, crs: CrsInfo, *,
                   status: int = 200) -> HttpResponse:
    """The feature an edit left, as its GET answers it in ``crs``, with its ETag (and ``Location`` for a 201)."""
    found = feature_get_versioned(layer=view, feature_id=written.feature_id, crs=crs)
    here = url(request, "feature", view.id, written.feature_id)
    if found is None:  # the edit moved it out of what the writer reads (e.g. out of its grids)
        response = HttpResponse(status=204 if status == 200 else status)
    else:
        text, _ = found
        links = [link(here, "self", GEOJSON_TYPE, "this feature"),
                 link(url(request, "collection", view.id), "collection", "application/json", view.title)]
        response = HttpResponse(feature_body(text, links), status=status,
                                content_type=f"{GEOJSON_TYPE}; charset=utf-8")
        response["Content-Crs"] = f"<{crs.uri}>"
    response["ETag"] = etag(view.id, written.feature_id, written.version)
    if status == 201:
        response["Location"] = here
    return response


@writer
def create(request: HttpRequest, view: LayerView, edit: Edit) -> HttpResponse:
    """POST on items: a new feature; 201 with its ``Location``, ``ETag`` and itself."""
    properties, geometry = parse_feature(view, _body(request, FEATURE_TYPES), crs=edit.crs)
    written = create_feature(edit, properties=properties, geometry=geometry)
    return feature_answer(request, view, written, edit.crs, status=201)


@writer
def replace(request: HttpRequest, view: LayerView, feature_id: int, edit: Edit) -> HttpResponse:
    """PUT: the feature replaced by the body (properties not sent return to their defaults)."""
    expected = if_match_versions(request, view.id, feature_id)
    document = _body(request, FEATURE_TYPES)
    if isinstance(document, dict) and document.get("id") not in (None, feature_id, str(feature_id)):
        raise InvalidParameter(f"The body's id {str(document.get('id'))[:40]!r} is not {feature_id}, the feature "
                               "of this address.", parameter="body.id")
    properties, geometry = parse_feature(view, document, crs=edit.crs)
    written = update_feature(edit, feature_id, expected=expected, properties=properties, geometry=geometry,
                             replace=True)
    return feature_answer(request, view, written, edit.crs)


@writer
def patch(request: HttpRequest, view: LayerView, feature_id: int, edit: Edit) -> HttpResponse:
    """PATCH: a JSON merge patch of the feature (``properties`` members set or nulled, ``geometry`` replaced)."""
    expected = if_match_versions(request, view.id, feature_id)
    document = load_json_object(_raw_checked(request), parameter="body")
    unknown = sorted(set(document) - {"type", "id", "properties", "geometry"})
    if unknown:
        raise InvalidParameter(f"A patch changes 'properties' and 'geometry' only, not {unknown[0][:40]!r}.",
                               parameter=f"body.{unknown[0][:40]}")
    if document.get("id") not in (None, feature_id, str(feature_id)):
        raise InvalidParameter("A patch may not change the feature's id.", parameter="body.id")
    properties = clean_properties(view, document.get("properties") or {})
    geometry = None
    if "geometry" in document:
        if document["geometry"] is None:
            raise InvalidParameter("A feature keeps a geometry: 'geometry' may not be null.", parameter="geometry")
        geometry = parse_geometry(document["geometry"], crs=edit.crs, declared=view.geometry_type)
    written = update_feature(edit, feature_id, expected=expected, properties=properties, geometry=geometry)
    return feature_answer(request, view, written, edit.crs)


def _raw_checked(request: HttpRequest) -> bytes:
    _body(request, PATCH_TYPES)
    return request.body


@writer
def delete(request: HttpRequest, view: LayerView, feature_id: int, edit: Edit) -> HttpResponse:
    """DELETE: 204; the feature stays in its history and can be restored."""
    written = delete_feature(edit, feature_id, expected=if_match_versions(request, view.id, feature_id))
    response = HttpResponse(status=204)
    response["ETag"] = etag(view.id, feature_id, written.version)
    return response


@writer
def revert(request: HttpRequest, view: LayerView, feature_id: int, edit: Edit) -> HttpResponse:
    """POST ``{"version": n}``: the feature as it was after its version n (an edit, with If-Match)."""
    expected = if_match_versions(request, view.id, feature_id)
    document = load_json_object(_raw_json(request), parameter="body")
    if set(document) != {"version"}:
        raise InvalidParameter("The body is {\"version\": n}: the version to go back to.", parameter="body")
    version = document["version"]
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 2**31:
        raise InvalidParameter("'version' must be a version number of the feature (1, 2, ...; see its history).",
                               parameter="body.version")
    written = revert_feature(edit, feature_id, version=version, expected=expected)
    return feature_answer(request, view, written, edit.crs)


@writer
def restore(request: HttpRequest, view: LayerView, feature_id: int, edit: Edit) -> HttpResponse:
    """POST: a deleted feature back as it was when deleted (If-Match: the ETag its history gives)."""
    written = restore_feature(edit, feature_id, expected=if_match_versions(request, view.id, feature_id))
    return feature_answer(request, view, written, edit.crs)


def _raw_json(request: HttpRequest) -> bytes:
    _body(request, ("application/json",))
    return request.body


def allowed(view: LayerView, feature_id: int | None = None) -> list[str]:
    """The methods ``view``'s principal may use on the items (``feature_id`` None: POST when it may create) or on
    one item (PUT, PATCH and DELETE when it may change that feature: one of its grids' or department's, if scoped)."""
    methods = ["GET", "HEAD", "OPTIONS"]
    if feature_id is None:
        return methods + ["POST"] * may_create(view)
    return methods + ["PUT", "PATCH", "DELETE"] * may_change(view, feature_id)


def options(view: LayerView, feature_id: int | None = None) -> HttpResponse:
    """OPTIONS: 204 with ``Allow`` (what this caller may do here)."""
    response = HttpResponse(status=204)
    methods = allowed(view, feature_id)
    response["Allow"] = ", ".join(methods)
    if "POST" in methods:
        response["Accept-Post"] = ", ".join(FEATURE_TYPES)
    if "PATCH" in methods:
        response["Accept-Patch"] = ", ".join(PATCH_TYPES[:2])
    return response
