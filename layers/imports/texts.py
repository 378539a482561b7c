"""A text column of a file checked and written as JSON by Arrow, whole, when Arrow can prove that every value passes
the per-value checks (``layers.imports.staging``: type, length, no NUL, the layer's code parsers) and needs no JSON
escaping: a county's 74,173 distinct component codes take milliseconds instead of a third of a second. When the
proof fails the column goes value by value, which gives the same values and says why one cannot be taken."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from spatial.codes.component import parse_component_code
from spatial.errors import SpatialError
from web.errors import ApiError

_ESCAPED = r'["\\\x00-\x1f]'
"""The characters JSON escapes (Python's encoder, ``ensure_ascii=False``; NUL, which no text column takes, too)."""
_COMPONENT_CODE = r"\A[0-9]{6}(?:0[1-9]|[1-9][0-9]){2}[0-9]{6}\z"
"""What :func:`spatial.codes.component.parse_component_code` takes beyond its county: 16 ASCII digits, major and
minor class not 00 (the serial 000000 is refused apart)."""


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
    """Each row's ``"name": "value"`` JSON (``name`` already encoded) when every value of ``values`` is proven to be
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
    return pc.binary_join_element_wise(f'{name}: "', values, '"', "")
