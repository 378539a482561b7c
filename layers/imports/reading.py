"""A file's one layer read by GDAL (pyogrio): its fields, values, geometries (WKB) and CRS, at one boundary where
GDAL's errors become ours. Text is decoded by Python in the declared encoding, strictly: bytes that are not valid
in it (a file of mixed encodings) are refused naming ``encoding``, never turned into question marks.

A file whose text is UTF-8 by its format (GeoPackage, FlatGeobuf; CSV and GeoJSON once checked) is read as one Arrow
table (a tenth of the time of reading it value by value); a Shapefile, whose text may be in another encoding, and
any file whose text Arrow finds not valid UTF-8, value by value, so that the refusal names the bytes at fault."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyogrio
from pyogrio.errors import DataSourceError, DataLayerError

from .errors import UnreadableFile, WrongEncoding
from .files import Source

CSV_OPTIONS = {
    "GEOM_POSSIBLE_NAMES": "WKT,wkt,geometry,geom",
    "X_POSSIBLE_NAMES": "lon,longitude,x,easting",
    "Y_POSSIBLE_NAMES": "lat,latitude,y,northing",
    "KEEP_GEOM_COLUMNS": "NO",
}
"""How GDAL's CSV driver finds the geometry: a WKT column, or lon/lat (easting/northing) columns."""
CPG_ENCODINGS = {"936": "gbk", "cp936": "gbk", "gb2312": "gbk", "ansi 936": "gbk", "65001": "utf-8", "utf8": "utf-8"}


@dataclass
class Table:
    """The rows of a file: ``fields`` (the file's names) with one Arrow array of values each, one WKB (or None) per
    row, and the CRS GDAL found (``EPSG:nnnn``, a WKT, or None)."""

    fields: list[str]
    values: list[pa.Array]
    geometries: np.ndarray
    crs: str | None

    def __len__(self) -> int:
        return len(self.geometries)


def python_encoding(name: str) -> str:
    """The Python codec of an encoding name a client or a ``.cpg`` gives; 400 naming ``encoding`` if unknown."""
    key = name.strip().lower()
    key = CPG_ENCODINGS.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        raise WrongEncoding(f"Encoding {name[:40]!r} is not known; use utf-8 or gbk.", parameter="encoding") from None


def as_utf8(source: Source, encoding: str) -> Source:
    """A text file (CSV, GeoJSON) checked whole in ``encoding``, strictly, and given to GDAL as UTF-8 (GDAL's text
    drivers would otherwise turn bytes of another encoding into other characters without a word)."""
    data = source.path.read_bytes()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise WrongEncoding(
            f"Line {line} of the file is not valid {encoding} (byte {data[error.start:error.start + 1]!r}): declare "
            "its encoding (encoding=gbk or utf-8), or save the whole file in one encoding.", parameter="encoding",
        ) from None
    if encoding == "utf-8":
        return source
    path = source.path.with_name(f"utf8-{source.path.name}")
    path.write_text(text.lstrip("\ufeff"), encoding="utf-8")
    return Source((path,), source.format)


def _unreadable(error: Exception) -> UnreadableFile:
    return UnreadableFile(f"GDAL cannot read the file: {str(error).splitlines()[0][:200]}", parameter="file")


def _no_geometry() -> UnreadableFile:
    return UnreadableFile("The file has no geometry column GDAL can read (CSV: a WKT column, or lon and lat).",
                          parameter="file")


def _dates_as_text(values: pa.Array) -> pa.Array:
    """A date column as ``YYYY-MM-DD`` text, as the value-by-value reader gives it."""
    return values.cast(pa.string()) if pa.types.is_date(values.type) else values


def _read_arrow(path, *, options: dict) -> tuple[dict, np.ndarray, list] | None:
    """The layer as one Arrow table; None when its text is not valid UTF-8 (read it value by value, to say where)."""
    try:
        meta, table = pyogrio.raw.read_arrow(str(path), datetime_as_string=True, **options)
    except (DataSourceError, DataLayerError) as error:
        raise _unreadable(error) from None
    try:
        table.validate(full=True)
    except pa.ArrowInvalid:
        return None
    geometry = meta.get("geometry_name") or "wkb_geometry"
    if meta.get("geometry_type") is None or geometry not in table.column_names:
        raise _no_geometry()
    values = [_dates_as_text(table.column(str(name)).combine_chunks()) for name in meta["fields"]]
    return meta, table.column(geometry).combine_chunks().to_numpy(zero_copy_only=False), values


def _read(path, *, encoding: str | None, options: dict) -> tuple[dict, np.ndarray, list]:
    if encoding is None:
        read = _read_arrow(path, options=options)
        if read is not None:
            return read
    try:
        meta, _, geometries, values = pyogrio.raw.read(str(path), encoding=encoding, datetime_as_string=True,
                                                       **options)
    except UnicodeDecodeError as error:
        raise WrongEncoding(
            f"The file's text is not valid {encoding} (byte {error.object[error.start:error.start + 1]!r} at position "
            f"{error.start} of a value): declare its encoding (encoding=gbk or utf-8), or save it in one encoding.",
            parameter="encoding") from None
    except (DataSourceError, DataLayerError) as error:
        raise _unreadable(error) from None
    if geometries is None:
        raise _no_geometry()
    return meta, geometries, list(values)


def _joined(pieces: list) -> pa.Array:
    """One column of the parts read, as one Arrow array (NaN stays a value here, cleaning makes it null)."""
    if isinstance(pieces[0], np.ndarray):
        return pa.array(np.concatenate(pieces), from_pandas=False)
    return pa.concat_arrays(pieces)


def read_table(source: Source, *, encoding: str | None) -> Table:
    """Every row of ``source``'s layer (of each of its Shapefiles in turn). ``encoding``: the one the client
    declared (else a Shapefile's ``.cpg``, else UTF-8)."""
    options = CSV_OPTIONS if source.format == "csv" else {}
    if source.format in ("csv", "geojson"):
        source = as_utf8(source, python_encoding(encoding or "utf-8"))
    parts = []
    for n, path in enumerate(source.paths):
        cpg = source.cpgs[n] if n < len(source.cpgs) else None
        chosen = python_encoding(encoding or cpg or "utf-8") if source.format == "shp" else None
        parts.append(_read(path, encoding=chosen, options=options))
    fields = [str(name) for name in parts[0][0]["fields"]]
    if any([str(name) for name in meta["fields"]] != fields for meta, _, _ in parts[1:]):
        raise UnreadableFile("The Shapefiles of the zip have different fields; import them one by one.",
                             parameter="file")
    values = [_joined([part[2][i] for part in parts]) for i in range(len(fields))]
    return Table(fields=fields, values=values, geometries=np.concatenate([part[1] for part in parts]),
                 crs=next((meta.get("crs") for meta, _, _ in parts if meta.get("crs")), None))


def feature_count(source: Source) -> int:
    """How many rows ``source`` holds, without reading their values (counted by the driver when the file does not
    say, as a CSV does not)."""
    options = CSV_OPTIONS if source.format == "csv" else {}
    try:
        return sum(int(pyogrio.read_info(str(path), force_feature_count=True, **options)["features"])
                   for path in source.paths)
    except (DataSourceError, DataLayerError) as error:
        raise UnreadableFile(f"GDAL cannot read the {source.format} file: {str(error).splitlines()[0][:200]}",
                             parameter="file") from None
