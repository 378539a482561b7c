"""The snapping service: which grid, town and community a point is in, the nearest standard address and the
city components around it (``snap``), reverse geocoding (``reverse``), bulk nearest addresses and the bulk
re-assignment of every layer's ``grid_code`` after grids are re-divided (``bulk``).

The boundary rule, everywhere in this package: a point belongs to the grid with the smallest code among the
grids whose geometry covers it (``ST_Covers``, so a point on an edge or a vertex is covered by every grid that
shares it; ``ORDER BY code LIMIT 1``). The answer for a point is therefore the same on every retry and in every
process, whatever order the rows are stored in.

Distances are metres on the CGCS2000/WGS 84 spheroid (``geography``); geometry is stored in EPSG:4490 lon/lat.
"""
