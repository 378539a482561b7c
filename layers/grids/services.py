"""Re-divide base grids: :func:`grids_merge` and :func:`grids_split`, each ONE transaction.

The grids retired are deleted and the new ones created through the editing services (``layers.editing``, deferred
edits: rights, versions against the caller's ETags, history, tiles), then every feature the change can move is
re-snapped by the boundary rule (``layers.locate.bulk.resnap_within``, recorded in the history with the same path),
the accounts assigned to a retired grid take the new codes, and the deferred rules are judged once at the end: the
grid cover (a gap or overlap is a 409 naming its area and place) and the references to grids. Geometries are GEOS in
EPSG:4490.
"""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import IntegrityError, connection

from accounts.principal import Principal
from layers.access import LayerView, layer_view
from layers.editing.database import database_error
from layers.editing.inputs import model_fields
from layers.editing.services import create_feature, delete_feature
from layers.editing.steps import Edit, as_dict, edits_together
from layers.history.context import history_context
from layers.locate.bulk import resnap_within
from layers.models import AdminArea
from layers.registry import get_layer
from layers.topology.triggers import trigger_names
from web.errors import Forbidden, InvalidParameter, NotFound, PreconditionRequired

from .assignments import reassign_accounts
from .codes import chosen_codes, next_codes
from .report import GRIDS, NewGrid, Redivision
from .sql import sql_cut, sql_lock_grids, sql_piece, sql_union

MIN_PIECE_M2 = 1.0
"""A piece of a split smaller than this (m² on the spheroid) is a slip of the pen, not a grid."""

COVER_TRIGGER = trigger_names("cover")[0]
Versions = Mapping[int, frozenset[int]]


@dataclass(frozen=True)
class _Grid:
    row: dict
    version: int

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def code(self) -> str:
        return self.row["code"]


def _view(principal: Principal) -> LayerView:
    """The grids as ``principal`` may change them: the whole layer (GIS editors and admins), else 403."""
    view = layer_view(get_layer(GRIDS), principal)
    if not view.may_write or view.write_scope is not None:
        raise Forbidden("Only GIS editors and admins re-divide grids.", parameter="collectionId")
    return view


def _lock(cursor, codes: Sequence[str], parameter: str) -> list[_Grid]:
    cursor.execute(sql_lock_grids(), {"codes": list(codes)})
    grids = [_Grid(as_dict(row), version) for row, version in cursor.fetchall()]
    missing = sorted(set(codes) - {grid.code for grid in grids})
    if missing:
        raise NotFound(f"There is no grid {missing[0]}.", parameter=parameter)
    return sorted(grids, key=lambda grid: list(codes).index(grid.code))


def _expected(grid: _Grid, expected: Versions | None) -> frozenset[int]:
    """The versions the caller read grid ``grid`` at (``None``: an internal caller that read nothing)."""
    if expected is None:
        return frozenset({grid.version})
    if grid.id not in expected:
        raise PreconditionRequired(
            f"Send If-Match with the ETag of every grid re-divided; none names grid {grid.code} (id {grid.id}).",
            parameter="If-Match",
        )
    return expected[grid.id]


def _properties(view: LayerView, source: dict, *, code: str, name: str, households: int) -> dict[str, object]:
    """The columns of a new grid: those of ``source`` (its community, town, kind, staff) with its own code, name
    and households (the area and timestamps are derived)."""
    values = {c: source.get(c) for c in model_fields(view.layer) if c not in view.layer.derived}
    values.update(code=code, name=name, households=households)
    return values


def _grid_name(community: str, code: str) -> str:
    name = AdminArea.objects.filter(code=community).values_list("name", flat=True).first() or community
    return f"{name}第{int(code[12:])}网格"


