"""Selections of a layer's features: CQL2 filters (OGC API - Features Part 3), parsed and compiled to bound SQL."""
