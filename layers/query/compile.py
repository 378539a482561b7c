"""A CQL2-JSON tree (``layers.query.parse``) compiled to one bound SQL condition on a layer as a caller sees it.

Identifiers come only from the view: a property is a readable field of ``view.fields`` (a restricted field the
caller cannot read is as unknown as a misspelt one) or ``geometry``; every literal is a bound parameter, typed by
the field it meets (``layers.query.values``), so the database never sees a mistyped value. Geometries are read in
``filter-crs`` (its axis order; GCJ-02 and BD-09 inverted) by ``layers.editing.geometry`` and bound as EWKB in
EPSG:4490. ``S_DWITHIN`` is in metres on the
geography, behind an ``&&`` with a box in degrees that holds the distance, so the GiST index still answers.
Temporal predicates compare an instant (a date or date-time field) with an instant or an interval as Allen's
relations of the degenerate interval ``[t, t]``; an open interval end (``..``) is unbounded.
"""
from __future__ import annotations

import math

from psycopg2 import Binary

from layers.access import LayerView
from layers.editing.geometry import parse_geometry
from layers.sqltext import Sql, column, join
from spatial.crs import CrsInfo
from spatial.errors import SpatialError
from web.errors import InvalidParameter

from .parse import InvalidFilter
from .values import allen, interval, literal, text

