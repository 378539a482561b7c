"""Quoting for the few SQL texts built from the layer registry (identifiers and constant arguments of triggers and
tile statements); every value a request sends is a bound parameter instead."""
from __future__ import annotations


def quote_ident(name: str) -> str:
    """A SQL identifier, double-quoted (embedded quotes doubled, as ``psycopg2.sql.Identifier`` does)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A SQL string literal (single quotes doubled; standard_conforming_strings is on since PostgreSQL 9.1)."""
    return "'" + value.replace("'", "''") + "'"
