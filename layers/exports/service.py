"""``export_selection``: a selection of a layer, as the caller's view reads it, written to one file.

ONE statement reads the selection (``sql.sql_export``) on a server-side cursor, fetched in chunks into column arrays
(``columns``); GDAL writes them in one call per file through pyogrio's raw interface (no per-feature Python object).
What a job runs as well as the synchronous answer.
"""
from __future__ import annotations

import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pyogrio.raw
from django.conf import settings
from django.db import connection, transaction

from layers.access import LayerOrView, as_view
from layers.errors import ApiError
from layers.ogc.params import ItemsQuery
from spatial.crs import CrsInfo

from . import shapefile
from .columns import Columns, column_arrays
from .formats import ExportFormat
from .params import ExportOptions
from .sql import exported_fields, sql_export

# A non-EPSG CRS keeps the WGS 84 ellipsoid under its own name, so GIS programs place it as lon/lat degrees and the
# file still says what it is.
_OFFSET_CRS_WKT = (
    'GEOGCS["{name}",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],'
    'UNIT["degree",0.0174532925199433],AXIS["Longitude",EAST],AXIS["Latitude",NORTH]]'
)
OGR_TYPES = {"Point": "Point", "MultiPoint": "MultiPoint", "LineString": "LineString",
             "MultiLineString": "MultiLineString", "Polygon": "Polygon", "MultiPolygon": "MultiPolygon"}


def file_stem(layer: LayerOrView, crs: CrsInfo, day: date | None = None) -> str:
    """``<layer>_<crs>_<yyyymmdd>``: what the file holds, in its name."""
    return f"{layer.id}_{crs.key.replace(':', '')}_{(day or date.today()).strftime('%Y%m%d')}"


def output_crs(crs: CrsInfo) -> str:
    if crs.srid is None:
        return _OFFSET_CRS_WKT.format(name=crs.label)
    return f"EPSG:{crs.srid}"


def read_selection(view: LayerOrView, query: ItemsQuery, *, with_point: bool = False) -> Columns:
    """The selection's rows as column arrays, read on a server-side cursor in chunks."""
    statement = sql_export(view, query, with_point=with_point)
    types = [view.fields[name].type for name in exported_fields(view, query)]
    rows: list[tuple] = []
    chunk = settings.PINGDING_STREAM_CHUNK_ROWS * 10
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        while batch := cursor.fetchmany(chunk):
            rows.extend(batch)
    return column_arrays(rows, types)


def export_selection(view: LayerOrView, query: ItemsQuery, fmt: ExportFormat, options: ExportOptions,
                     directory: Path | None = None) -> Path:
    """Write the selection to ``directory`` (a new temporary one when absent) and return the file's path."""
    view = as_view(view)
    directory = Path(directory or tempfile.mkdtemp(prefix="pingding-export-"))
    stem = file_stem(view, query.crs)
    names = exported_fields(view, query)
    columns = read_selection(view, query, with_point=fmt.key == "csv" and options.geometry == "lonlat")
    if fmt.key == "shp":
        return _write_shapefiles(view, query, options, columns, names, directory, stem)
    path = directory / f"{stem}.{fmt.extension}"
    if fmt.key == "csv" and options.geometry == "lonlat":
        x_name, y_name = ("lon", "lat") if query.crs.srid in (4326, 4490, None) else ("easting", "northing")
        _write(path, fmt.driver, None, columns.data + [columns.x, columns.y], columns.masks + [None, None],
               [*names, x_name, y_name], geometry_type=None, crs=None, layer=stem, layer_options=dict(fmt.layer_options))
        return path
    layer_options = dict(fmt.layer_options)
    if fmt.key == "csv":
        layer_options["GEOMETRY"] = "AS_WKT"
    _write(path, fmt.driver, columns.geometry, columns.data, columns.masks, list(names),
           geometry_type=_geometry_type(view, columns), crs=output_crs(query.crs), layer=stem,
           layer_options=layer_options, dataset_options=dict(fmt.dataset_options))
    return path


def _geometry_type(view: LayerOrView, columns: Columns) -> str:
    """The layer's declared type, or ``Unknown`` (any) when the layer mixes types."""
    return OGR_TYPES.get(view.geometry_type, "Unknown")


def _write(path: Path, driver: str, geometry, data, masks, names, *, geometry_type, crs, layer, layer_options,
           encoding=None, promote_to_multi=None, dataset_options=None) -> None:
    pyogrio.raw.write(
        str(path), geometry, data, list(names), field_mask=masks if any(m is not None for m in masks) else None,
        layer=layer, driver=driver, geometry_type=geometry_type, crs=crs, encoding=encoding,
        promote_to_multi=promote_to_multi, layer_options=layer_options or None, dataset_options=dataset_options or None,
    )


def _write_shapefiles(view, query: ItemsQuery, options: ExportOptions, columns: Columns, names: tuple[str, ...],
                      directory: Path, stem: str) -> Path:
    """One Shapefile per geometry family (``.shp .shx .dbf .prj .cpg``), the field map and a README, zipped."""
    short = shapefile.field_names(names)
    parts = shapefile.families(columns.types, view.geometry_type)
    if "other" in parts:
        raise ApiError("This selection holds geometry collections, which a Shapefile cannot store; use f=gpkg.",
                       parameter="f", code="unsupported_geometry", status=422)
    written = []
    for family, selected in parts.items():
        part = columns if len(parts) == 1 else columns.take(selected)
        part_stem = stem if len(parts) == 1 else f"{stem}_{family}"
        try:
            _write(directory / f"{part_stem}.shp", "ESRI Shapefile", part.geometry, part.data, part.masks, short,
                   geometry_type=shapefile.FAMILY_TYPES[family], crs=output_crs(query.crs), layer=part_stem,
                   layer_options={}, encoding=options.encoding, promote_to_multi=family in ("lines", "polygons"))
        except UnicodeEncodeError as error:
            raise ApiError(
                f"A value cannot be written in {options.encoding} ({error.object[error.start:error.end]!r}); "
                "use encoding=utf-8.", parameter="encoding", code="unencodable", status=422,
            ) from None
        written.append((part_stem, len(part)))
    labels = [view.fields[name].label for name in names]
    archive = directory / f"{stem}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for part_stem, _ in written:
            for extension in ("shp", "shx", "dbf", "prj", "cpg"):
                bundle.write(directory / f"{part_stem}.{extension}", f"{part_stem}.{extension}")
        bundle.writestr("fields.csv", shapefile.fields_csv(names, short, labels))
        bundle.writestr("README.txt", _readme(view, query, options, written))
    return archive


def _readme(view, query: ItemsQuery, options: ExportOptions, written: list[tuple[str, int]]) -> str:
    lines = [
        f"{view.title_zh} ({view.title}): {sum(count for _, count in written)} features",
        f"CRS: {query.crs.label} ({query.crs.uri})",
        f"Encoding of the .dbf: {options.encoding} (see the .cpg)",
        "Files (one per geometry type):",
        *(f"  {stem}.shp: {count} features" for stem, count in written),
        "Field names are at most 10 characters in a Shapefile: fields.csv maps each to its property and label.",
    ]
    return "\n".join(lines) + "\n"
