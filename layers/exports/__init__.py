"""Exports: a selection of a layer, as its caller sees it, written to a GIS file (GeoPackage, zipped Shapefile,
GeoJSON, FlatGeobuf, CSV, KML) in an output CRS.

``params`` reads the items URL's export parameters, ``sql`` builds the one statement of the selection, ``columns``
turns its rows into typed arrays, ``shapefile`` keeps the Shapefile's own rules, ``service.export_selection`` writes
the file (what a job calls), ``views`` answers the items URL with it.
"""
