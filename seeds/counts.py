"""How many records of each kind the generator makes at a given ``--scale`` (1.0 = the published counts).

This is the one place the scaling rules live; the generator obeys it exactly and the tests compare the database
against it. Addresses are not listed: their number follows from the buildings (one door address each) plus one
unit address per entrance of the multi-unit residential buildings, which the generator draws.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from .catalogue import CATEGORIES, EVENT_CLASSES
from .caseyear import year_counts

AS_OF = date(2026, 6, 30)
"""The day the synthetic county describes (ages, dates of surveys and incidents): fixed, so that one seed always
gives the same data."""
TOWN_COUNT = 10
PUBLISHED = {  # communities: the official 237 committees (seeds.division), 15 of them 社区 of the seat town
    "communities": 237,
    "urban_communities": 15,
    "grids": 452,
    "components": 74_173,
    "buildings": 30_000,
    "housing_units": 150_000,
    "residents": 303_600,
    "organisations": 3_000,
    "facilities": 300,
    "incidents": 4_000,
}
URBAN_BUILDING_SHARE = 0.2
"""Share of the buildings that stand in the seat's built-up area (the rest are village houses)..."""
URBAN_BUILDING_CAP = 7_000
"""...up to this many: the 15 km² built-up area has lots for about 8,500 (scales above 1.1 add village houses)."""


@dataclass(frozen=True)
class CountyCounts:
    """Exact record counts of a seeded county."""

    towns: int
    communities: int
    urban_communities: int
    grids: int
    components: int
    buildings: int
    urban_buildings: int
    housing_units: int
    residents: int
    organisations: int
    facilities: int
    recent_incidents: int
    """Incidents of the two years before :data:`AS_OF` (statuses only, no case steps)."""
    cases_filed: int
    """Cases of the seeded year to 31 May 2023 (``seeds.caseyear``), each an incident too."""
    cases_closed: int
    component_categories: int
    event_classes: int

    @property
    def admin_areas(self) -> int:
        return 1 + self.towns + self.communities

    @property
    def incidents(self) -> int:
        """Rows of the incidents layer: the two recent years' incidents and the seeded year's cases."""
        return self.recent_incidents + self.cases_filed

    def as_dict(self) -> dict[str, int]:
        return asdict(self) | {"admin_areas": self.admin_areas, "incidents": self.incidents}


def expected_counts(scale: float) -> CountyCounts:
    """The counts at ``scale`` (> 0). Small scales keep a usable county: 10 towns, 2+ communities per town,
    20+ grids (and 10 more than communities, so some communities have several grids)."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")

    def scaled(key: str, minimum: int = 0) -> int:
        return max(minimum, round(PUBLISHED[key] * scale))

    communities = scaled("communities", 2 * TOWN_COUNT)
    buildings = scaled("buildings", 50)
    cases_filed, cases_closed = year_counts(scale)
    return CountyCounts(
        towns=TOWN_COUNT,
        communities=communities,
        urban_communities=scaled("urban_communities", 1),
        grids=max(scaled("grids", 20), communities + 10),
        components=scaled("components"),
        buildings=buildings,
        urban_buildings=min(round(buildings * URBAN_BUILDING_SHARE), URBAN_BUILDING_CAP),
        housing_units=scaled("housing_units", 100),
        residents=scaled("residents", 150),
        organisations=scaled("organisations", 10),
        facilities=scaled("facilities", 10),
        recent_incidents=scaled("incidents", 20),
        cases_filed=cases_filed,
        cases_closed=cases_closed,
        component_categories=len(CATEGORIES),
        event_classes=len(EVENT_CLASSES),
    )
