"""The export formats: one row per ``f`` value, saying which GDAL driver writes it and how it is sent.

``single_type``: the format holds one geometry type per layer (a mixed selection is split, one file per type);
``lonlat_only``: the format is WGS 84 longitude/latitude by definition (KML), so only lon/lat CRSs are offered.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    key: str
    driver: str
    extension: str
    media_type: str
    single_type: bool = False
    lonlat_only: bool = False
    zipped: bool = False
    layer_options: tuple[tuple[str, str], ...] = ()
    dataset_options: tuple[tuple[str, str], ...] = ()


FORMATS = {
    fmt.key: fmt
    for fmt in (
        ExportFormat("gpkg", "GPKG", "gpkg", "application/geopackage+sqlite3"),
        ExportFormat("shp", "ESRI Shapefile", "zip", "application/zip", single_type=True, zipped=True),
        ExportFormat("fgb", "FlatGeobuf", "fgb", "application/flatgeobuf"),
        # A BOM, so that spreadsheet programs read the Chinese text as UTF-8.
        ExportFormat("csv", "CSV", "csv", "text/csv", layer_options=(("WRITE_BOM", "YES"),)),
        # A placemark's label is the feature's name (KML's <name>), when the layer has one.
        ExportFormat("kml", "KML", "kml", "application/vnd.google-earth.kml+xml", lonlat_only=True,
                     dataset_options=(("NameField", "name"),)),
        ExportFormat("geojson", "GeoJSON", "geojson", "application/geo+json"),
    )
}
