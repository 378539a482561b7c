"""The rows of a file cleaned as any edit cleans a feature's properties (``layers.editing.inputs.clean_value``:
JSON type, the model field's rules, referenced codes, the layer's code parsers), then copied into the staging table
with ``COPY``. Each distinct value of a column is cleaned once (a category code repeated on 70,000 rows is looked up
once); a value that cannot be taken makes its row invalid, with the reason."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Sequence
from decimal import Decimal

from django.core.validators import MaxLengthValidator
from django.db import connection, models

from layers.access import LayerView
from layers.editing.inputs import InvalidValue, UnknownField, clean_value, known_columns, model_fields
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


class Refusal(str):
    """Why a value cannot be taken (as the cleaned value's place holder)."""


def _json_ready(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _plain_text(view: LayerView, column: str):
    """For a text column whose only rules are its length and the layer's code parsers (no choices, not a reference):
    the longest text it takes, whether it takes an empty one, and the parsers; else None. Such values are checked
    here without the per-value call of :func:`clean_value` (which gives the same answer, more slowly; when one does
    not pass, the column goes through it, for the errors)."""
    field = model_fields(view.layer)[column]
    plain = (isinstance(field, models.CharField) and not field.is_relation and not field.choices
             and [type(v) for v in field.validators] == [MaxLengthValidator]
             and (view.layer.fields.get(column) or view.layer.restricted.get(column)))
    parsers = [parse for c, parse in view.layer.code_checks if c == column]
    return (field.max_length, field.blank, parsers) if plain else None


def _passes(values: list, plain: tuple, column: str) -> bool:
    longest, blank, parsers = plain
    if not all(type(v) is str and (blank or v) and len(v) <= longest and "\x00" not in v for v in values):
        return False
    try:
        for parse in parsers:
            for value in values:
                parse(value, parameter=column)
    except (ApiError, SpatialError):
        return False
    return True


def _cleaned_column(view: LayerView, column: str, values: list) -> list:
    """Each value of a column cleaned (a :class:`Refusal` for one that cannot be taken), each distinct value once."""
    plain = _plain_text(view, column)
    if plain is not None and _passes(values, plain, column):
        return values
    kinds = set(map(type, values))
    keyed = len(kinds - {type(None)}) > 1  # 1 and True and 1.0 are one dict key: keep them apart by type
    keys = list(zip(map(type, values), values)) if keyed else values
    results = {}
    for key in set(keys):
        value = key[1] if keyed else key
        try:
            results[key] = _json_ready(clean_value(view, column, _plain(view, column, value)))
        except (ApiError, SpatialError) as error:
            results[key] = Refusal(f"{column}: {getattr(error, 'description', None) or error}")
    return [results[key] for key in keys]


def clean_rows(view: LayerView, table: Table, columns: Sequence[str | None], match: str | None,
               code_column: str | None) -> tuple[list[dict], list[str | None], list[str | None]]:
    """Per row: its cleaned attributes (layer columns, JSON-ready), its match value as text (or None), and the
    first reason it cannot be taken (or None)."""
    kept = [(i, column) for i, column in enumerate(columns) if column is not None]
    names = [column for _, column in kept]
    cleaned = [_cleaned_column(view, column, table.values[i].tolist()) for i, column in kept]
    reasons: list[str | None] = [None] * len(table)
    for values in cleaned:
        if any(type(value) is Refusal for value in values):
            for n in [n for n, value in enumerate(values) if type(value) is Refusal]:
                reasons[n] = reasons[n] or str(values[n])
    attributes = [dict(zip(names, row)) for row in zip(*cleaned)] if names else [{} for _ in range(len(table))]
    key = match or code_column
    if key in names:
        codes = [None if value is None or type(value) is Refusal else str(value) for value in cleaned[names.index(key)]]
    else:
        codes = [None] * len(table)
    for n, reason in enumerate(reasons):
        if reason is not None:
            attributes[n] = {k: v for k, v in attributes[n].items() if type(v) is not Refusal}
    return attributes, codes, reasons


_encoded = json.JSONEncoder(ensure_ascii=False).encode


def copy_rows(import_id, attributes: list[dict], codes: list[str | None], geometries,
              reasons: list[str | None]) -> None:
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
