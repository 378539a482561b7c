"""Selections of a layer's features: the items query (``items``: bbox, datetime, properties, property filters,
sortby, CQL2), CQL2 filters (OGC API - Features Part 3) parsed and compiled to bound SQL (``parse``, ``compile``,
``values``), and the SQL of a selection (``sql``). The feature API, exports, WFS and tiles read through it."""
