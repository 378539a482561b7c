"""Transaction: every action of a ``wfs:Transaction`` through ``layers.editing.services`` (``Edit(path="wfs")``), in
one database transaction, so the whole request is applied or none of it (WFS 2.0, 15.2); the rules judged at
commit (the grid cover, references) are judged once, after the last action, so edits that only hold together pass.

Rights, validation, history and tile invalidation are the editing services' (as for the OGC API); this module
reads the features an Update, Replace or Delete names (its filter, through the writer's view), types the values
sent as text by the registry and answers in the request's WFS version (``transaction_answers``). WFS has no ETag:
each feature is changed against the version it has when the action reads it (a change committed in between is a
412 report).
"""
from __future__ import annotations

from collections import Counter

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from accounts.middleware import check_writer, principal_of
from layers.access import LayerView
from layers.editing import sql as edit_sql
from layers.editing.geometry import parse_geometry
from layers.editing.inputs import clean_properties
from layers.editing.services import Edit, create_feature, delete_feature, update_feature, update_features
from layers.editing.steps import check_deferred, version_of
from layers.query.sql import sql_from
from layers.sqltext import column
from spatial.errors import SpatialError
from web.errors import ApiError, InvalidParameter

from . import transaction_answers as answers
from .crs import DEFAULT_CRS, in_xy_order, parse_srs_name
from .exceptions import XML_TYPE, WfsError
from .filters import sql_filter
from .getfeature import resolve_type
from .gmlgeometry import Geometry, to_geojson
from .names import GEOMETRY, resource_id
from .sql import sql_where
from .transaction_requests import Action, Delete, Feature, Insert, Replace, Transaction, Update, Value

_NUMBERS = {"integer": int, "number": float}


def _typed(view: LayerView, name: str, value: str | None) -> object:
    """Text sent for property ``name`` as the JSON value the editing inputs take (they check it further)."""
    field = view.fields.get(name)
    if value is None or field is None or field.type in ("string", "date", "date-time"):
        return value
    if value.strip() == "":
        return None
    try:
        if field.type == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value.strip().lower()]
        return _NUMBERS[field.type](value.strip())
    except (KeyError, ValueError):
        raise InvalidParameter(f"Property {name!r} must be {field.type}, got {value[:40]!r}.",
                               parameter=f"properties.{name}") from None


def _geometry(view: LayerView, geometry: Geometry, xy: bool):
    """The GEOS geometry in EPSG:4490 of a GML geometry in its ``srsName`` (else EPSG:4490); ``xy``: in x/y order
    whatever the name says (a WFS 1.0.0 transaction)."""
    crs = parse_srs_name(geometry.srs_name, "srsName") if geometry.srs_name else DEFAULT_CRS
    crs = in_xy_order(crs) if xy else crs
    return parse_geometry(to_geojson(geometry), crs=crs.info, declared=view.geometry_type)


def _split(view: LayerView, values: dict[str, Value], xy: bool) -> tuple[dict, object | None, bool]:
    """``(properties, geometry, geometry given)``: properties cleaned for ``view``, geometry in EPSG:4490."""
    given = GEOMETRY in values or view.geometry_column in values
    shape = values.get(GEOMETRY, values.get(view.geometry_column))
    if given and not isinstance(shape, Geometry):
        raise InvalidParameter(f"Property {GEOMETRY} needs a GML geometry.", parameter=GEOMETRY)
    others = {name: value for name, value in values.items() if name not in (GEOMETRY, view.geometry_column)}
    if any(isinstance(value, Geometry) for value in others.values()):
        raise InvalidParameter(f"Only {GEOMETRY} takes a geometry.", parameter="properties")
    properties = {name: _typed(view, name, value) for name, value in others.items()}
    return clean_properties(view, properties), _geometry(view, shape, xy) if given else None, given


def _selected(view: LayerView, node) -> list[int]:
    """The ids the action's filter selects among the rows the writer reads."""
    where = sql_where(view, sql_filter(view, node, DEFAULT_CRS))
    statement = f"SELECT {column(view.id_column)} {sql_from(view)} WHERE {where.text} ORDER BY 1"
    with connection.cursor() as cursor:
        cursor.execute(statement, where.params)
        return [row[0] for row in cursor.fetchall()]


def _current(view: LayerView, feature_id: int) -> frozenset[int]:
    with connection.cursor() as cursor:
        return frozenset({version_of(cursor, view, feature_id)})


