"""Topology rules the layers keep on every write path, in the write's own transaction: the base grids cover the
county with no gap and no overlap (``cover``), buildings do not overlap (``no_overlap``), components lie in the
county (``inside_county``). The registry declares which layer keeps which rule (``Layer.topology``); the database
enforces them (``sql/rules.sql``, installed by ``triggers.py``); ``selectors.py`` lists the current breaches of
every rule (``GET /api/topology``, ``manage.py check_grid_cover``).
"""
