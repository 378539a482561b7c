"""A ``filter`` in CQL2 text or CQL2 JSON, to the CQL2-JSON tree the compiler reads (``layers.query.compile``).

The parser is ``cql2`` (the maintained Rust implementation of the standard; pygeofilter's text grammar lacks the
function form of the temporal predicates and ``S_DWITHIN``). Both languages become the same JSON tree, so one
compiler serves both. The parser crashes the process on nesting a few thousand deep, so the length and the nesting
of a filter are bounded here before it ever sees one.
"""
from __future__ import annotations

import json
import re

import cql2

from web.errors import InvalidParameter

PARAMETER = "filter"
LANGUAGES = ("cql2-text", "cql2-json")
MAX_LENGTH = 4096
MAX_DEPTH = 64
_POSITION = re.compile(r"-->\s*(\d+):(\d+)")


class InvalidFilter(InvalidParameter):
    """A ``filter`` that does not parse or does not apply to the collection; names ``filter``."""

    def __init__(self, description: str, *, parameter: str = PARAMETER):
        super().__init__(description, parameter=parameter)


def parse_filter(text: str, language: str) -> object:
    """The CQL2-JSON tree of ``text`` in ``language`` (``cql2-text`` or ``cql2-json``); 400 naming the position."""
    if language not in LANGUAGES:
        raise InvalidFilter(
            f"Parameter 'filter-lang' must be one of {', '.join(LANGUAGES)}, got {language[:40]!r}.",
            parameter="filter-lang",
        )
    if len(text) > MAX_LENGTH:
        raise InvalidFilter(f"Parameter 'filter' is longer than {MAX_LENGTH} characters.")
    if language == "cql2-json":
        return _parse_json(text)
    if _text_depth(text) > MAX_DEPTH:
        raise InvalidFilter(f"Parameter 'filter' nests parentheses deeper than {MAX_DEPTH}.")
    try:
        return cql2.parse_text(text).to_json()
    except (cql2.ParseError, cql2.ValidationError, ValueError) as error:
        raise InvalidFilter(f"Parameter 'filter' is not CQL2 text: {_where(str(error))}.") from None


def _parse_json(text: str) -> object:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidFilter(
            f"Parameter 'filter' is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise InvalidFilter(f"Parameter 'filter' nests deeper than {MAX_DEPTH}.") from None
    if _json_depth(document) > MAX_DEPTH:
        raise InvalidFilter(f"Parameter 'filter' nests deeper than {MAX_DEPTH}.")
    try:
        return cql2.parse_json(json.dumps(document)).to_json()
    except (cql2.ParseError, cql2.ValidationError, ValueError) as error:
        raise InvalidFilter(f"Parameter 'filter' is not CQL2 JSON: {str(error).strip()[:300]}.") from None


def _where(message: str) -> str:
    """The parser's message led by ``line L, column C`` (the position it stopped at)."""
    position = _POSITION.search(message)
    expected = message.strip().splitlines()[-1].lstrip("= ").strip() if message.strip() else "syntax error"
    if position is None:
        return expected[:300]
    return f"at line {position.group(1)}, column {position.group(2)}: {expected[:300]}"


def _text_depth(text: str) -> int:
    depth = deepest = 0
    quoted = False
    for character in text:
        if character == "'":
            quoted = not quoted
        elif not quoted and character == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and character == ")":
            depth -= 1
    return deepest


def _json_depth(node: object, depth: int = 0) -> int:
    if depth > MAX_DEPTH:
        return depth
    if isinstance(node, dict):
        return max((_json_depth(value, depth + 1) for value in node.values()), default=depth + 1)
    if isinstance(node, list):
        return max((_json_depth(value, depth + 1) for value in node), default=depth + 1)
    return depth
