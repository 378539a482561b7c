"""Generate the whole synthetic county in memory: pure Python (numpy + shapely), deterministic for a seed.

``generate_county(scale=1.0, seed=1)`` returns every table's rows; :mod:`seeds.load` writes them to PostGIS.
Each phase draws from its own random stream (:func:`seeds.partition.phase_rng`), so the same seed and scale give
identical rows, byte for byte.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from layers import models as m

from . import rows
from .addresses import addresses
from .buildings import buildings
from .components import components
from .counts import CountyCounts, expected_counts
from .footprints import Footprints, rural, urban
from .caserows import CaseYear, case_year
from .incidents import concatenated, incidents
from .partition import apportion
from .patrols import road_rows
from .people import housing_units, residents
from .records import facilities, organisations
from .reform import prior_division
from .tables import Table
from .world import World, build_world

Progress = Callable[[str], None]


@dataclass
class County:
    """The generated rows (``tables`` in foreign-key order) and how long each phase took (seconds)."""

    scale: float
    seed: int
    counts: CountyCounts
    tables: list[Table]
    timings: dict[str, float] = field(default_factory=dict)
    roads: tuple[list[str], list[bytes]] = ([], [])
    """Names and EPSG:4490 WKB of the seat's streets, for the patrol roads (:mod:`seeds.patrols`)."""
    case_year: CaseYear | None = None
    """The seeded year's cases and steps (:mod:`seeds.caseyear`); their incidents are in the incidents table."""

    def table(self, model: type) -> Table:
        return next(t for t in self.tables if t.model is model)


class _Clock:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, phase: str, detail: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = now - self.last
        self.last = now
        self.progress(f"  {phase:<14} {detail} ({self.timings[phase]:.1f} s)")


def _footprints(world: World) -> Footprints:
    """Urban footprints on the street blocks plus village houses (town-seat communities get larger villages)."""
    counts = world.counts
    seat_town = world.towns[0].code
    villages = [i for i, c in enumerate(world.communities) if not (c.urban and c.parent == seat_town)]
    rng = world.rng("village-sizes")
    weight = rng.lognormal(0, 0.45, len(villages)) * [3.0 if world.communities[i].urban else 1.0 for i in villages]
    per_village = apportion(counts.buildings - counts.urban_buildings, weight, 1)
    village_of = np.full(len(world.communities), -1)
    village_of[villages] = np.arange(len(villages))
    grid_village = village_of[world.grid_community]
    seats = np.array([world.communities[i].seat for i in villages])
    town = urban(
        world.rng("urban-lots"), world.net, world.frame, world.locator, world.built_up_ll, counts.urban_buildings
    )
    houses = rural(world.rng("village-houses"), world.frame, world.locator, seats, per_village,
                   grid_village, world.built_up_ll)
    return Footprints.concat([town, houses])


def generate_county(*, scale: float, seed: int, progress: Progress | None = None) -> County:
    """All rows of the county at ``scale`` for ``seed``; ``progress`` receives one line per phase."""
    clock = _Clock(progress or (lambda line: None))
    counts = expected_counts(scale)
    world = build_world(seed, counts)
    prior = prior_division(world)
    clock.lap("areas", f"1 county, {len(world.towns)} towns, {len(world.communities)} communities, "
                       f"{len(world.grids)} grids ({len(prior)} before the reform), {len(world.net.roads)} roads")
    b = buildings(world.rng("buildings"), _footprints(world), world.grid_codes, counts.housing_units)
    addr = addresses(world.rng("addresses"), world, b)
    clock.lap("buildings", f"{len(b)} buildings, {len(addr)} addresses")
    comp = components(world.rng("components"), world, counts.components)
    clock.lap("components", f"{len(comp.code)} components")
    hu = housing_units(world.rng("housing"), b, addr, counts.housing_units)
    people = residents(world.rng("residents"), hu, counts.residents)
    clock.lap("people", f"{len(hu.code)} housing units, {len(people.id_number)} residents")
    orgs = organisations(world.rng("organisations"), world, b, counts.organisations)
    facs = facilities(world.rng("facilities"), world, b, counts.facilities)
    events = incidents(world.rng("incidents"), world, b, comp, counts.recent_incidents)
    year = case_year(world.rng("case year"), world, b, comp, filed=counts.cases_filed, closed=counts.cases_closed)
    clock.lap("records", f"{len(orgs.building)} organisations, {len(facs.building)} facilities, "
                         f"{len(events.code)} incidents, {len(year.incidents.code)} cases of the seeded year")
    tables = [
        *rows.catalogue_tables(),
        rows.admin_table(world),
        rows.grid_table(world),
        rows.prior_grid_table(world, prior),
        rows.building_table(world, b),
        rows.address_table(addr),
        rows.component_table(world, comp),
        *rows.people_tables(b, hu, people),
        rows.placed_table(world, m.Organisation, b, addr, orgs),
        rows.placed_table(world, m.Facility, b, addr, facs),
        rows.incident_table(world, concatenated([events, year.incidents])),
    ]
    for table in tables:
        table.check()
    clock.lap("rows", f"{sum(len(t) for t in tables)} rows in {len(tables)} tables")
    return County(scale, seed, counts, tables, clock.timings, road_rows(world.net.roads, world.frame), year)
