"""``export_selection``: a selection of a layer, as the caller's view reads it, written to one file.

ONE statement reads the selection (``sql.sql_export``) into an Arrow table (``selection``); GDAL writes it in one
call per file through pyogrio's Arrow interface (no per-feature Python object on either side).
What a job runs as well as the synchronous answer.
"""
from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyogrio.errors
import pyogrio.raw

from layers.access import LayerOrView, as_view
from layers.errors import ApiError
from layers.query.items import ItemsQuery
from spatial.crs import CrsInfo

from . import shapefile
from .formats import ExportFormat
from .params import ExportOptions
from .selection import read_selection
from .sql import GEOMETRY, GEOMETRY_TYPE, X, Y

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


def export_selection(view: LayerOrView, query: ItemsQuery, fmt: ExportFormat, options: ExportOptions,
                     directory: Path | None = None, *,
                     on_step: Callable[[float, str], None] | None = None) -> Path:
    """Write the selection to ``directory`` (a new temporary one when absent) and return the file's path.
    ``on_step(fraction, message)`` hears of the steps (a job's progress: read, then write)."""
    view = as_view(view)
    directory = Path(directory or tempfile.mkdtemp(prefix="pingding-export-"))
    stem = file_stem(view, query.crs)
    lonlat_csv = fmt.key == "csv" and options.geometry == "lonlat"
    table = read_selection(view, query, directory / f"{stem}.copy.csv", with_point=lonlat_csv)
    if on_step is not None:
        on_step(0.5, f"writing {len(table):,} features as {fmt.key}")
    if fmt.key == "shp":
        return _write_shapefiles(view, query, options, table, directory, stem)
    path = directory / f"{stem}.{fmt.extension}"
    layer_options = dict(fmt.layer_options)
    if lonlat_csv:
        x_name, y_name = ("lon", "lat") if query.crs.srid in (4326, 4490, None) else ("easting", "northing")
        table = table.drop_columns([GEOMETRY, GEOMETRY_TYPE]).rename_columns(
            [*(x_name if name == X else y_name if name == Y else name for name in table.column_names[2:])]
        )
        table = table.select([*table.column_names[2:], x_name, y_name])
        _write(path, fmt.driver, table, geometry_type=None, crs=None, layer=stem, layer_options=layer_options)
        return path
    if fmt.key == "csv":
        layer_options["GEOMETRY"] = "AS_WKT"
    _write(path, fmt.driver, table.drop_columns([GEOMETRY_TYPE, X, Y]), geometry_type=_geometry_type(view),
           crs=output_crs(query.crs), layer=stem, layer_options=layer_options,
           dataset_options=dict(fmt.dataset_options))
    return path


def _geometry_type(view: LayerOrView) -> str:
    """The layer's declared type, or ``Unknown`` (any) when the layer mixes types."""
    return OGR_TYPES.get(view.geometry_type, "Unknown")


def _write(path: Path, driver: str, table: pa.Table, *, geometry_type, crs, layer, layer_options, encoding=None,
           dataset_options=None) -> None:
    """One layer written by GDAL from the Arrow table in one call (its ``geometry`` column, if any, is WKB)."""
    pyogrio.raw.write_arrow(
        table, str(path), layer=layer, driver=driver,
        geometry_name=GEOMETRY if GEOMETRY in table.column_names else None, geometry_type=geometry_type, crs=crs,
        encoding=encoding, layer_options=layer_options or None, dataset_options=dataset_options or None,
    )


def _write_shapefiles(view, query: ItemsQuery, options: ExportOptions, table: pa.Table, directory: Path,
                      stem: str) -> Path:
    """One Shapefile per geometry family (``.shp .shx .dbf .prj .cpg``), the field map and a README, zipped."""
    names = tuple(table.column_names[4:])
    short = shapefile.field_names(names)
    parts = shapefile.families(table.column(GEOMETRY_TYPE), view.geometry_type)
    if "other" in parts:
        raise ApiError("This selection holds geometry collections, which a Shapefile cannot store; use f=gpkg.",
                       parameter="f", code="unsupported_geometry", status=422)
    table = table.drop_columns([GEOMETRY_TYPE, X, Y])
    if options.encoding != "UTF-8" and (value := shapefile.unencodable(table, options.encoding)) is not None:
        raise ApiError(f"The value {value!r} cannot be written in {options.encoding}; use encoding=utf-8.",
                       parameter="encoding", code="unencodable", status=422)
    table = table.rename_columns([GEOMETRY, *short])
    written = []
    for family, selected in parts.items():
        part = table if len(parts) == 1 else table.filter(selected)
        part_stem = stem if len(parts) == 1 else f"{stem}_{family}"
        try:
            _write(directory / f"{part_stem}.shp", "ESRI Shapefile", part, geometry_type=shapefile.FAMILY_TYPES[family],
                   crs=output_crs(query.crs), layer=part_stem, layer_options={}, encoding=options.encoding)
        except (pyogrio.errors.DataLayerError, pyogrio.errors.FeatureError) as error:
            raise ApiError(f"This selection cannot be written as a Shapefile ({error}); use f=gpkg.",
                           parameter="f", code="unwritable", status=422) from None
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
