"""The query parameters every API shares: each parser is one object that knows its name, its schema and its
description, parses a value to a typed one (or raises ``InvalidParameter`` naming itself), and writes its own
OpenAPI 3.0 parameter object, so a limit is never typed again beside its parser.

Values come from Django's ``QueryDict`` (already percent-decoded; invalid UTF-8 is replaced, never raised).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from spatial.crs import CrsInfo, resolve_crs

from .errors import InvalidParameter

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"\+?[0-9]+")
_INTEGER_DIGITS = 18
"""More significant digits than this are out of every range here (Python's int() refuses 4,300+ digits)."""


def single(query: QueryDict, name: str) -> str | None:
    """The one value of ``name`` (``None`` if absent); 400 if it is repeated or carries a NUL character."""
    values = query.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise InvalidParameter(f"Parameter '{name}' is given {len(values)} times; give it once.", parameter=name)
    return no_nul(values[0], parameter=name)


def check_known(query: QueryDict, allowed: frozenset[str] | set[str]) -> None:
    """400 naming the first query parameter that is not in ``allowed`` (OGC /req/core/query-param-unknown)."""
    for name in query:
        if name not in allowed:
            raise InvalidParameter(
                f"Unknown query parameter '{name}'; this resource accepts: {', '.join(sorted(allowed))}.",
                parameter=name,
            )


def no_nul(text: str, *, parameter: str) -> str:
    """``text`` unchanged; 400 naming ``parameter`` if it holds a NUL character, which PostgreSQL text cannot store."""
    if "\x00" in text:
        raise InvalidParameter(f"Parameter '{parameter}' contains a NUL character (\\u0000).", parameter=parameter)
    return text


def finite_number(value: object, *, parameter: str) -> float:
    """A finite float from a JSON number or a decimal string; 400 naming ``parameter`` for anything else (a bool,
    NaN, infinity, an integer too big for a float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        shown = type(value).__name__ if value is not None else "null"
        raise InvalidParameter(f"Parameter '{parameter}' must be a number, got {shown}.", parameter=parameter)
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            raise InvalidParameter(f"Parameter '{parameter}' must be a decimal number, got {value!r}.",
                                   parameter=parameter)
        value = text
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        shown = value if len(str(value)) <= 40 else f"{str(value)[:20]}... ({len(str(value))} characters)"
        raise InvalidParameter(f"Parameter '{parameter}' must be a finite number, got {shown}.", parameter=parameter)
    return number


@dataclass(frozen=True)
class Param:
    """A query parameter: ``name``, ``description`` and JSON ``schema`` for its OpenAPI parameter object."""

    name: str
    description: str

    def schema(self) -> dict:
        return {"type": "string"}

    def openapi(self, schema: dict | None = None, **extra: Any) -> dict:
        """The OpenAPI 3.0 parameter object; ``schema`` adds to the parser's schema (an ``enum`` the caller
        advertises), ``extra`` to the object (``example``, ``required``...)."""
        return {"name": self.name, "in": "query", "required": False, "description": self.description,
                "schema": {**self.schema(), **(schema or {})}, **extra}


def _value(bound: int | float | Callable[[], int | float]) -> int | float:
    return bound() if callable(bound) else bound


@dataclass(frozen=True)
class Integer(Param):
    """An integer from ``minimum`` to ``maximum`` (either may be a function reading a setting); ``default`` when
    absent (``None``: required)."""

    minimum: int | Callable[[], int] = 0
    maximum: int | Callable[[], int] = 2**31 - 1
    default: int | Callable[[], int] | None = None

    def schema(self) -> dict:
        schema = {"type": "integer", "minimum": _value(self.minimum), "maximum": _value(self.maximum)}
        if self.default is not None:
            schema["default"] = _value(self.default)
        return schema

    def parse(self, value: str | None) -> int:
        if value is None:
            if self.default is None:
                raise InvalidParameter(f"Parameter '{self.name}' is required.", parameter=self.name)
            return int(_value(self.default))
        text = value.strip()
        lowest, highest = _value(self.minimum), _value(self.maximum)
        if not _INTEGER.fullmatch(text):
            raise InvalidParameter(f"Parameter '{self.name}' must be an integer, got {value[:40]!r}.",
                                   parameter=self.name)
        digits = text.lstrip("+").lstrip("0")
        number = int(digits or "0") if len(digits) <= _INTEGER_DIGITS else None
        if number is None or not lowest <= number <= highest:
            shown = number if number is not None else f"an integer of {len(digits):,} digits"
            raise InvalidParameter(
                f"Parameter '{self.name}' must be between {lowest} and {highest}, got {shown}.", parameter=self.name
            )
        return number


@dataclass(frozen=True)
class Number(Param):
    """A finite decimal number (``1.5``, ``-2e3``; NaN, infinity, hex and ``1_000`` are refused) in
    ``[minimum, maximum]``, or above ``minimum`` when ``exclusive_minimum``."""

    minimum: float | None = None
    maximum: float | Callable[[], float] | None = None
    exclusive_minimum: bool = False
    default: float | Callable[[], float] | None = None

    def schema(self) -> dict:
        schema: dict = {"type": "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
            if self.exclusive_minimum:
                schema["exclusiveMinimum"] = True
        if self.maximum is not None:
            schema["maximum"] = _value(self.maximum)
        if self.default is not None:
            schema["default"] = _value(self.default)
        return schema

    def parse(self, value: str | None) -> float:
        if value is None:
            if self.default is None:
                raise InvalidParameter(f"Parameter '{self.name}' is required.", parameter=self.name)
            return float(_value(self.default))
        number = finite_number(value, parameter=self.name)
        low_ok = self.minimum is None or (number > self.minimum if self.exclusive_minimum else number >= self.minimum)
        high = None if self.maximum is None else _value(self.maximum)
        if not low_ok or (high is not None and number > high):
            above = "greater than" if self.exclusive_minimum else "at least"
            bounds = " and ".join(part for part in (
                f"{above} {self.minimum:g}" if self.minimum is not None else "",
                f"at most {high:g}" if high is not None else "") if part)
            raise InvalidParameter(f"Parameter '{self.name}' must be {bounds}, got {value!r}.", parameter=self.name)
        return number


@dataclass(frozen=True)
class Crs(Param):
    """A CRS of the server's table (``EPSG:4490``, an OGC URI, ``GCJ02``...); ``default`` when absent."""

    default: CrsInfo | None = None
    examples: tuple[str, ...] = field(default=())

    def schema(self) -> dict:
        schema: dict = {"type": "string"}
        if self.default is not None:
            schema["default"] = self.default.key
        return schema

    def parse(self, value: str | None) -> CrsInfo:
        if value is None:
            if self.default is None:
                raise InvalidParameter(f"Parameter '{self.name}' is required.", parameter=self.name)
            return self.default
        return resolve_crs(value, parameter=self.name)