GEOMETRY = "geometry"
COMPARISONS = {"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
SPATIAL = {
    "s_intersects": "ST_Intersects", "s_disjoint": "ST_Disjoint", "s_contains": "ST_Contains",
    "s_within": "ST_Within", "s_touches": "ST_Touches", "s_crosses": "ST_Crosses", "s_overlaps": "ST_Overlaps",
    "s_equals": "ST_Equals",
}
ORDERED = ("integer", "number", "string", "date", "date-time")
_METRES_PER_DEGREE = 110_574.0  # the shortest degree of latitude (at the equator); longitude: times cos(lat)


def compile_filter(tree: object, view: LayerView, crs: CrsInfo) -> Sql:
    """The condition of ``tree`` on ``view`` (rows aliased ``t``), geometry literals in ``crs``."""
    return _Compiler(view, crs).condition(tree)


class _Compiler:
    def __init__(self, view: LayerView, crs: CrsInfo):
        self.view = view
        self.crs = crs

    def condition(self, node: object) -> Sql:
        if isinstance(node, bool):
            return Sql("TRUE" if node else "FALSE")
        if not isinstance(node, dict) or not isinstance(node.get("op"), str) or not isinstance(node.get("args"), list):
            raise InvalidFilter(f"Parameter 'filter' needs a condition where it has {_show(node)}.")
        op, args = node["op"].lower(), node["args"]
        if op in ("and", "or"):
            return Sql("(") + join((self.condition(arg) for arg in args), f" {op.upper()} ") + Sql(")")
        if op == "not":
            return Sql("NOT (") + self.condition(_arity(op, args, 1)[0]) + Sql(")")
        if op in COMPARISONS:
            return self.comparison(op, *_arity(op, args, 2))
        if op == "like":
            return self.like(*_arity(op, args, 2))
        if op == "between":
            return self.between(*_arity(op, args, 3))
        if op == "in":
            return self.in_list(*_arity(op, args, 2))
        if op == "isnull":
            return Sql("(") + self.operand(_arity(op, args, 1)[0]) + Sql(" IS NULL)")
        if op in SPATIAL:
            left, right = (self.geometry(arg) for arg in _arity(op, args, 2))
            return Sql(f"{SPATIAL[op]}(") + left + Sql(", ") + right + Sql(")")
        if op == "s_dwithin":
            return self.dwithin(*_arity(op, args, 3))
        if op.startswith("t_"):
            return self.temporal(op, *_arity(op, args, 2))
        raise InvalidFilter(f"Operator {node['op'][:40]!r} in 'filter' is not supported.")

    # properties and literals

    def field_type(self, node: object) -> str | None:
        """The type of a property operand (after checking it is a queryable), None for a literal."""
        if not (isinstance(node, dict) and "property" in node):
            return None
        name = node["property"]
        if name == GEOMETRY:
            return GEOMETRY
        if not isinstance(name, str) or name not in self.view.fields:
            raise InvalidFilter(
                f"Unknown queryable {str(name)[:60]!r} in 'filter'; collection '{self.view.id}' has: "
                f"{', '.join([*self.view.fields, GEOMETRY])}."
            )
        return self.view.fields[name].type

    def operand(self, node: object, kind: str | None = None) -> Sql:
        """A property as its column, or a literal bound as a value of ``kind`` (the type of what it meets)."""
        if self.field_type(node) is not None:
            name = node["property"]
            return Sql(column(self.view.geometry_column if name == GEOMETRY else name))
        if kind is None:
            raise InvalidFilter(f"Parameter 'filter' compares two literals ({_show(node)}); name a queryable.")
        return Sql("%s", (literal(node, kind),))

    def typed_pair(self, left: object, right: object) -> tuple[Sql, Sql, str]:
        kinds = {self.field_type(left), self.field_type(right)} - {None}
        for node in (left, right):
            if isinstance(node, dict) and "op" in node:
                raise InvalidFilter(f"Operator {str(node['op'])[:40]!r} in 'filter' is not supported here.")
        if not kinds:
            raise InvalidFilter(f"Parameter 'filter' compares two literals ({_show(left)}, {_show(right)}); name a queryable.")
        if len(kinds) != 1 or GEOMETRY in kinds:
            raise InvalidFilter(
                f"Parameter 'filter' compares {_show(left)} with {_show(right)}: one side must be a queryable that "
                "is not the geometry, and two queryables must have one type."
            )
        kind = kinds.pop()
        return self.operand(left, kind), self.operand(right, kind), kind

    def comparison(self, op: str, left: object, right: object) -> Sql:
        a, b, kind = self.typed_pair(left, right)
        if op not in ("=", "<>") and kind not in ORDERED:
            raise InvalidFilter(f"Operator {op!r} in 'filter' needs an ordered queryable, not a {kind} one.")
        return Sql("(") + a + Sql(f" {COMPARISONS[op]} ") + b + Sql(")")

    def like(self, subject: object, pattern: object) -> Sql:
        if self.field_type(subject) != "string" or not isinstance(pattern, str):
            raise InvalidFilter("LIKE in 'filter' takes a string queryable and a pattern in quotes.")
        if (len(pattern) - len(pattern.rstrip("\\"))) % 2:
            raise InvalidFilter("A LIKE pattern in 'filter' ends with a lone escape character (\\).")
        return Sql("(") + self.operand(subject) + Sql(" LIKE %s)", (text(pattern),))

    def between(self, subject: object, low: object, high: object) -> Sql:
        kind = self.field_type(subject)
        if kind not in ORDERED:
            raise InvalidFilter("BETWEEN in 'filter' takes an ordered queryable (number, string, date).")
        return (Sql("(") + self.operand(subject) + Sql(" BETWEEN ") + self.operand(low, kind) + Sql(" AND ")
                + self.operand(high, kind) + Sql(")"))

    def in_list(self, subject: object, values: object) -> Sql:
        kind = self.field_type(subject)
        if kind is None or kind == GEOMETRY or not isinstance(values, list) or not values:
            raise InvalidFilter("IN in 'filter' takes a queryable and a non-empty list of values.")
        items = join((self.operand(value, kind) for value in values), ", ")
        return Sql("(") + self.operand(subject) + Sql(" IN (") + items + Sql("))")

    # spatial

    def geometry(self, node: object) -> Sql:
        kind = self.field_type(node)
        if kind == GEOMETRY:
            return self.operand(node)
        if kind is not None:
            raise InvalidFilter(f"A spatial predicate in 'filter' takes '{GEOMETRY}' or a geometry, not {_show(node)}.")
        return Sql("ST_GeomFromEWKB(%s)", (Binary(bytes(self.literal_geometry(node).ewkb)),))

    def literal_geometry(self, node: object):
        if isinstance(node, dict) and "bbox" in node:
            node = _bbox_polygon(node["bbox"])
        if not isinstance(node, dict) or "type" not in node:
            raise InvalidFilter(f"A spatial predicate in 'filter' needs a geometry, got {_show(node)}.")
        try:
            return parse_geometry(node, crs=self.crs, declared="Geometry")
        except InvalidParameter as error:
            raise InvalidFilter(f"A geometry in 'filter' (in {self.crs.key}): {error.description}") from None
        except SpatialError as error:
            raise InvalidFilter(f"A geometry in 'filter' (in {self.crs.key}): {error.message}") from None

    def dwithin(self, subject: object, other: object, distance: object) -> Sql:
        if isinstance(distance, bool) or not isinstance(distance, (int, float)) or not 0 <= distance < 1e7:
            raise InvalidFilter("S_DWITHIN in 'filter' needs a distance in metres, from 0 to 10,000 km.")
        if self.field_type(subject) != GEOMETRY or self.field_type(other) is not None:
            raise InvalidFilter(f"S_DWITHIN in 'filter' takes '{GEOMETRY}', a geometry and a distance in metres.")
        geometry = self.literal_geometry(other)
        literal = Sql("ST_GeomFromEWKB(%s)", (Binary(bytes(geometry.ewkb)),))
        lat = min(89.0, max(abs(geometry.extent[1]), abs(geometry.extent[3])) + distance / _METRES_PER_DEGREE)
        dy = distance / _METRES_PER_DEGREE * 1.01
        dx = distance / (_METRES_PER_DEGREE * math.cos(math.radians(lat))) * 1.01
        column_sql = self.operand(subject)
        return (Sql("(") + column_sql + Sql(" && ST_Expand(") + literal + Sql(", %s, %s) AND ST_DWithin(", (dx, dy))
                + column_sql + Sql("::geography, ") + literal + Sql("::geography, %s))", (float(distance),)))

    # temporal

    def temporal(self, op: str, subject: object, other: object) -> Sql:
        kind = self.field_type(subject)
        if kind not in ("date", "date-time"):
            raise InvalidFilter(f"{op.upper()} in 'filter' takes a date or date-time queryable first.")
        start, end = interval(other, kind)
        t = self.operand(subject)
        return Sql("(") + allen(op, t, start, end) + Sql(")")


def _bbox_polygon(numbers: object) -> dict:
    if not isinstance(numbers, list) or len(numbers) not in (4, 6) or not all(
            isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        raise InvalidFilter("A BBOX in 'filter' has 4 numbers (or 6 with heights).")
    a1, b1, a2, b2 = numbers if len(numbers) == 4 else (numbers[0], numbers[1], numbers[3], numbers[4])
    ring = [[a1, b1], [a2, b1], [a2, b2], [a1, b2], [a1, b1]]
    return {"type": "Polygon", "coordinates": [ring]}


def _arity(op: str, args: list, count: int) -> list:
    if len(args) != count:
        raise InvalidFilter(f"Operator {op!r} in 'filter' takes {count} arguments, got {len(args)}.")
    return args


def _show(node: object) -> str:
    text = repr(node)
    return text if len(text) <= 60 else text[:57] + "..."
