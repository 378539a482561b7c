"""Vector tiles (one ST_AsMVT query per tile), raster tiles of the standard map, TileJSON and the tile cache.

It reads the layer registry of ``layers`` for what each tileset carries and uses ``spatial`` for projections.
"""
