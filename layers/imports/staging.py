"""The rows of a file cleaned as any edit cleans a feature's properties (``layers.editing.inputs.clean_value``:
JSON type, the model field's rules, referenced codes, the layer's code parsers), then copied into the staging table
with ``COPY``. Each distinct value of a column is cleaned once (a category code repeated on 70,000 rows is looked up
once) and its JSON written once; Arrow puts the rows together and writes them as CSV (no Python loop per row). A
value that cannot be taken makes its row invalid, with the reason."""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from django.core.validators import MaxLengthValidator
from django.db import connection, models

from layers.access import LayerView
from layers.editing.inputs import InvalidValue, UnknownField, clean_value, known_columns, model_fields
from spatial.errors import SpatialError
from web.errors import ApiError, Forbidden

from .models import ImportRow
from .reading import Table
from .texts import proven_dates, proven_fragments

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


@dataclass(frozen=True)
class Cleaned:
    """The rows of a file cleaned, one item per row in Arrow arrays of text: ``attributes`` the row's JSON object
    (layer columns, a value that cannot be taken left out), ``codes`` its match value (or null) and ``reasons`` the
    first reason it cannot be taken (or null)."""

    attributes: pa.Array
    codes: pa.Array
    reasons: pa.Array

    def with_reasons(self, reasons: dict[int, str]) -> Cleaned:
        """These rows, given ``reasons`` (by index) where they have none yet."""
        if not reasons:
            return self
        more = [None] * len(self.reasons)
        for index, reason in reasons.items():
            more[index] = reason
        return replace(self, reasons=pc.coalesce(self.reasons, pa.array(more, pa.string())))


def _duplicates(codes: pa.Array) -> dict[int, str]:
    """The rows (by index) whose match code appears more than once in the file, each with its reason: every one of
    them is invalid (whatever else is wrong with it)."""
    counts = pc.value_counts(codes.drop_null())
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    if len(repeated) == 0:
        return {}
    places = pc.indices_nonzero(pc.is_in(codes, value_set=repeated)).to_pylist()
    rows: dict[str, list[int]] = {}
    for index, code in zip(places, codes.take(places).to_pylist()):
        rows.setdefault(code, []).append(index)
    return {index: f"code {code} appears on rows {', '.join(str(i + 1) for i in found)} of the file"
            for code, found in rows.items() for index in found}


def _distinct(values: pa.Array) -> tuple[list, pa.Array]:
    """The distinct values of a column (None last, when some row has none) and each row's index into them."""
    try:
        encoded = pc.dictionary_encode(values)
        distinct, indices = encoded.dictionary.to_pylist(), encoded.indices
    except pa.ArrowNotImplementedError:  # a type Arrow does not dictionary-encode (all null, say)
        places: dict = {}
        indices = pa.array([places.setdefault((type(v), v), len(places)) for v in values.to_pylist()], pa.int32())
        return [v for _, v in places], indices
    if values.null_count:
        distinct.append(None)
        indices = pc.fill_null(indices, len(distinct) - 1)
    return distinct, indices


def _column(view: LayerView, column: str, values: pa.Array, *, key: bool) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Per row, for one column: its ``"column":value`` JSON (null if refused), its reason (or null) and, for the
    ``key`` column, its value as text (or null)."""
    name = _encoded(column) + ":"
    fragments = proven_fragments(values, _encoded(column), _plain_text(view, column))
    if fragments is None:
        fragments = proven_dates(values, _encoded(column), model_fields(view.layer)[column])
    if fragments is not None:
        return fragments, pa.nulls(len(values), pa.string()), values if key else pa.nulls(len(values), pa.string())
    distinct, indices = _distinct(values)
    cleaned = _cleaned_column(view, column, distinct)
    fragments = pa.array([None if type(v) is Refusal else name + _encoded(v) for v in cleaned], pa.string())
    reasons = pa.array([str(v) if type(v) is Refusal else None for v in cleaned], pa.string())
    texts = pa.array([None if v is None or type(v) is Refusal else str(v) for v in cleaned] if key else
                     [None] * len(cleaned), pa.string())
    return fragments.take(indices), reasons.take(indices), texts.take(indices)


def clean_rows(view: LayerView, table: Table, columns: Sequence[str | None], match: str | None,
               code_column: str | None) -> Cleaned:
    """The rows of ``table`` cleaned: each distinct value of a column once, the rows assembled by Arrow; rows whose
    match code the file repeats are invalid, saying so."""
    key = match or code_column
    cleaned = [_column(view, column, table.values[i], key=column == key)
               for i, column in enumerate(columns) if column is not None]
    nothing = pa.nulls(len(table), pa.string())
    if cleaned:
        joined = pc.binary_join_element_wise(*[c[0] for c in cleaned], ",", null_handling="skip")
        attributes = pc.binary_join_element_wise("{", joined, "}", "")
    else:
        attributes = pa.array(["{}"] * len(table), pa.string())
    reasons = pc.coalesce(*[c[1] for c in cleaned]) if cleaned else nothing
    codes = next((texts for (_, _, texts), column in zip(cleaned, filter(None, columns)) if column == key), nothing)
    repeated = _duplicates(codes)
    if repeated:
        first = pa.array([repeated.get(n) for n in range(len(table))], pa.string())
        reasons = pc.coalesce(first, reasons)
    return Cleaned(attributes=attributes, codes=codes, reasons=reasons)


_encoded = json.JSONEncoder(ensure_ascii=False).encode
_CSV = pa_csv.WriteOptions(include_header=False, quoting_style="needed")


def copy_rows(import_id, rows: Cleaned, geometries: pa.Array) -> int:
    """The rows into the staging table in one ``COPY``, written as CSV by Arrow (every character of Chinese text or
    JSON passes as it is; null is an empty field, text is quoted); a row with a reason is staged invalid. Then the
    table's statistics, which the judging statements are planned by: staged rows come and go by tens of thousands,
    and planned for the few rows an emptied table's statistics promise, one statement of a county's file ran for
    minutes (a nested loop over the staged rows); the sample takes a tenth of a second. Returns how many rows
    were staged without a reason (the rows left to judge)."""
    count = len(rows.attributes)
    table = pa.table({
        "import_id": pa.array([str(import_id)] * count, pa.string()),
        "row": pa.array(np.arange(1, count + 1, dtype=np.int64)),
        "code": rows.codes, "attributes": rows.attributes, "geom": geometries,
        "action": pc.if_else(pc.is_valid(rows.reasons), "invalid", pa.scalar(None, pa.string())),
        "reason": rows.reasons, "moved": pa.array(np.zeros(count, dtype=bool)),
    })
    buffer = io.BytesIO()
    pa_csv.write_csv(table.select(list(COPY_COLUMNS)), buffer, _CSV)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {ImportRow._meta.db_table} ({', '.join(COPY_COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer)
        cursor.execute(f"ANALYZE {ImportRow._meta.db_table} (import_id, action, code)")
    return rows.reasons.null_count
