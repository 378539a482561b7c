"""Literals of a CQL2 tree as Python values of the field they meet, and temporal predicates as SQL.

A literal is typed by its field (``layers.registry`` types): an integer field takes integral numbers only, a
date-time field timestamps and dates (a date is its local midnight, ``TIME_ZONE``), so the database never sees a
mistyped value. Temporal predicates relate an instant (a date or date-time field) to an instant or an interval as
Allen's relations of the degenerate interval ``[t, t]``; an open interval end (``..``) is unbounded.
"""
from __future__ import annotations

import math
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

from layers.sqltext import Sql, join

from .parse import InvalidFilter


def _show(node: object) -> str:
    text = repr(node)
    return text if len(text) <= 60 else text[:57] + "..."


def allen(op: str, t: Sql, start: object, end: object) -> Sql:
    """Allen's relation ``op`` of the instant ``t`` (``[t, t]``) to ``[start, end]`` (None: unbounded)."""
    def cmp(sign: str, value: object) -> Sql:
        return t + Sql(f" {sign} %s", (value,))

    def all_of(*parts: Sql | None) -> Sql:
        if any(part is None for part in parts):
            return Sql("FALSE")
        return join(parts, " AND ") if parts else Sql("TRUE")

    after_start = None if start is None else cmp(">", start)
    before_end = None if end is None else cmp("<", end)
    relations = {
        "t_before": lambda: all_of(None if start is None else cmp("<", start)),
        "t_after": lambda: all_of(None if end is None else cmp(">", end)),
        "t_meets": lambda: all_of(None if start is None else cmp("=", start)),
        "t_metby": lambda: all_of(None if end is None else cmp("=", end)),
        "t_equals": lambda: all_of(None if start is None else cmp("=", start), None if end is None else cmp("=", end)),
        "t_begins": lambda: all_of(None if start is None else cmp("=", start),
                                   *( [before_end] if end is not None else [])),
        "t_ends": lambda: all_of(None if end is None else cmp("=", end), *([after_start] if start is not None else [])),
        "t_during": lambda: join([p for p in (after_start, before_end) if p is not None], " AND ")
        if start is not None or end is not None else Sql("TRUE"),
        "t_intersects": lambda: _within(t, start, end),
        "t_disjoint": lambda: Sql("NOT (") + _within(t, start, end) + Sql(")"),
        # a proper interval cannot start, end, overlap or lie inside an instant
        "t_overlaps": lambda: Sql("FALSE"), "t_overlappedby": lambda: Sql("FALSE"),
        "t_contains": lambda: Sql("FALSE"), "t_begunby": lambda: Sql("FALSE"), "t_endedby": lambda: Sql("FALSE"),
    }
    if op not in relations:
        raise InvalidFilter(f"Operator {op.upper()!r} in 'filter' is not supported.")
    return relations[op]()


def _within(t: Sql, start: object, end: object) -> Sql:
    parts = ([] if start is None else [t + Sql(" >= %s", (start,))]) + ([] if end is None else [t + Sql(" <= %s", (end,))])
    return join(parts, " AND ") if parts else t + Sql(" IS NOT NULL")


def interval(node: object, kind: str) -> tuple[object, object]:
    if isinstance(node, dict) and "interval" in node:
        ends = node["interval"]
        if not isinstance(ends, list) or len(ends) != 2:
            raise InvalidFilter("An INTERVAL in 'filter' has two ends.")
        start, end = (None if end == ".." else _instant(end, kind) for end in ends)
        if start is not None and end is not None and start > end:
            raise InvalidFilter("An INTERVAL in 'filter' starts after it ends.")
        return start, end
    instant = literal(node, kind)
    return instant, instant


def _instant(value: object, kind: str) -> object:
    if not isinstance(value, str):
        raise InvalidFilter(f"An interval end in 'filter' is a date, a timestamp or '..', not {_show(value)}.")
    return literal({"timestamp": value} if "T" in value else {"date": value}, kind)


def literal(node: object, kind: str) -> object:
    """``node`` as a Python value of the field type ``kind``, or a 400 saying what the field takes."""
    value: object = None
    if kind == "integer" and isinstance(node, (int, float)) and not isinstance(node, bool) and float(node).is_integer():
        value = int(node) if abs(node) < 2**63 else None
    elif kind == "number" and isinstance(node, (int, float)) and not isinstance(node, bool) and math.isfinite(node):
        value = float(node)
    elif kind == "boolean" and isinstance(node, bool):
        value = node
    elif kind == "string" and isinstance(node, str):
        value = text(node)
    elif kind in ("date", "date-time") and isinstance(node, dict):
        value = _temporal_literal(node, kind)
    if value is None:
        raise InvalidFilter(f"A {kind} queryable in 'filter' cannot be compared with {_show(node)}.")
    return value


def _temporal_literal(node: dict, kind: str) -> date | None:
    zone = ZoneInfo(settings.TIME_ZONE)
    try:
        if isinstance(node.get("date"), str):
            day = date.fromisoformat(node["date"])
            return day if kind == "date" else datetime.combine(day, time(), zone)
        if isinstance(node.get("timestamp"), str) and kind == "date-time":
            instant = datetime.fromisoformat(node["timestamp"])
            return instant if instant.tzinfo is not None else instant.replace(tzinfo=zone)
    except ValueError:
        raise InvalidFilter(f"Parameter 'filter' has a malformed date or timestamp {_show(node)}.") from None
    return None


def text(value: str) -> str:
    if "\x00" in value:
        raise InvalidFilter("A string in 'filter' contains a NUL character (\\u0000), which no field can hold.")
    return value
