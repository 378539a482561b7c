"""What the snapping selectors return: frozen dataclasses, built from the one row of the snap statement.

Coordinates: ``Position.x``/``y`` are in the request CRS, x = longitude or easting, y = latitude or northing (the
meaning of the ``lon``/``lat`` request parameters, whatever the CRS's axis order); ``Position.lon``/``lat`` are
the stored CGCS2000 (EPSG:4490) degrees. Distances are metres on the spheroid.
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.models import ComponentState
from layers.models.addresses import AddressLevel
from spatial.crs import CrsInfo

GRID_ROLES: tuple[tuple[str, str], ...] = (
    ("grid_leader", "网格长"),
    ("grid_member", "专职网格员"),
    ("grid_assistant", "网格协管员"),
)
"""The three grid staff roles: (field name, Chinese label)."""
STATE_LABELS = dict(ComponentState.choices)
LEVEL_LABELS = dict(AddressLevel.choices)


@dataclass(frozen=True)
class Position:
    """A point in the request CRS (``x``, ``y``) and in CGCS2000 lon/lat degrees (``lon``, ``lat``)."""

    x: float
    y: float
    lon: float
    lat: float

    @classmethod
    def from_row(cls, row: dict) -> Position:
        return cls(x=row["x"], y=row["y"], lon=row["lon"], lat=row["lat"])


@dataclass(frozen=True)
class AreaRef:
    """A town or community: GB/T 10114 code (9 digits) or 12-digit community code, and the name."""

    code: str
    name: str


@dataclass(frozen=True)
class GridStaff:
    role: str
    label: str
    name: str


@dataclass(frozen=True)
class GridInfo:
    """The grid that owns a point (smallest code among the grids covering it) and its staff."""

    code: str
    name: str
    kind: str
    grid_leader: str
    grid_member: str
    grid_assistant: str

    @property
    def staff(self) -> tuple[GridStaff, ...]:
        """The three roles in order, labelled 网格长 / 专职网格员 / 网格协管员."""
        return tuple(GridStaff(role, label, getattr(self, role)) for role, label in GRID_ROLES)


@dataclass(frozen=True)
class AddressParts:
    province: str
    city: str
    county: str
    town: str
    community: str
    road: str
    number: str
    building_no: str
    unit: str
    room: str


@dataclass(frozen=True)
class AddressHit:
    """A standard address near the point: its code, full text, level (门牌/楼栋/单元/户室), parts and distance."""

    code: str
    full_text: str
    level: str
    parts: AddressParts
    distance_m: float
    position: Position

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @classmethod
    def from_row(cls, row: dict) -> AddressHit:
        parts = AddressParts(**{name: row[name] for name in AddressParts.__dataclass_fields__})
        return cls(
            code=row["code"], full_text=row["full_text"], level=row["level"], parts=parts,
            distance_m=row["distance_m"], position=Position.from_row(row),
        )


@dataclass(frozen=True)
class ComponentHit:
    """A city component within the search radius. ``position`` is the component's point nearest to the query
    point (the component itself for point components); ``distance_m`` the spheroid distance to its geometry."""

    code: str
    name: str
    category_code: str
    category_name: str
    state: str
    owner_department: str
    distance_m: float
    position: Position

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @classmethod
    def from_row(cls, row: dict) -> ComponentHit:
        return cls(
            code=row["code"], name=row["name"], category_code=row["category_code"],
            category_name=row["category_name"], state=row["state"], owner_department=row["owner_department"],
            distance_m=row["distance_m"], position=Position.from_row(row),
        )


@dataclass(frozen=True)
class SnapResult:
    """The answer of :func:`layers.locate.snap.snap_point`."""

    crs: CrsInfo
    point: Position
    grid: GridInfo
    town: AreaRef
    community: AreaRef
    address: AddressHit | None
    components: tuple[ComponentHit, ...]
    radius_m: float


@dataclass(frozen=True)
class ReverseResult:
    """The answer of :func:`layers.locate.snap.reverse_point`: the ``limit`` nearest addresses, nearest first."""

    crs: CrsInfo
    point: Position
    grid: GridInfo
    town: AreaRef
    community: AreaRef
    addresses: tuple[AddressHit, ...]
