"""Spatial rules shared by every app of the Pingding server.

This package owns the coordinate reference systems the server accepts and
returns (the CRS table in :mod:`spatial.crs`, storage in CGCS2000 lon/lat,
EPSG:4490), the Chinese non-EPSG systems GCJ-02 and BD-09
(:mod:`spatial.chinese`, plus their PostGIS twins in ``spatial/sql``), the one
boundary to pyproj (:mod:`spatial.transform`), the national coding standards
for admin areas, grids, city components, credit codes and ID numbers
(:mod:`spatial.codes`), and the errors these raise (:mod:`spatial.errors`).
It is pure Python on top of numpy and pyproj and imports no Django app, so
``layers``, ``tiles`` and ``seeds`` may all depend on it and it on none of them.
"""
