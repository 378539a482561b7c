"""A text or date column of a file checked and written as JSON by Arrow, whole, when Arrow can prove that every
value passes the per-value checks (``layers.imports.staging``: type, length, no NUL, the layer's code parsers; a real
date) and needs no JSON escaping: a county's 74,173 distinct component codes take milliseconds instead of a third of
a second. When the proof fails the column goes value by value, which gives the same values and says why one cannot
be taken."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from django.db import models

from spatial.codes.component import parse_component_code
from spatial.errors import SpatialError
from web.errors import ApiError

_ESCAPED = r'["\\\x00-\x1f]'
"""The characters JSON escapes (Python's encoder, ``ensure_ascii=False``; NUL, which no text column takes, too)."""
_COMPONENT_CODE = r"\A[0-9]{6}(?:0[1-9]|[1-9][0-9]){2}[0-9]{6}\z"
"""What :func:`spatial.codes.component.parse_component_code` takes beyond its county: 16 ASCII digits, major and
minor class not 00 (the serial 000000 is refused apart)."""
_DATE = r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\z"
"""A date as ``date.isoformat`` writes it (what a date column's cleaned value is written back as)."""


def _component_codes(values: pa.Array) -> bool:
    """Whether ``parse_component_code`` takes every value: the digits checked by pattern, and the county of each
    distinct six-digit prefix by the parser itself (on the prefix with a valid class and serial: the county is the
    only part of its verdict that depends on the prefix)."""
    if not pc.all(pc.match_substring_regex(values, _COMPONENT_CODE)).as_py():
        return False
    if pc.any(pc.ends_with(values, "000000")).as_py():
        return False
    try:
        for prefix in pc.unique(pc.utf8_slice_codeunits(values, 0, 6)).to_pylist():
            parse_component_code(f"{prefix}0101000001", parameter=None)
    except (ApiError, SpatialError):
        return False
    return True


PROOFS = {parse_component_code: _component_codes}
"""For a code parser, the Arrow check that proves it takes every value of a column (a parser without one: no
proof, the column goes value by value)."""


def proven_fragments(values: pa.Array, name: str, plain: tuple | None) -> pa.Array | None:
    """Each row's ``"name":"value"`` JSON (``name`` already encoded) when every value of ``values`` is proven to be
    taken as it is by a column with the rules ``plain`` (``staging._plain_text``: longest length, blank allowed,
    parsers); else None."""
    if plain is None or len(values) == 0 or values.null_count or not pa.types.is_string(values.type):
        return None
    longest, blank, parsers = plain
    lengths = pc.utf8_length(values)
    if pc.max(lengths).as_py() > longest or (not blank and pc.min(lengths).as_py() == 0):
        return None
    if pc.any(pc.match_substring_regex(values, _ESCAPED)).as_py():
        return None
    if not all(parse in PROOFS and PROOFS[parse](values) for parse in parsers):
        return None
    return pc.binary_join_element_wise(f'{name}:"', values, '"', "")


def proven_dates(values: pa.Array, name: str, field: models.Field) -> pa.Array | None:
    """Each row's ``"name":"YYYY-MM-DD"`` JSON (``name`` already encoded; ``null`` for a row without one) when
    ``field`` is a plain date column (no choices or validators of its own) and every value is a real date written
    as ``date.isoformat`` writes it, year 1 or later (Arrow's cast to date32 refuses 2023-02-29); else None."""
    if (type(field) is not models.DateField or field.choices or field.validators or len(values) == 0
            or not pa.types.is_string(values.type) or (values.null_count and not field.null)):
        return None
    present = values.drop_null()
    if not pc.all(pc.match_substring_regex(present, _DATE)).as_py() or pc.any(pc.starts_with(present, "0000")).as_py():
        return None
    try:
        present.cast(pa.date32())
    except pa.ArrowInvalid:
        return None
    return pc.if_else(pc.is_null(values), f"{name}:null", pc.binary_join_element_wise(f'{name}:"', values, '"', ""))
