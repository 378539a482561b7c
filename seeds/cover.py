"""Does the grid layer tile the county? Gaps, overlaps and overhang measured in PostGIS, in m² on geography.

* gap: the part of the county outline no grid covers, ``ST_Difference(county, ST_Union(grids))``;
* overlap: the sum of the pairwise intersection areas of grids whose interiors meet (pairs found through
  the bounding boxes, ``&&``), so a grid duplicated under a new code counts with its whole area;
* overhang: the part of the grids outside the county outline.

Each is measured by ``layers_topology_area_m2`` (``layers/topology/sql/rules.sql``): on geography, without the
zero-width slivers a vertex inserted on a shared edge leaves. The cover passes when the three together stay within
``tolerance_m2``. A pure read that imports no model, so
it runs against any database alias holding the layer tables (``GRID_TABLE``, ``AREA_TABLE``).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

DEFAULT_TOLERANCE_M2 = 1.0
GRID_TABLE = "layers_grid"
AREA_TABLE = "layers_adminarea"

_SQL = f"""
WITH county AS (SELECT geom FROM {AREA_TABLE} WHERE level = 'county'),
     cover AS (SELECT ST_Union(geom) AS geom, count(*) AS grids FROM {GRID_TABLE})
SELECT cover.grids,
       (SELECT count(*) FROM county),
       coalesce(layers_topology_area_m2(ST_Difference(county.geom, cover.geom)), 0),
       coalesce(layers_topology_area_m2(ST_Difference(cover.geom, county.geom)), 0),
       coalesce((SELECT sum(layers_topology_area_m2(ST_Intersection(a.geom, b.geom)))
                 FROM {GRID_TABLE} a JOIN {GRID_TABLE} b ON a.id < b.id AND a.geom && b.geom
                 WHERE ST_Relate(a.geom, b.geom, '2********')), 0),
       coalesce(ST_Area(county.geom::geography), 0)
FROM cover LEFT JOIN county ON true
"""


@dataclass(frozen=True)
class CoverReport:
    """Cover figures in m² on the CGCS2000 ellipsoid."""

    grids: int
    gap_m2: float
    overlap_m2: float
    overhang_m2: float
    county_m2: float
    tolerance_m2: float

    @property
    def error_m2(self) -> float:
        return self.gap_m2 + self.overlap_m2 + self.overhang_m2

    @property
    def ok(self) -> bool:
        return self.county_m2 > 0 and self.error_m2 <= self.tolerance_m2

    def lines(self) -> list[str]:
        """A human-readable summary, one figure per line."""
        return [
            f"grids:    {self.grids}",
            f"county:   {self.county_m2 / 1e6:,.3f} km²",
            f"gap:      {self.gap_m2:.6f} m²",
            f"overlap:  {self.overlap_m2:.6f} m²",
            f"overhang: {self.overhang_m2:.6f} m²",
            f"result:   {'ok' if self.ok else 'FAILED'} (tolerance {self.tolerance_m2} m²)",
        ]


def grid_cover_report(*, tolerance_m2: float = DEFAULT_TOLERANCE_M2, using: str = "default") -> CoverReport:
    """Measure how well the grids tile the county outline (see the module docstring)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_SQL)
        grids, counties, gap, overhang, overlap, county = cursor.fetchone()
    if counties != 1:
        county = 0.0
    return CoverReport(int(grids), float(gap), float(overlap), float(overhang), float(county), tolerance_m2)
