"""JSON request bodies, read so that nothing Python's ``json`` accepts and the server cannot store gets further.

Refused with a 400 naming the body (``parameter``): invalid UTF-8 or JSON; ``NaN``/``Infinity`` (not JSON);
nesting deep enough to exhaust Python's recursion (about 1,000 levels); an integer of more than 4,300 digits
(Python's int limit); a lone surrogate escape (``\\udc00``), which cannot be encoded as UTF-8 for PostgreSQL.
Numbers too big for a float are checked where they are read (``web.params.finite_number``).
"""
from __future__ import annotations

import json
from typing import Any

from .errors import InvalidParameter


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def load_json(raw: bytes | str, *, parameter: str = "body", constants: bool = False) -> Any:
    """The JSON document of ``raw`` (any JSON type; the caller checks the shape). With ``constants``, ``NaN`` and
    ``Infinity`` are read as floats, for a caller that names the member holding one (``finite_number``)."""
    try:
        document = json.loads(raw, parse_constant=None if constants else _reject_constant)
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise _invalid(parameter, "it is nested too deeply") from None
    except UnicodeEncodeError:
        raise _invalid(parameter, "a string holds a lone surrogate escape such as \\udc00") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise _invalid(parameter, str(error)[:200]) from None
    return document


def _invalid(parameter: str, why: str) -> InvalidParameter:
    return InvalidParameter(
        f"The {parameter} is not valid JSON ({why}); send a JSON object in UTF-8.", parameter=parameter,
        code="InvalidJson",
    )


def load_json_object(raw: bytes | str, *, parameter: str = "body", constants: bool = False) -> dict:
    """:func:`load_json`, and a 400 unless the document is a JSON object."""
    document = load_json(raw, parameter=parameter, constants=constants)
    if not isinstance(document, dict):
        raise InvalidParameter(
            f"The {parameter} must be a JSON object, got {type(document).__name__}.", parameter=parameter
        )
    return document
