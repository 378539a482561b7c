"""The layer registry: one declaration per layer, read by the feature API, tiles, exports and permissions.

A layer's property names are its database column names (a foreign key ``grid`` is the column ``grid_code``,
which holds the grid's code), so a feature carries codes, not internal ids, and the SQL builders take every
identifier from here and nowhere else. Housing units and residents are records without geometry of their own
and are personal data: they are deliberately not layers and are never served by the public API.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.gis.db import models as gis_models
from django.db import models

from accounts.principal import ROLES
from spatial.codes import parse_admin_code, parse_component_code, parse_grid_code, validate_credit_code

from . import models as m

PUBLIC = "public"
"""In ``read_roles``: everyone may read the layer, anonymous callers included."""
READS_EVERY_LAYER = ("leader", "admin")
"""Roles that read every layer, whatever its ``read_roles``."""
RESTRICTED_READERS = ("grid_member", "department", "leader", "admin")
"""Who reads a layer's restricted fields unless its declaration says otherwise."""
EDITORS = ("gis_editor", "admin")
"""Who edits a layer unless its declaration says otherwise."""
TOPOLOGY_RULES = ("cover", "no_overlap", "inside_county")
"""The topology rules a layer may declare (``layers.topology``)."""
GRID_KEEPERS = ("grid_member",)
"""Who keeps the rows of their own grids of a layer that grants it (``grid_edit_roles``)."""

_JSON_TYPES = {
    "AutoField": "integer",
    "BigAutoField": "integer",
    "IntegerField": "integer",
    "SmallIntegerField": "integer",
    "BigIntegerField": "integer",
    "FloatField": "number",
    "DecimalField": "number",
    "BooleanField": "boolean",
    "DateField": "date",
    "DateTimeField": "date-time",
}


