"""The OpenAPI pieces of OGC API - Features Part 4 (``layers.ogc.editing``), merged into ``/ogc/api`` by
``layers.ogc.openapi``.

Everyone's document has the templated write operations (``POST`` on items, ``PUT`` / ``PATCH`` / ``DELETE`` /
``OPTIONS`` on an item, revert and restore), marked as needing a token (``bearerAuth``; 401 anonymous, 403 without
the right): Swagger UI at ``/api/docs`` reads the document without the token a user types into it, and GDAL and
QGIS ignore what they do not use. What *this* caller may write is in its own document: a ``POST`` on
``/collections/<id>/items`` of each collection it may write, whose body schema holds the properties it may set, and
``x-editing``: per collection, the methods ``OPTIONS`` answers in ``Allow`` and the rows it may change.
"""
from __future__ import annotations

from django.db import models

from layers.access import LayerView
from layers.editing.inputs import model_fields

from .documents import field_schema
from .editing import FEATURE_TYPES, PATCH_TYPES, allowed
from .formats import GEOJSON_TYPE, JSON_TYPE

SECURITY = [{"bearerAuth": []}]
_EXCEPTION = {"$ref": "#/components/schemas/exception"}


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


HEADERS = {
    "If-Match": {
        "name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
        "example": '"components.812.3"',
        "description": "The ETag of the version the change is made against, as the feature's GET (or its history, "
                       "for a deleted one) gave it: 428 without it (or with *), 412 when it is no longer current, "
                       "and then nothing is changed.",
    },
    "Content-Crs": {
        "name": "Content-Crs", "in": "header", "required": False, "schema": {"type": "string"},
        "example": "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>",
        "description": "CRS of the body's coordinates, `<uri>` (or the URI or name bare): CRS84 (longitude, latitude) "
                       "when absent; EPSG:4490 and EPSG:4326 latitude first; EPSG:4547 and EPSG:4526 northing first; "
                       "EPSG:3857; GCJ02 and BD09 (longitude, latitude).",
    },
}

_ETAG = {"ETag": {"description": "The feature's new version, for the next If-Match.", "schema": {"type": "string"}}}
_FEATURE = {media: {"schema": _ref("schemas", "featureGeoJSON")} for media in (GEOJSON_TYPE,)}


def _error(description: str) -> dict:
    return {"description": description, "content": {JSON_TYPE: {"schema": _EXCEPTION}}}


RESPONSES = {
    "Created": {
        "description": "Created: `Location` is its address; the body is the feature as stored (grid and areas "
                       "derived), in the Content-Crs of the request.",
        "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}, **_ETAG}, "content": _FEATURE,
    },
    "Changed": {"description": "The feature as the change left it, with its new ETag.", "headers": _ETAG,
                "content": _FEATURE},
    "Deleted": {"description": "Deleted (kept in its history: restore brings it back); `ETag` names the deletion.",
                "headers": _ETAG},
    "Options": {"description": "`Allow` names the methods this caller may use here.",
                "headers": {"Allow": {"schema": {"type": "string"}, "example": "GET, HEAD, OPTIONS, POST"}}},
    "Unauthorized": _error("No token or session: sign in (`WWW-Authenticate: Bearer`)."),
    "Forbidden": _error("Your role may not change this collection, this feature (not of your grids or department) "
                        "or the property named in `parameter`."),
    "Conflict": _error("The change collides with the data: a code that exists already, a feature still referred to, "
                       "a feature that is not deleted (restore)."),
    "PreconditionFailed": _error("If-Match names a version that is no longer current: nothing was changed; GET the "
                                 "feature again."),
    "UnsupportedMediaType": _error("The body's Content-Type is not one this operation reads."),
    "PreconditionRequired": _error("If-Match is missing (or *): GET the feature and send its ETag."),
}


def _responses(ok: dict, *, item: bool) -> dict:
    answers = {**ok, "400": _ref("responses", "InvalidParameter"), "401": _ref("responses", "Unauthorized"),
               "403": _ref("responses", "Forbidden"), "404": _ref("responses", "NotFound"),
               "409": _ref("responses", "Conflict"), "415": _ref("responses", "UnsupportedMediaType")}
    if item:
        answers.update({"412": _ref("responses", "PreconditionFailed"),
                        "428": _ref("responses", "PreconditionRequired")})
    answers["500"] = _ref("responses", "ServerError")
    return answers


