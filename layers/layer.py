"""What a layer is (:class:`Layer`) and what one of its attributes is (:class:`LayerField`): the shape of every
declaration in the layer registry (``layers.registry``), and the role groups declarations use."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.gis.db import models as gis_models
from django.db import models

from accounts.principal import ROLES

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
CASE_CENTRE = ("operator", "dispatcher", "shift_leader")
"""The county centre's case-loop roles: they call reporters back, so they read the incidents' restricted fields."""
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
