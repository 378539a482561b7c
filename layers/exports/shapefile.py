"""The Shapefile's own rules: one geometry type per file, field names of at most 10 characters, a code page.

A mixed selection is split into one Shapefile per geometry family (points, multipoints, lines, polygons), named
``<base>_<family>``; a long field name becomes its first characters plus a number, and ``fields.csv`` in the zip
maps every Shapefile field back to its property name and Chinese label.
"""
from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.compute as pc

MAX_FIELD_NAME = 10
FAMILIES = {
    "POINT": "points", "MULTIPOINT": "multipoints", "LINESTRING": "lines", "MULTILINESTRING": "lines",
    "POLYGON": "polygons", "MULTIPOLYGON": "polygons",
}
FAMILY_TYPES = {"points": "Point", "multipoints": "MultiPoint", "lines": "MultiLineString", "polygons": "MultiPolygon"}
DECLARED_FAMILY = {"Point": "points", "MultiPoint": "multipoints", "LineString": "lines", "MultiLineString": "lines",
                   "Polygon": "polygons", "MultiPolygon": "polygons"}


def field_names(names: tuple[str, ...]) -> list[str]:
    """Unique Shapefile field names (at most 10 characters, case-insensitively distinct) for ``names``."""
    taken: set[str] = set()
    out = []
    for name in names:
        short = name[:MAX_FIELD_NAME]
        number = 1
        while short.lower() in taken:
            suffix = f"_{number}"
            short = name[: MAX_FIELD_NAME - len(suffix)] + suffix
            number += 1
        taken.add(short.lower())
        out.append(short)
    return out


def families(types: pa.ChunkedArray, declared: str) -> dict[str, pa.Array]:
    """The rows of each geometry family, as boolean selections (the declared type's family when there is no row)."""
    if len(types) == 0:
        return {DECLARED_FAMILY.get(declared, "points"): pa.array([], pa.bool_())}
    present = set(pc.unique(types).to_pylist())
    selections: dict[str, pa.Array] = {}
    for family in dict.fromkeys(FAMILIES.get(kind, "other") for kind in sorted(present, key=str)):
        kinds = [kind for kind in present if FAMILIES.get(kind, "other") == family]
        selections[family] = pc.is_in(types, value_set=pa.array(kinds, pa.string()))
    return selections


def fields_csv(names: tuple[str, ...], short: list[str], labels: list[str]) -> bytes:
    """The field map, as UTF-8 CSV with a BOM (spreadsheets then read the Chinese labels right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["shapefile_field", "property", "label"])
    writer.writerows(zip(short, names, labels))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def unencodable(table: pa.Table, encoding: str) -> str | None:
    """The first text value of ``table`` that ``encoding`` cannot hold (GDAL would write it as ``?``), else None."""
    codec = {"CP936": "gbk"}.get(encoding, encoding)
    for name in table.column_names:
        if not pa.types.is_string(table.schema.field(name).type):
            continue
        for value in pc.unique(table.column(name)).to_pylist():
            if value is None:
                continue
            try:
                value.encode(codec)
            except UnicodeEncodeError:
                return value
    return None
