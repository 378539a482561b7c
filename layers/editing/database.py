"""A change the database refused, as the client's error: every constraint a write can break is translated here,
in one place (the statement's SQLSTATE and the key PostgreSQL names in its detail)."""
from __future__ import annotations

import json
import re

from django.db import IntegrityError

from layers.access import LayerView
from layers.registry import LAYERS
from web.errors import ApiError, Conflict, InvalidParameter

from .inputs import InvalidValue

_KEY = re.compile(r"Key \((?P<column>[^)]+)\)=\((?P<value>.*)\) (?P<rest>.*)")
_TABLE = re.compile(r'table "(?P<table>[^"]+)"')


class TopologyViolation(Conflict):
    """A write that would break a topology rule of the layers (``layers.topology``): the rule, the kind of breach
    (overlap, gap, outside), the features, the area in m² and the place (lon, lat, EPSG:4490)."""

    code = "TopologyViolation"

    def __init__(self, description: str, *, breach: dict):
        super().__init__(description, parameter="geometry")
        self.breach = breach

    def as_dict(self) -> dict:
        return {**super().as_dict(), "topology": self.breach}


def _breach(detail: str) -> dict | None:
    try:
        breach = json.loads(detail)
    except ValueError:
        return None
    return breach if isinstance(breach, dict) and "rule" in breach else None


def _layer_of_table(table: str) -> str:
    return next((layer.id for layer in LAYERS if layer.table == table), table)


def database_error(view: LayerView, error: IntegrityError) -> ApiError:
    """The 4xx of a change the database refused: a duplicate (409), a reference to nothing (400), a feature others
    refer to (409), a rule of the table (400); each names the property."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    detail = (getattr(diag, "message_detail", None) or "") if diag else ""
    pgcode = getattr(cause, "pgcode", None)
    key = _KEY.match(detail)
    column = key.group("column") if key else getattr(diag, "column_name", None)
    parameter = f"properties.{column}" if column else None
    if pgcode == "23505" and key:
        return Conflict(f"{column} {key.group('value')!r} exists already in collection {view.id!r}; codes are unique.",
                        parameter=parameter)
    if pgcode == "23503" and key:
        table = _TABLE.search(key.group("rest"))
        other = _layer_of_table(table.group("table")) if table else "another table"
        if "still referenced" in key.group("rest"):
            return Conflict(f"Features of {other} refer to this feature by {column} {key.group('value')!r}; change "
                            "them first.", parameter="featureId")
        return InvalidValue(f"{column} {key.group('value')!r} names nothing in {other}.", parameter=parameter)
    if pgcode == "23502":
        return InvalidValue(f"Property {column!r} may not be null.", parameter=parameter)
    if pgcode == "23514" and _breach(detail) is not None:
        message = getattr(diag, "message_primary", None) or "a topology rule is broken"
        return TopologyViolation(f"Refused: {message}.", breach=_breach(detail))
    if pgcode == "23514":
        constraint = getattr(diag, "constraint_name", None) or "a rule of the table"
        return InvalidValue(f"The feature breaks the rule {constraint} of collection {view.id!r}.",
                            parameter=parameter)
    return InvalidParameter(f"The database refused the change: {str(cause or error).splitlines()[0][:200]}.")