def _finish(edit: Edit, area: bytes, retired: list[str], created: list[NewGrid], operation: str,
            mapping: dict[str, list[str]], started: float) -> Redivision:
    """Judge the cover now (a gap or overlap is the answer, before features left in no grid would be), re-snap the
    features the change can move and re-assign the accounts (in the caller's transaction)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {COVER_TRIGGER} IMMEDIATE")
    except IntegrityError as error:
        raise database_error(edit.view, error) from None
    with history_context(principal=edit.principal, path=edit.path, actor_name=edit.actor), \
            connection.cursor() as cursor:
        moved = resnap_within(cursor, area=area, codes=[*retired, *(grid.code for grid in created)])
    accounts = reassign_accounts(mapping)
    return Redivision(operation=operation, retired=tuple(retired), created=tuple(created), moved=moved,
                      accounts=accounts, seconds=time.perf_counter() - started)


def grids_merge(*, principal: Principal, codes: Sequence[str], new_code: str | None = None,
                expected: Versions | None = None, path: str = "api", actor: str | None = None) -> Redivision:
    """Merge the grids ``codes`` (two or more, of one community) into one new grid, coded ``new_code`` or the
    community's next free sequence. ``expected``: the versions the caller read each grid at, by feature id (412
    when one changed since; ``None`` for a caller that read nothing, the replay)."""
    started = time.perf_counter()
    view = _view(principal)
    codes = list(dict.fromkeys(codes))
    if len(codes) < 2:
        raise InvalidParameter("Merge two or more grids: 'codes' names fewer.", parameter="codes")
    edit = Edit(view=view, principal=principal, path=path, actor=actor, deferred=True)
    with edits_together(view):
        with connection.cursor() as cursor:
            grids = _lock(cursor, codes, "codes")
            communities = sorted({grid.row["community_code"] for grid in grids})
            if len(communities) > 1:
                raise InvalidParameter(f"Grids of one community merge; these are of {', '.join(communities)}.",
                                       parameter="codes")
            community = communities[0]
            if new_code is None:
                code = next_codes(cursor, community, 1)[0]
            else:
                code = chosen_codes(cursor, community, [new_code], retiring=codes, parameters=["newCode"])[0]
            cursor.execute(sql_union(), {"codes": codes})
            area = bytes(cursor.fetchone()[0])
        for grid in grids:
            delete_feature(edit, grid.id, expected=_expected(grid, expected))
        households = sum(int(grid.row.get("households") or 0) for grid in grids)
        properties = _properties(view, grids[0].row, code=code, name=_grid_name(community, code),
                                 households=households)
        written = create_feature(edit, properties=properties, geometry=GEOSGeometry(memoryview(area)))
        created = [NewGrid(code, written.feature_id, written.version)]
        return _finish(edit, area, codes, created, "merge", {c: [code] for c in codes}, started)


def _pieces(cursor, code: str, by: GEOSGeometry | Sequence[GEOSGeometry]) -> list[tuple[bytes, float]]:
    """The pieces of grid ``code``: cut by a line, or its parts inside each polygon of ``by``."""
    if isinstance(by, GEOSGeometry):
        if by.geom_type not in ("LineString", "MultiLineString"):
            raise InvalidParameter(f"Split a grid by a line or by polygons, not a {by.geom_type}.", parameter="by")
        cursor.execute(sql_cut(), {"code": code, "line": bytes(by.ewkb)})
        pieces = [(bytes(ewkb), area) for ewkb, area in cursor.fetchall() if area >= MIN_PIECE_M2]
        if len(pieces) < 2:
            raise InvalidParameter(f"The line does not cut grid {code} in two: draw it across the grid, from edge to "
                                   "edge.", parameter="by")
        return pieces
    pieces = []
    for i, part in enumerate(by):
        if part.geom_type not in ("Polygon", "MultiPolygon"):
            raise InvalidParameter(f"by[{i}] is a {part.geom_type}; split by polygons or by one line.",
                                   parameter=f"by[{i}]")
        cursor.execute(sql_piece(), {"code": code, "part": bytes(part.ewkb)})
        ewkb, area = cursor.fetchone()
        if area is None or area < MIN_PIECE_M2:
            raise InvalidParameter(f"by[{i}] does not overlap grid {code}.", parameter=f"by[{i}]")
        pieces.append((bytes(ewkb), area))
    if len(pieces) < 2:
        raise InvalidParameter("Split a grid into two or more parts: 'by' gives fewer.", parameter="by")
    return pieces


def grids_split(*, principal: Principal, code: str, by: GEOSGeometry | Sequence[GEOSGeometry],
                codes: Sequence[str] | None = None, expected: Versions | None = None, path: str = "api",
                actor: str | None = None) -> Redivision:
    """Split grid ``code`` into new grids: by a line (each part it cuts off, north to south) or by polygons (the
    grid's part inside each, in order; together they must cover the grid with no overlap, or the cover rule
    refuses with the place). The new grids are coded ``codes`` or the community's next free sequences."""
    started = time.perf_counter()
    view = _view(principal)
    edit = Edit(view=view, principal=principal, path=path, actor=actor, deferred=True)
    with edits_together(view):
        with connection.cursor() as cursor:
            (grid,) = _lock(cursor, [code], "code")
            community = grid.row["community_code"]
            pieces = _pieces(cursor, code, by)
            if codes is None:
                new_codes = next_codes(cursor, community, len(pieces))
            elif len(codes) != len(pieces):
                raise InvalidParameter(f"'codes' names {len(codes)} grids; the split makes {len(pieces)}.",
                                       parameter="codes")
            else:
                new_codes = chosen_codes(cursor, community, codes, retiring=[code],
                                         parameters=[f"codes[{i}]" for i in range(len(codes))])
            cursor.execute(sql_union(), {"codes": [code]})
            area = bytes(cursor.fetchone()[0])
        delete_feature(edit, grid.id, expected=_expected(grid, expected))
        total = sum(m2 for _, m2 in pieces)
        households = int(grid.row.get("households") or 0)
        created = []
        for new_code, (ewkb, m2) in zip(new_codes, pieces):
            properties = _properties(view, grid.row, code=new_code, name=_grid_name(community, new_code),
                                     households=round(households * m2 / total))
            written = create_feature(edit, properties=properties, geometry=GEOSGeometry(memoryview(ewkb)))
            created.append(NewGrid(new_code, written.feature_id, written.version))
        return _finish(edit, area, [code], created, "split", {code: new_codes}, started)
