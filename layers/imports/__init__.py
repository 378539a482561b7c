"""Imports: a survey file (GeoPackage, zipped Shapefile, GeoJSON, CSV) brought into a layer in two steps.

``POST /api/imports`` reads the file (``files``, ``reading``), cleans every row as any edit would (``staging``),
stages it in PostGIS keyed by the import's id and judges it there set-based (``sql``): a dry-run report of adds,
updates matched by code, deletions and invalid rows with their reasons (``report``). ``POST /api/imports/{id}/commit``
applies the staged rows in one transaction with bulk SQL, the history (path ``import``) and the topology triggers
firing as for any edit (``services``). Big files run both steps as jobs (``jobs``).
"""
