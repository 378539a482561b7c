"""The rows of a file cleaned as any edit cleans a feature's properties (``layers.editing.inputs.clean_value``:
JSON type, the model field's rules, referenced codes, the layer's code parsers), then copied into the staging table
with ``COPY``. Each distinct value of a column is cleaned once (a category code repeated on 70,000 rows is looked up
once); a value that cannot be taken makes its row invalid, with the reason."""
from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from layers.access import LayerView
from layers.editing.inputs import InvalidValue, UnknownField, clean_value, known_columns
from spatial.errors import SpatialError
from web.errors import ApiError, Forbidden

from .models import ImportRow
from .reading import Table

_INTEGER = re.compile(r"\A[+-]?[0-9]+\Z")
_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
COPY_COLUMNS = ("import_id", "row", "code", "attributes", "geom", "action", "reason", "moved")


def file_columns(view: LayerView, fields: Sequence[str], *, shapefile: bool) -> list[str | None]:
    """The layer column each file field sets (None: derived, computed by the server and ignored, as edits ignore
    it); a Shapefile's 10-character names are matched to the one column they begin. 400 ``UnknownField`` for a
    field that is no property of the layer, 403 for one the caller may not read."""
    known = known_columns(view.layer)
    columns: list[str | None] = []
    for name in fields:
        column = name if name in known else None
        if column is None and shapefile:
            found = [c for c in known if len(name) == 10 and c[:10].lower() == name.lower()]
            column = found[0] if len(found) == 1 else None
        if column is None:
            raise UnknownField(f"Field {name[:60]!r} of the file is not a property of collection {view.id!r}; see "
                               f"its schema (/ogc/collections/{view.id}/schema), rename or drop it.",
                               parameter=f"file.{name[:60]}")
        if column not in view.fields and column not in view.layer.derived:
            raise Forbidden(f"Field {name!r} of collection {view.id!r} is restricted; your role may not set it.",
                            parameter=f"file.{name[:60]}")
        columns.append(None if column in view.layer.derived else column)
    if len(set(filter(None, columns))) < len(list(filter(None, columns))):
        raise InvalidValue("Two fields of the file name the same property.", parameter="file")
    return columns


def _plain(view: LayerView, column: str, value: object) -> object:
    """A value as GDAL gave it, as the JSON an edit would send: text columns of a CSV typed, NaN and empty as
    null for non-text properties."""
    field = view.layer.fields.get(column) or view.layer.restricted.get(column)
    kind = field.type if field else "string"
    if isinstance(value, float) and math.isnan(value):
        return None
    if kind == "string" or not isinstance(value, str):
        if kind == "number" and isinstance(value, int) and not isinstance(value, bool):
            return value
        return value
    text = value.strip()
    if text == "":
        return None
    if kind == "integer" and _INTEGER.match(text):
        return int(text)
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return value
    if kind == "boolean" and text.lower() in _BOOLEANS:
        return _BOOLEANS[text.lower()]
    if kind == "date" and len(text) >= 10 and text[4] == "/" and text[7] == "/":
        return text[:10].replace("/", "-")
    return value


def _cleaner(view: LayerView, column: str):
    seen: dict[object, tuple[bool, object]] = {}

    def clean(value: object) -> tuple[bool, object]:
        key = (type(value), value)
        if key not in seen:
            try:
                seen[key] = (True, clean_value(view, column, _plain(view, column, value)))
            except (ApiError, SpatialError) as error:
                seen[key] = (False, f"{column}: {getattr(error, 'description', None) or error}")
        return seen[key]

    return clean


def clean_rows(view: LayerView, table: Table, columns: Sequence[str | None], match: str | None,
               code_column: str | None) -> tuple[list[dict], list[str | None], list[str | None]]:
    """Per row: its cleaned attributes (layer columns), its match value as text (or None), and the first reason it
    cannot be taken (or None)."""
    kept = [(i, column) for i, column in enumerate(columns) if column is not None]
    cleaners = {column: _cleaner(view, column) for _, column in kept}
    lists = {column: table.values[i].tolist() for i, column in kept}
    attributes: list[dict] = [{} for _ in range(len(table))]
    reasons: list[str | None] = [None] * len(table)
    for column, values in lists.items():
        clean = cleaners[column]
        for n, value in enumerate(values):
            ok, cleaned = clean(value)
            if ok:
                attributes[n][column] = cleaned
            elif reasons[n] is None:
                reasons[n] = cleaned
    key = match or code_column
    codes = [None if row.get(key) is None else str(row[key]) for row in attributes] if key in lists else [None] * len(table)
    return attributes, codes, reasons


def _encoded(value: dict) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def copy_rows(import_id, attributes: list[dict], codes: list[str | None], geometries, reasons: list[str | None]) -> None:
    """The rows into the staging table in one ``COPY`` (CSV: every character of Chinese text or JSON passes as
    it is); a row with a reason is staged invalid."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    identifier = str(import_id)
    for n, (values, code, geometry, reason) in enumerate(zip(attributes, codes, geometries, reasons)):
        writer.writerow((identifier, n + 1, code, _encoded(values), geometry,
                         "invalid" if reason else None, reason, "f"))
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {ImportRow._meta.db_table} ({', '.join(COPY_COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer)