class Run:
    """The actions of one transaction for one writer: counts and the ids of inserted features; ``xy``: geometries
    are in x/y order."""

    def __init__(self, request: HttpRequest, xy: bool):
        self.xy = xy
        self.principal = principal_of(request)
        user = getattr(request, "user", None)
        self.actor = user.get_username() if user is not None and getattr(user, "is_authenticated", False) else None
        self.totals: Counter = Counter()
        self.views: list[LayerView] = []
        self.inserted: list[str] = []

    def edit(self, type_name: str) -> Edit:
        """The edit of one type: deferred, so the rules checked at commit (the grid cover, codes others refer to)
        are judged once every action is made (a boundary moved between two grids by two Updates)."""
        view = resolve_type(type_name, self.principal, "typeName")
        self.views.append(view)
        return Edit(view=view, principal=self.principal, path="wfs", actor=self.actor, deferred=True)

    def check_deferred(self) -> None:
        """The deferred rules, now that every action is made; a breach names the rule and undoes them all."""
        try:
            check_deferred(self.views[-1])
        except ApiError as error:
            raise WfsError("OperationProcessingFailed", f"The transaction as a whole: {error}",
                           locator=error.parameter, status=error.status) from None

    def insert(self, feature: Feature) -> None:
        edit = self.edit(feature.type_name)
        properties, geometry, given = _split(edit.view, feature.values, self.xy)
        if not given:
            raise InvalidParameter(f"A new {edit.view.id} needs its {GEOMETRY}.", parameter=GEOMETRY)
        written = create_feature(edit, properties=properties, geometry=geometry)
        self.inserted.append(resource_id(edit.view.id, written.feature_id))
        self.totals["Inserted"] += 1

    def update(self, action: Update) -> None:
        edit = self.edit(action.type_name)
        properties, geometry, _ = _split(edit.view, action.values, self.xy)
        selected = _selected(edit.view, action.filter)
        if geometry is None:  # the same values on every feature: one statement
            update_features(edit, selected, properties=properties)
            self.totals["Updated"] += len(selected)
            return
        for feature_id in selected:
            update_feature(edit, feature_id, expected=_current(edit.view, feature_id), properties=properties,
                           geometry=geometry)
            self.totals["Updated"] += 1

    def replace(self, action: Replace) -> None:
        edit = self.edit(action.feature.type_name)
        properties, geometry, _ = _split(edit.view, action.feature.values, self.xy)
        for feature_id in _selected(edit.view, action.filter):
            update_feature(edit, feature_id, expected=_current(edit.view, feature_id), properties=properties,
                           geometry=geometry, replace=True)
            self.totals["Replaced"] += 1

    def delete(self, action: Delete) -> None:
        edit = self.edit(action.type_name)
        for feature_id in _selected(edit.view, action.filter):
            delete_feature(edit, feature_id, expected=_current(edit.view, feature_id))
            self.totals["Deleted"] += 1

    def action(self, action: Action) -> None:
        if isinstance(action, Insert):
            for feature in action.features:
                self.insert(feature)
        else:
            {Update: self.update, Replace: self.replace, Delete: self.delete}[type(action)](action)


def _described(error: ApiError | SpatialError, action: Action, index: int) -> WfsError:
    """An editing refusal as an exception report: the action (its handle, else its place) and the cause."""
    where = action.handle or f"{type(action).__name__} {index + 1}"
    status = getattr(error, "status", 400)
    code = "InvalidParameterValue" if status == 400 else "OperationProcessingFailed"
    return WfsError(code, f"{where}: {error}", locator=action.handle or error.parameter, status=status)


def transact(request: HttpRequest, wanted: Transaction) -> HttpResponse:
    """Run every action in one database transaction; a refusal undoes them all and is answered as the request's
    WFS version answers one (an exception report, or a FAILED WFS 1.0.0 response)."""
    refusal = check_writer(request)
    if refusal is not None:
        return refusal
    run = Run(request, xy=wanted.version == "1.0.0")
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(edit_sql.DEFER_CHECKS)
            for index, action in enumerate(wanted.actions):
                try:
                    run.action(action)
                except (ApiError, SpatialError) as error:
                    raise _described(error, action, index) from None
            run.check_deferred()
    except WfsError as error:
        if wanted.version != "1.0.0":
            raise
        return HttpResponse(answers.failure(error), content_type=XML_TYPE)
    return HttpResponse(answers.success(run.totals, run.inserted, wanted.version), content_type=XML_TYPE)
