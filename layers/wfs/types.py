"""The feature types of the service: one per layer the caller may read, and for a layer of mixed geometry (city
components are points, lines and polygons) one more per kind of geometry, ``pd:components_point``,
``pd:components_line`` and ``pd:components_polygon``, so that a desktop GIS that takes one geometry type per layer
(QGIS 3.22) reads and edits each kind as a layer of its own.

A type is the caller's :class:`~layers.access.LayerView` of the layer; a kind's type is a :class:`KindView`: the
same view (the same layer id, table, rights and history) with the kind's geometry type and the rows of that kind.
"""
from __future__ import annotations

from dataclasses import dataclass

from accounts.principal import Principal
from layers.access import LayerView, readable_layer, visible_layers
from layers.sqltext import Sql, column

MIXED = "Geometry"
KINDS = {
    "point": ("Point", ("POINT", "MULTIPOINT")),
    "line": ("LineString", ("LINESTRING", "MULTILINESTRING")),
    "polygon": ("Polygon", ("POLYGON", "MULTIPOLYGON")),
}
"""Kind: (the geometry type its type declares, the PostGIS GeometryType names of its rows)."""


@dataclass(frozen=True)
class KindView(LayerView):
    """A view of a mixed layer narrowed to one kind of geometry (its type is ``<layer>_<kind>``)."""

    kind: str = "point"

    def __post_init__(self) -> None:
        super().__post_init__()
        self.__dict__["geometry_type"] = KINDS[self.kind][0]


def narrowed(view: LayerView, kind: str) -> KindView:
    return KindView(layer=view.layer, fields=view.fields, row_scope=view.row_scope, may_read=view.may_read,
                    may_write=view.may_write, writable=view.writable, write_scope=view.write_scope, kind=kind)


def type_id(view: LayerView) -> str:
    """The type's name without its prefix: the layer id, with ``_<kind>`` for a kind's type."""
    return f"{view.id}_{view.kind}" if isinstance(view, KindView) else view.id


def kind_filter(view: LayerView) -> Sql | None:
    """The rows of a kind's type: ``GeometryType(geom)`` one of its kind's; None for a layer's own type."""
    if not isinstance(view, KindView):
        return None
    return Sql(f"GeometryType({column(view.geometry_column)}) = ANY(%s::text[])", (list(KINDS[view.kind][1]),))


def with_kinds(views) -> tuple[LayerView, ...]:
    """Each view, followed by its kinds' types when its layer is of mixed geometry."""
    return tuple(item for view in views
                 for item in (view, *(narrowed(view, kind) for kind in KINDS if view.geometry_type == MIXED)))


def feature_types(principal: Principal) -> tuple[LayerView, ...]:
    """Every type the principal may read, in registry order."""
    return with_kinds(visible_layers(principal))


def readable_type(local: str, principal: Principal) -> LayerView:
    """The type named ``local`` (no prefix) as the principal sees it; :class:`~layers.registry.UnknownLayer` when
    there is none or it may not read it."""
    base, _, kind = local.rpartition("_")
    if base and kind in KINDS:
        try:
            view = readable_layer(base, principal)
        except LookupError:
            view = None
        if view is not None and view.geometry_type == MIXED:
            return narrowed(view, kind)
    return readable_layer(local, principal)