@dataclass(frozen=True)
class LayerField:
    """One attribute of a layer as the API shows it: ``name`` is the database column."""

    name: str
    type: str  # JSON Schema type, or "date" / "date-time" (strings with that format)
    label: str
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Layer:
    """What a layer is: its model, fields, zoom range and simplification, and who may read and edit it.

    ``simplify_px`` is the Douglas-Peucker tolerance in screen pixels of a 256-px tile that tiles apply below
    ``maxzoom`` (so the tolerance in metres halves at each zoom); ``cluster_below`` is the zoom under which points
    are thinned into clusters.
    Who may do what (``layers.access.layer_view`` reads it): ``read_roles`` may read the layer (``public``: everyone);
    ``restricted_read_roles`` also read its ``restricted_fields``; ``edit_roles`` may change it; a principal whose
    every role is in ``grid_scoped_roles`` reads only the rows in its own grids (layers that carry a grid).
    Scoped writers change only some rows: ``grid_edit_roles`` the rows of their own grids, ``department_edit_roles``
    the rows whose ``department_fields`` name their department; a row must be theirs before and after the change,
    and they never change the ``keeper_fields`` (codes, ownership: the centre's). ``code_checks`` pairs a field with
    the parser of :mod:`spatial.codes` every write runs on it; ``area_field`` holds the area of the geometry on the
    spheroid, in square metres times ``area_factor``, computed on every write (as the grid, re-snapped, and the
    ``auto_now`` timestamps: the derived fields, which a write never sets). ``inside_county``: a written geometry
    must lie inside a county of the admin areas (not for the admin areas themselves). ``geometry_kind_field``: in a
    layer of mixed geometry, the foreign key whose row says (``geometry_kind``: point, line or polygon) which kind a
    feature's geometry must be (a component's category). ``topology``: the rules every write keeps
    (``layers.topology``): ``cover`` (the features cover the county, no gap, no overlap), ``no_overlap``,
    ``inside_county``.
    ``colour`` is the layer's line or circle colour on maps; ``filled`` draws a polygon layer filled, not outlined.
    """

    id: str
    title: str
    title_zh: str
    description: str
    model: type[models.Model]
    geometry_type: str
    public_fields: tuple[str, ...]
    restricted_fields: tuple[str, ...] = ()
    minzoom: int = 0
    maxzoom: int = 22
    simplify_px: float = 0.0
    cluster_below: int | None = None
    temporal_field: str | None = None
    read_roles: tuple[str, ...] = (PUBLIC,)
    restricted_read_roles: tuple[str, ...] = RESTRICTED_READERS
    edit_roles: tuple[str, ...] = EDITORS
    grid_scoped_roles: tuple[str, ...] = ()
    grid_edit_roles: tuple[str, ...] = ()
    department_edit_roles: tuple[str, ...] = ()
    department_fields: tuple[str, ...] = ()
    keeper_fields: tuple[str, ...] = ("code",)
    code_checks: tuple[tuple[str, Callable[..., object]], ...] = ()
    area_field: str | None = None
    area_factor: float = 1.0
    inside_county: bool = True
    geometry_kind_field: str | None = None
    topology: tuple[str, ...] = ()
    colour: str = "#333333"
    filled: bool = False
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        declared = (*self.read_roles, *self.restricted_read_roles, *self.edit_roles, *self.grid_scoped_roles,
                    *self.grid_edit_roles, *self.department_edit_roles)
        unknown = set(declared) - {PUBLIC, *ROLES}
        if unknown:
            raise ValueError(f"layer {self.id}: unknown roles {sorted(unknown)}")
        rules = set(self.topology) - set(TOPOLOGY_RULES)
        if rules:
            raise ValueError(f"layer {self.id}: unknown topology rules {sorted(rules)}; use {', '.join(TOPOLOGY_RULES)}")
        if self.grid_scoped_roles and not self.snapped_to_grid:
            raise ValueError(f"layer {self.id}: only a layer that carries a grid can be read by grid")
        if self.grid_edit_roles and not self.snapped_to_grid:
            raise ValueError(f"layer {self.id}: only a layer that carries a grid can be kept by grid")
        if bool(self.department_edit_roles) != bool(self.department_fields):
            raise ValueError(f"layer {self.id}: department_edit_roles and department_fields go together")

    @property
    def snapped_to_grid(self) -> bool:
        """Whether features of this layer carry the grid they lie in (a ``grid`` foreign key)."""
        return any(field.name == "grid" for field in self.model._meta.get_fields())

    @property
    def grid_column(self) -> str | None:
        """The column of the grid code a feature lies in, or None for a layer without a grid."""
        return self.model._meta.get_field("grid").column if self.snapped_to_grid else None

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def geometry_column(self) -> str:
        return self.model._meta.get_field("geom").column

    @property
    def id_column(self) -> str:
        return self.model._meta.pk.column

    @cached_property
    def fields(self) -> dict[str, LayerField]:
        """Public fields by property name (the column), in declaration order. What a caller reads is the view's
        (``layers.access.layer_view``); this is what anonymous callers read."""
        return {f.name: f for f in (self._describe(name) for name in self.public_fields)}

    @cached_property
    def restricted(self) -> dict[str, LayerField]:
        return {f.name: f for f in (self._describe(name) for name in self.restricted_fields)}

    @cached_property
    def derived(self) -> frozenset[str]:
        """Columns the server computes on every write (never taken from a client): the grid of a snapped layer,
        ``auto_now`` timestamps and the ``area_field``."""
        columns = {self.grid_column} if self.snapped_to_grid else set()
        columns.update(f.column for f in self.model._meta.concrete_fields if getattr(f, "auto_now", False)
                       or getattr(f, "auto_now_add", False))
        if self.area_field:
            columns.add(self.model._meta.get_field(self.area_field).column)
        return frozenset(columns)

    @cached_property
    def keeper_columns(self) -> frozenset[str]:
        return frozenset(self.model._meta.get_field(name).column for name in self.keeper_fields)

    @cached_property
    def department_columns(self) -> tuple[str, ...]:
        return tuple(self.model._meta.get_field(name).column for name in self.department_fields)

    def _describe(self, field_name: str) -> LayerField:
        model_field = self.model._meta.get_field(field_name)
        if isinstance(model_field, gis_models.GeometryField):
            raise ValueError(f"layer {self.id}: the geometry is not an attribute ({field_name})")
        if model_field.is_relation:
            json_type = "string"
        else:
            json_type = _JSON_TYPES.get(model_field.get_internal_type(), "string")
        enum = tuple(value for value, _ in model_field.choices) if model_field.choices else None
        label = str(model_field.help_text or model_field.verbose_name)
        return LayerField(name=model_field.column, type=json_type, label=label, enum=enum)


