"""The history over the feature API: who may read it, and the documents of a feature's history and of a
collection as it was at a past instant (``/ogc/collections/{id}/items/{fid}/history`` and
``/ogc/collections/{id}/as-of/{instant}/items``; the views are in ``layers.ogc.views``)."""
from __future__ import annotations

import datetime as dt
import json

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from accounts.principal import Principal
from layers.access import LayerView
from layers.errors import InvalidParameter, NotFound
from layers.history.selectors import Deleted, Version, deleted_features, feature_history, layer_as_of
from layers.query.items import LIMIT, OFFSET
from web.conditional import etag
from web.errors import Forbidden, NotAuthenticated
from web.params import check_known, single
from web.temporal import parse_instant

from .links import link, url

HISTORY_READERS = frozenset({"gis_editor", "leader", "admin"})
"""Who may read history (it holds restricted fields and who changed what): never anonymous callers."""
AS_OF_PARAMETERS = frozenset({"f", "limit", "offset"})


def check_may_read_history(view: LayerView, principal: Principal) -> None:
    """401 for an anonymous caller, 403 unless ``principal`` holds a role that reads history (the layer itself was
    already found readable)."""
    if principal.is_anonymous:
        raise NotAuthenticated(f"The history of collection {view.id!r} is read with a token or a session; sign in.")
    if not principal.roles & HISTORY_READERS:
        raise Forbidden(
            f"The history of collection {view.id!r} is readable by the roles {', '.join(sorted(HISTORY_READERS))} only."
        )


def version_entry(view: LayerView, version: Version) -> dict:
    """One version as the API shows it: who, when, through which path, and the readable fields it changed."""
    readable = {*view.fields, "geometry"}
    return {
        "version": version.version,
        "operation": version.operation,
        "changedAt": version.changed_at.isoformat(),
        "actor": {"id": version.actor_id, "name": version.actor_name},
        "path": version.path,
        "changedFields": [name for name in version.changed_fields if name in readable],
        "transaction": version.txid,
    }


def history_document(request: HttpRequest, view: LayerView, feature_id: int) -> dict:
    """Every version of one feature, newest first; 404 when the feature neither exists nor ever existed."""
    versions = feature_history(view, feature_id)
    if not versions and not _exists(view, feature_id):
        raise NotFound(f"Collection {view.id!r} has no feature {feature_id}.", parameter="featureId")
    return {
        "collection": view.id,
        "featureId": feature_id,
        "currentVersion": versions[0].version if versions else 0,
        "etag": etag(view.id, feature_id, versions[0].version if versions else 0),
        "deleted": bool(versions) and versions[0].operation == "delete",
        "versions": [version_entry(view, version) for version in versions],
        "links": [
            link(url(request, "feature_history", view.id, feature_id), "self", "application/json", "this history"),
            link(url(request, "feature", view.id, feature_id), "about", "application/geo+json", "the feature"),
        ],
    }


def _exists(view: LayerView, feature_id: int) -> bool:
    return view.model.objects.filter(pk=feature_id).exists()


def parse_as_of(text: str) -> dt.datetime:
    """The instant of ``/as-of/{instant}``: an RFC 3339 date-time or date (its midnight, server time zone);
    400 for an unparseable one or one in the future (what the collection will be is not known)."""
    instant, _ = parse_instant(text, "instant")
    if instant > timezone.now():
        raise InvalidParameter(f"Instant {text[:40]!r} is in the future; the history reaches up to now.", parameter="instant")
    return instant


def check_json_only(query: QueryDict, allowed: frozenset[str]) -> None:
    """400 for an unknown parameter, or for ``f`` other than ``json`` (history is served as JSON only)."""
    check_known(query, allowed)
    if single(query, "f") not in (None, "json"):
        raise InvalidParameter("Parameter 'f' must be 'json' here.", parameter="f")


def as_of_document(request: HttpRequest, view: LayerView, instant_text: str, query: QueryDict) -> dict:
    """A page of the collection as it was at the instant ``instant_text`` (see :func:`parse_as_of`): a GeoJSON
    FeatureCollection of the properties the caller reads, coordinates EPSG:4490 lon/lat (CRS84 axis order)."""
    check_json_only(query, AS_OF_PARAMETERS)
    instant = parse_as_of(instant_text)
    limit, offset = LIMIT.parse(single(query, "limit")), OFFSET.parse(single(query, "offset"))
    rows = layer_as_of(view, instant, limit=limit, offset=offset)
    here = ("as_of_items", view.id, instant_text)
    links = [link(url(request, *here, query={"limit": limit, "offset": offset}), "self", "application/geo+json", "this page")]
    if len(rows) == limit:
        following = url(request, *here, query={"limit": limit, "offset": offset + limit})
        links.append(link(following, "next", "application/geo+json", "next page"))
    return {
        "type": "FeatureCollection",
        "timeStamp": instant.isoformat(),
        "numberReturned": len(rows),
        "features": [_feature(row) for row in rows],
        "links": links,
    }


def _feature(row: tuple) -> dict:
    feature_id, properties, geometry = row
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": json.loads(geometry) if geometry else None,
        "properties": json.loads(properties) if isinstance(properties, str) else properties,
    }


DELETED_PARAMETERS = frozenset({"f", "limit", "offset"})


def deleted_document(request: HttpRequest, view: LayerView, query: QueryDict) -> dict:
    """The deleted features of the collection, most recent first: each restorable with ``POST .../restore`` and the
    ETag given here."""
    check_json_only(query, DELETED_PARAMETERS)
    limit, offset = LIMIT.parse(single(query, "limit")), OFFSET.parse(single(query, "offset"))
    found = deleted_features(view, limit=limit, offset=offset)
    here = ("deleted", view.id)
    links = [link(url(request, *here, query={"limit": limit, "offset": offset}), "self", "application/json", "this page")]
    if len(found) == limit:
        links.append(link(url(request, *here, query={"limit": limit, "offset": offset + limit}), "next",
                          "application/json", "next page"))
    return {"collection": view.id, "deleted": [_deleted(request, view, item) for item in found], "links": links}


def _deleted(request: HttpRequest, view: LayerView, item: Deleted) -> dict:
    return {
        "featureId": item.feature_id,
        "deletedAt": item.deleted_at.isoformat(),
        "actor": {"id": item.actor_id, "name": item.actor_name},
        "path": item.path,
        "etag": etag(view.id, item.feature_id, item.version),
        "links": [
            link(url(request, "feature_history", view.id, item.feature_id), "version-history", "application/json",
                 "its history"),
            link(url(request, "feature_restore", view.id, item.feature_id), "restore", "application/geo+json",
                 "POST here with If-Match to restore it"),
        ],
    }
