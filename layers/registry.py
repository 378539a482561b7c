"""The layer registry: one declaration per layer, read by the feature API, tiles, exports and permissions.

A layer's property names are its database column names (a foreign key ``grid`` is the column ``grid_code``,
which holds the grid's code), so a feature carries codes, not internal ids, and the SQL builders take every
identifier from here and nowhere else. Housing units and residents are records without geometry of their own
and are personal data: they are deliberately not layers and are never served by the public API.
"""
from __future__ import annotations

from spatial.codes import parse_admin_code, parse_component_code, parse_grid_code, validate_credit_code

from . import models as m
from .layer import (  # noqa: F401  (the registry's vocabulary, imported from here by every reader)
    CASE_CENTRE,
    EDITORS,
    GRID_KEEPERS,
    PUBLIC,
    READS_EVERY_LAYER,
    RESTRICTED_READERS,
    TOPOLOGY_RULES,
    Layer,
    LayerField,
)


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
        topology=("no_overlap", "inside_county"),
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
        topology=("inside_county",),
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
        restricted_read_roles=(*RESTRICTED_READERS, *CASE_CENTRE),
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