LAYERS: tuple[Layer, ...] = (
    Layer(
        id="admin-areas",
        title="Administrative areas",
        title_zh="行政区划",
        description="The county (GB/T 2260), its 10 towns and townships (GB/T 10114) and communities / villages.",
        model=m.AdminArea,
        geometry_type="MultiPolygon",
        public_fields=("code", "stat_code", "name", "level", "kind", "parent", "population", "area_km2"),
        minzoom=0,
        maxzoom=16,
        simplify_px=1.0,
        colour="#7b3f9e",
        edit_roles=("admin",),
        inside_county=False,
        keeper_fields=("code", "stat_code"),
        code_checks=(("code", parse_admin_code),),
        area_field="area_km2",
        area_factor=1e-6,
        keywords=("行政区划", "admin"),
    ),
    Layer(
        id="grids",
        title="Base grids",
        title_zh="标准基础网格",
        description="The 452 base grids that cover the county with no gap and no overlap, with their grid staff.",
        model=m.Grid,
        geometry_type="MultiPolygon",
        public_fields=(
            "code", "name", "kind", "town", "community", "grid_leader", "grid_member", "grid_assistant",
            "households", "area_m2", "updated_at",
        ),
        restricted_fields=("member_phone",),
        minzoom=8,
        maxzoom=18,
        simplify_px=1.0,
        colour="#1f6fb2",
        code_checks=(("code", parse_grid_code),),
        area_field="area_m2",
        topology=("cover",),
        keywords=("网格", "grid"),
    ),
    Layer(
        id="buildings",
        title="Standard buildings",
        title_zh="标准建筑物",
        description="Building footprints with standard building codes, floors and use.",
        model=m.Building,
        geometry_type="Polygon",
        public_fields=("code", "name", "use", "floors_above", "floors_below", "structure", "year_built", "grid", "data_source", "updated_at"),
        minzoom=13,
        maxzoom=20,
        simplify_px=0.5,
        colour="#b0603a",
        filled=True,
        grid_edit_roles=GRID_KEEPERS,
        topology=("no_overlap",),
        keywords=("建筑物", "building"),
    ),
    Layer(
        id="addresses",
        title="Standard addresses",
        title_zh="标准地址",
        description="The standard address library: county / town / community / road / number / building / unit / room.",
        model=m.Address,
        geometry_type="Point",
        public_fields=(
            "code", "level", "town", "community", "road", "number", "building_no", "unit", "room", "full_text",
            "community_area", "grid", "building", "updated_at",
        ),
        minzoom=14,
        maxzoom=20,
        cluster_below=16,
        colour="#4a4a4a",
        grid_edit_roles=GRID_KEEPERS,
        keywords=("地址", "address"),
    ),
    Layer(
        id="components",
        title="City components",
        title_zh="城市部件",
        description="City components of CJ/T 214 (16-digit codes) in the built-up area, with owners and state.",
        model=m.Component,
        geometry_type="Geometry",
        public_fields=(
            "code", "category", "name", "supervising_department", "owner_department", "maintainer_department",
            "grid", "state", "installed_on", "surveyed_on", "data_source",
        ),
        minzoom=12,
        maxzoom=20,
        cluster_below=16,
        colour="#2a9d8f",
        grid_edit_roles=GRID_KEEPERS,
        department_edit_roles=("department",),
        department_fields=("owner_department", "maintainer_department"),
        keeper_fields=("code", "category", "supervising_department", "owner_department", "maintainer_department"),
        code_checks=(("code", parse_component_code),),
        geometry_kind_field="category",
        topology=("inside_county",),
        keywords=("部件", "component", "CJ/T 214"),
    ),
    Layer(
        id="incidents",
        title="Incidents",
        title_zh="事件",
        description="Incidents reported by residents, grid members, officers and other systems, snapped to a grid.",
        model=m.Incident,
        geometry_type="Point",
        public_fields=(
            "code", "event_class", "component", "status", "source", "description", "grid", "routed_to",
            "reported_at", "accepted_at", "closed_at",
        ),
        restricted_fields=("reporter", "reporter_phone"),
        minzoom=10,
        maxzoom=20,
        cluster_below=16,
        temporal_field="reported_at",
        colour="#d62828",
        grid_edit_roles=GRID_KEEPERS,
        keeper_fields=("code", "source"),
        keywords=("事件", "incident"),
    ),
    Layer(
        id="organisations",
        title="Organisations",
        title_zh="实有单位",
        description="Organisations with their unified social credit codes (GB 32100).",
        model=m.Organisation,
        geometry_type="Point",
        public_fields=("credit_code", "name", "kind", "industry", "address", "grid"),
        restricted_fields=("legal_representative",),
        minzoom=14,
        maxzoom=20,
        cluster_below=16,
        colour="#6a4c93",
        grid_edit_roles=GRID_KEEPERS,
        keeper_fields=("credit_code",),
        code_checks=(("credit_code", validate_credit_code),),
        keywords=("单位", "organisation"),
    ),
    Layer(
        id="facilities",
        title="Facilities",
        title_zh="实有设施",
        description="Public facilities: schools, clinics, fire stations, shelters and more.",
        model=m.Facility,
        geometry_type="Point",
        public_fields=("code", "name", "kind", "capacity", "address", "grid"),
        minzoom=10,
        maxzoom=20,
        colour="#0b7a75",
        grid_edit_roles=GRID_KEEPERS,
        keywords=("设施", "facility"),
    ),
)

REGISTRY: dict[str, Layer] = {layer.id: layer for layer in LAYERS}


class UnknownLayer(LookupError):
    """Raised for a layer id that is not in the registry."""


def get_layer(layer_id: str) -> Layer:
    try:
        return REGISTRY[layer_id]
    except KeyError:
        raise UnknownLayer(layer_id) from None


def public_layers() -> list[Layer]:
    """The layers everyone may read (``layers.access.visible_layers`` gives those of any principal)."""
    return [layer for layer in LAYERS if PUBLIC in layer.read_roles]


def snapped_layers() -> tuple[str, ...]:
    """Ids of the layers whose features carry their grid, in registry order (what re-snapping updates)."""
    return tuple(layer.id for layer in LAYERS if layer.snapped_to_grid)
