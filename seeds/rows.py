"""The generated county as model rows (:class:`seeds.tables.Table`), in an order that satisfies foreign keys."""
from __future__ import annotations

import numpy as np
import shapely

from layers import models as m

from .addresses import Addresses
from .admin import COUNTY_CODE, COUNTY_NAME
from .buildings import Buildings
from .catalogue import CATEGORIES, EVENT_CLASSES, EVENT_MAJOR_NAMES, MAJOR_NAMES
from .components import Components
from .incidents import Incidents
from .models import PriorGrid as PriorGridModel
from .people import HousingUnits, Residents
from .records import Placed
from .reform import PriorGrid
from .tables import Table, ewkb
from .world import World

SOURCE = "synthetic"


def admin_table(world: World) -> Table:
    areas = [(COUNTY_CODE, COUNTY_NAME, "county", "", None, world.county_ll)]
    areas += [(a.code, a.name, "town", a.kind, a.parent, g) for a, g in zip(world.towns, world.town_ll)]
    areas += [(a.code, a.name, "community", a.kind, a.parent, g) for a, g in zip(world.communities, world.community_ll)]
    geoms = np.array([a[5] for a in areas], dtype=object)
    return Table(m.AdminArea, {
        "code": [a[0] for a in areas],
        "stat_code": [a[0].ljust(12, "0") for a in areas],
        "name": [a[1] for a in areas],
        "level": [a[2] for a in areas],
        "kind": [a[3] for a in areas],
        "parent": np.array([a[4] for a in areas], dtype=object),
        "geom": ewkb(geoms),
    })


def grid_table(world: World) -> Table:
    g = world.grids
    return Table(m.Grid, {
        "code": world.grid_codes,
        "name": [c.name for c in g],
        "kind": [c.kind for c in g],
        "town": [c.town_code for c in g],
        "community": [c.community_code for c in g],
        "grid_leader": [c.leader for c in g],
        "grid_member": [c.member for c in g],
        "grid_assistant": [c.assistant for c in g],
        "member_phone": [c.phone for c in g],
        "households": np.zeros(len(g), dtype=np.int64),
        "data_source": np.full(len(g), SOURCE),
        "geom": ewkb(world.grid_ll),
    })


def prior_grid_table(world: World, prior: list[PriorGrid]) -> Table:
    """The pre-reform division (:mod:`seeds.reform`): each old grid with the attributes of today's grid it came
    from, named by its own sequence."""
    names = {c.code: c.name for c in world.communities}
    cells = [world.grids[p.source] for p in prior]
    return Table(PriorGridModel, {
        "code": [p.code for p in prior],
        "name": [c.name if p.reform == "kept" else f"{names[c.community_code]}第{int(p.code[12:])}网格"
                 for p, c in zip(prior, cells)],
        "kind": [c.kind for c in cells],
        "town_code": [c.town_code for c in cells],
        "community_code": [c.community_code for c in cells],
        "grid_leader": [c.leader for c in cells],
        "grid_member": [c.member for c in cells],
        "grid_assistant": [c.assistant for c in cells],
        "member_phone": [c.phone for c in cells],
        "reform": [p.reform for p in prior],
        "successors": ["{" + ",".join(p.successors) + "}" for p in prior],
        "geom": ewkb(np.array([p.geom for p in prior], dtype=object)),
    })


def catalogue_tables() -> list[Table]:
    return [
        Table(m.ComponentCategory, {
            "code": [c.code for c in CATEGORIES],
            "major_code": [c.major for c in CATEGORIES],
            "major_name": [MAJOR_NAMES[c.major] for c in CATEGORIES],
            "name": [c.name for c in CATEGORIES],
            "owner_department": [c.owner for c in CATEGORIES],
            "geometry_kind": [c.geometry for c in CATEGORIES],
        }),
        Table(m.EventClass, {
            "code": [e.code for e in EVENT_CLASSES],
            "major_code": [e.major for e in EVENT_CLASSES],
            "major_name": [EVENT_MAJOR_NAMES[e.major] for e in EVENT_CLASSES],
            "name": [e.name for e in EVENT_CLASSES],
        }),
    ]


def building_table(world: World, b: Buildings) -> Table:
    return Table(m.Building, {
        "code": b.code,
        "name": b.name,
        "use": b.use,
        "floors_above": b.floors,
        "floors_below": b.floors_below,
        "structure": b.structure,
        "year_built": b.year,
        "grid": world.grid_codes[b.fp.grid],
        "data_source": np.full(len(b), SOURCE),
        "geom": ewkb(b.fp.geom),
    })


def address_table(a: Addresses) -> Table:
    n = len(a)
    return Table(m.Address, {
        "code": a.code, "level": a.level,
        "province": np.full(n, "山西省"), "city": np.full(n, "阳泉市"), "county": np.full(n, "平定县"),
        "town": a.town, "community": a.community, "road": a.road, "number": a.number,
        "building_no": a.building_no, "unit": a.unit, "room": np.full(n, ""), "full_text": a.full_text,
        "community_area": a.community_code, "grid": a.grid_code, "building": a.building_code,
        "data_source": np.full(n, SOURCE),
        "geom": ewkb(shapely.points(np.column_stack([a.lon, a.lat]))),
    })


def component_table(world: World, c: Components) -> Table:
    return Table(m.Component, {
        "code": c.code, "category": c.category, "name": c.name,
        "supervising_department": c.supervising, "owner_department": c.owner,
        "maintainer_department": c.maintainer, "grid": world.grid_codes[c.grid], "state": c.state,
        "installed_on": c.installed_on, "surveyed_on": c.surveyed_on, "data_source": np.full(len(c.code), SOURCE),
        "geom": ewkb(c.geom),
    })


def people_tables(b: Buildings, hu: HousingUnits, r: Residents) -> list[Table]:
    return [
        Table(m.HousingUnit, {
            "code": hu.code, "building": b.code[hu.building], "address": hu.address_code, "floor": hu.floor,
            "room": hu.room, "area_m2": hu.area_m2, "use": hu.use, "tenure": hu.tenure,
            "data_source": np.full(len(hu.code), SOURCE),
        }),
        Table(m.Resident, {
            "id_number": r.id_number, "name": r.name, "gender": r.gender, "birth_year": r.birth_year,
            "phone": r.phone, "residence_type": r.residence_type, "key_population": r.key_population,
            "housing_unit": r.housing_unit, "synthetic": np.ones(len(r.id_number), dtype=bool),
        }),
    ]


def placed_table(world: World, model: type, b: Buildings, a: Addresses, p: Placed) -> Table:
    """Organisations or facilities at the door addresses of their buildings."""
    return Table(model, {
        **p.fields,
        "address": a.door[p.building],
        "grid": world.grid_codes[b.fp.grid[p.building]],
        "data_source": np.full(len(p.building), SOURCE),
        "geom": ewkb(shapely.points(np.column_stack([a.lon[p.building], a.lat[p.building]]))),
    })


def incident_table(world: World, i: Incidents) -> Table:
    return Table(m.Incident, {
        "code": i.code, "event_class": i.event_class, "component": i.component, "status": i.status,
        "source": i.source, "description": i.description, "reporter": i.reporter,
        "reporter_phone": i.reporter_phone, "grid": world.grid_codes[i.grid], "routed_to": i.routed_to,
        "reported_at": i.reported_at, "accepted_at": i.accepted_at, "closed_at": i.closed_at,
        "geom": ewkb(shapely.points(np.column_stack([i.lon, i.lat]))),
    })
