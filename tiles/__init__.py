"""Vector tiles (one ST_AsMVT query per tile), raster tiles of the standard map, TileJSON and the tile cache.

It reads the layer registry of ``layers`` for what each tileset carries. The vector side, by module:

``conf``       app settings ``PINGDING_TILES_*`` with their defaults
``grid``       XYZ tile arithmetic: parsing z/x/y, envelopes in EPSG:3857 and lon/lat, pixel sizes
``catalog``    the tilesets: one per public layer and the composite ``all``
``sql``        the tile statement, built from the registry (``sql/invalidate.sql``: the cache triggers)
``selectors``  a tile (cached or rendered) and a tileset's bounds
``cache``      the tile cache table and why it is never older than the data
``triggers``   the invalidation triggers generated from the registry (migration 0002, ``manage.py tiles_triggers``)
``encoding``   gzip, ETags, Accept-Encoding / If-None-Match
``tilejson``   TileJSON 3.0.0 and the ``/tiles/`` listing entries
``views``      ``/tiles/``, ``/tiles/{tileset}.json``, ``/tiles/{tileset}/{z}/{x}/{y}.mvt``
``sample``     the fixed tile sample of the benchmark (``make bench``: bench/tiles; ``manage.py tiles_sizes``)

``raster/`` (the standard map) and ``viewer/`` (the map page) are their own packages.
"""
