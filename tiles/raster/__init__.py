"""The standard map (标准作业图): a COG of the county built from the seeded layers, served as PNG XYZ tiles.

``standard_map`` builds it (``manage.py build_standard_map``), ``reader`` is the one rasterio boundary,
``tileset`` and ``views`` serve ``/tiles/standard-map/{z}/{x}/{y}.png`` and its TileJSON.
"""
