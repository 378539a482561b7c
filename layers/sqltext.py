"""SQL text built from the layer registry: quoting for its identifiers and constant arguments (triggers, tile
statements), and :class:`Sql`, a piece of parameterised text (psycopg2 ``%s``) with its bound parameters, which the
selection builders (``layers.query``), WFS and tiles compose; every value a request sends is a bound parameter."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ALIAS = "t"
"""The alias of the layer's table in the statements of a selection (``FROM <table> AS t``)."""


def quote_ident(name: str) -> str:
    """A SQL identifier, double-quoted (embedded quotes doubled, as ``psycopg2.sql.Identifier`` does)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A SQL string literal (single quotes doubled; standard_conforming_strings is on since PostgreSQL 9.1)."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple = ()

    def __add__(self, other: Sql) -> Sql:
        return Sql(self.text + other.text, self.params + other.params)


def join(parts: Iterable[Sql], separator: str) -> Sql:
    parts = list(parts)
    return Sql(separator.join(part.text for part in parts), tuple(p for part in parts for p in part.params))


def column(name: str) -> str:
    """A column of the selection's table, aliased (``t."name"``)."""
    return f"{ALIAS}.{quote_ident(name)}"