COMPONENT_EXAMPLE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [113.6271, 37.7952]},
    "properties": {"code": "1403210101999901", "category_code": "0101", "name": "上水井盖", "state": "intact",
                   "supervising_department": "县住建局", "owner_department": "县自来水公司",
                   "maintainer_department": "县自来水公司"},
}
MERGE_PATCH_EXAMPLE = {"properties": {"state": "damaged", "surveyed_on": None}}

_NULLABLE_ANY = {"nullable": True}
SCHEMAS = {
    "featureWrite": {
        "type": "object", "required": ["type", "geometry", "properties"],
        "description": "A GeoJSON Feature to create or to replace one with: `properties` as in the collection's "
                       "`/schema` without its readOnly members (sent, those are ignored); `id`, if sent on PUT, "
                       "must be the feature's.",
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "integer", "readOnly": True},
            "geometry": _ref("schemas", "geometryGeoJSON"),
            "properties": {"type": "object", "additionalProperties": _NULLABLE_ANY},
        },
    },
    "featureMergePatch": {
        "type": "object", "additionalProperties": False,
        "description": "A JSON merge patch (RFC 7396) of a feature: each member of `properties` sets that property "
                       "(null: its default or null), `geometry` replaces the geometry; what is not sent stays.",
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "integer", "readOnly": True},
            "geometry": _ref("schemas", "geometryGeoJSON"),
            "properties": {"type": "object", "additionalProperties": _NULLABLE_ANY},
        },
    },
}


def _body(schema: dict, media_types: tuple[str, ...], example: dict | None = None) -> dict:
    content = {}
    for media in media_types:
        content[media] = {"schema": schema, **({"example": example} if example is not None else {})}
    return {"required": True, "content": content}


def _operation(operation_id: str, summary: str, description: str, parameters: list[dict], responses: dict,
               body: dict | None = None) -> dict:
    operation = {"operationId": operation_id, "summary": summary, "description": description, "tags": ["editing"],
                 "security": SECURITY, "parameters": parameters, "responses": responses}
    if body is not None:
        operation["requestBody"] = body
    return operation


def _options(operation_id: str, summary: str, parameters: list[dict]) -> dict:
    return {"operationId": operation_id, "summary": summary, "tags": ["editing"], "parameters": parameters,
            "responses": {"204": _ref("responses", "Options"), "404": _ref("responses", "NotFound")}}


def templated_paths() -> dict[str, dict]:
    """The write operations on ``/collections/{collectionId}/items[/{featureId}[/revert|/restore]]``."""
    collection_id, feature_id = _ref("parameters", "collectionId"), _ref("parameters", "featureId")
    if_match, content_crs = _ref("parameters", "If-Match"), _ref("parameters", "Content-Crs")
    feature = _body(_ref("schemas", "featureWrite"), FEATURE_TYPES, COMPONENT_EXAMPLE)
    merge = _body(_ref("schemas", "featureMergePatch"), PATCH_TYPES[:2], MERGE_PATCH_EXAMPLE)
    version = _body({"type": "object", "required": ["version"], "additionalProperties": False,
                     "properties": {"version": {"type": "integer", "minimum": 1}}}, (JSON_TYPE,), {"version": 1})
    created, changed = {"201": _ref("responses", "Created")}, {"200": _ref("responses", "Changed")}
    return {
        "/collections/{collectionId}/items": {
            "post": _operation(
                "createFeature", "Add a feature to a collection",
                "201 with `Location` and `ETag`. The grid is snapped and areas computed by the server; a code is "
                "checked against its standard and must be new (409).",
                [collection_id, content_crs], _responses(created, item=False), feature),
            "options": _options("optionsFeatures", "What this caller may do on the items", [collection_id]),
        },
        "/collections/{collectionId}/items/{featureId}": {
            "put": _operation(
                "replaceFeature", "Replace a feature",
                "Properties not sent go back to their defaults. Needs If-Match.",
                [collection_id, feature_id, if_match, content_crs], _responses(changed, item=True), feature),
            "patch": _operation(
                "updateFeature", "Change some properties or the geometry of a feature (JSON merge patch)",
                "Needs If-Match; what the patch does not name stays as it is.",
                [collection_id, feature_id, if_match, content_crs], _responses(changed, item=True), merge),
            "delete": _operation(
                "deleteFeature", "Delete a feature (it stays in its history; restore brings it back)",
                "Needs If-Match.", [collection_id, feature_id, if_match],
                _responses({"204": _ref("responses", "Deleted")}, item=True)),
            "options": _options("optionsFeature", "What this caller may do on the feature", [collection_id, feature_id]),
        },
        "/collections/{collectionId}/items/{featureId}/revert": {"post": _operation(
            "revertFeature", "Put a feature back as it was after one of its versions",
            "An edit like any other (recorded in the history), with If-Match of the current ETag; a deleted feature "
            "comes back with its id.", [collection_id, feature_id, if_match], _responses(changed, item=True), version,
        )},
        "/collections/{collectionId}/items/{featureId}/restore": {"post": _operation(
            "restoreFeature", "Bring back a deleted feature, with its id",
            "If-Match: the ETag of the deletion (the DELETE answered it; the history's current version).",
            [collection_id, feature_id, if_match], _responses(changed, item=True),
        )},
    }


def _property_schema(view: LayerView, name: str) -> dict:
    field = view.fields[name]
    schema = field_schema(field)
    model_field = model_fields(view.layer)[name]
    if model_field.null:
        schema["nullable"] = True
    if isinstance(model_field, models.CharField) and model_field.max_length and not field.enum:
        schema["maxLength"] = model_field.max_length
    if name in view.layer.derived:
        schema["readOnly"] = True
    return schema


def _required(view: LayerView) -> list[str]:
    """The properties a new feature must carry: those without a default that may be neither null nor blank."""
    fields = model_fields(view.layer)
    return [name for name in sorted(view.writable) if not (
        fields[name].has_default() or fields[name].null or (fields[name].blank and fields[name].empty_strings_allowed))]


def feature_schema(view: LayerView) -> dict:
    """The body of a POST on ``view``'s items, for ``view``'s caller: the properties it may set (the derived ones
    readOnly: sent, they are ignored), nothing else."""
    names = [name for name in view.fields if name in view.writable or name in view.layer.derived]
    properties = {"type": "object", "properties": {name: _property_schema(view, name) for name in names},
                  "additionalProperties": False}
    required = _required(view)
    if required:
        properties["required"] = required
    return {
        "type": "object", "required": ["type", "geometry", "properties"],
        "title": f"{view.title} ({view.title_zh}): a new feature",
        "properties": {"type": {"type": "string", "enum": ["Feature"]},
                       "geometry": _ref("schemas", "geometryGeoJSON"), "properties": properties},
    }


def schema_name(view: LayerView) -> str:
    return f"featureWrite-{view.id}"


def collection_create(view: LayerView) -> dict:
    """``POST /collections/<id>/items`` for a caller that may write ``view``, with the body it may send."""
    example = COMPONENT_EXAMPLE if view.id == "components" and not view.write_scope else None
    scope = f" You change {view.write_scope.why} only." if view.write_scope else ""
    return _operation(
        f"create_{view.id.replace('-', '_')}_feature", f"Add a feature to {view.title} ({view.title_zh})",
        f"The properties you may set are in the body's schema.{scope}",
        [_ref("parameters", "Content-Crs")], _responses({"201": _ref("responses", "Created")}, item=False),
        _body(_ref("schemas", schema_name(view)), FEATURE_TYPES, example),
    )


def editing_extension(views: list[LayerView]) -> dict:
    """``x-editing``: per collection the caller may write, the methods OPTIONS answers on the items and on a
    feature it may change (one of its rows, for a scoped writer), the properties it may set and the rows it may
    change."""
    return {
        view.id: {
            "items": allowed(view), "item": [*allowed(view)[:3], "PUT", "PATCH", "DELETE"],
            "writable": sorted(view.writable),
            "rows": view.write_scope.why if view.write_scope else "every row",
        }
        for view in views if view.may_write
    }
