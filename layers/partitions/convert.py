"""Convert plain layer tables in place into tables partitioned by range of ``code``, keeping everything that hung
on them: columns, NOT NULLs, defaults and checks (``LIKE``), the identity and the position of its sequence, unique
constraints (the primary key widened to (id, code)), every index (made on the parent, so each partition gets its
own), the foreign keys out of and into them, their triggers and their grants.

All of it is read from the catalog before anything changes, then replayed: the old table is renamed, the
partitioned one made under its name with one partition per county its rows hold (plus ``extra_counties`` and a
DEFAULT), the rows copied, the old table dropped, and the captured definitions re-created. One transaction (the
migration's). Views or SQL functions reading the tables by name keep working (functions resolve names at run time;
the tables have no views).
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.sqltext import quote_ident, quote_literal

from .county import add_county, install_add_county

KEY = "code"


@dataclass(frozen=True)
class Captured:
    """What hangs on one table, as SQL to replay on its partitioned successor."""

    table: str
    unique: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, 'p' | 'u', columns)
    indexes: tuple[str, ...]
    triggers: tuple[str, ...]
    grants: tuple[tuple[str, str], ...]  # (privilege, grantee)
    identity: tuple[str, str, int, bool] | None  # (column, sequence, last_value, is_called)


def _capture(cursor, table: str) -> Captured:
    regclass = quote_ident(table)
    cursor.execute(
        "SELECT c.conname, c.contype, array_agg(a.attname::text ORDER BY k.ord) FROM pg_constraint AS c"
        " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
        " JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
        " WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u', 'x') GROUP BY c.conname, c.contype"
        " ORDER BY c.contype, c.conname", [regclass])
    unique = tuple((name, kind, tuple(columns)) for name, kind, columns in cursor.fetchall())
    if any(kind == "x" for _, kind, _ in unique):
        raise ValueError(f"{table} has an exclusion constraint; a partitioned table cannot keep it")
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index AS i WHERE i.indrelid = %s::regclass AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint AS c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)"
        " ORDER BY i.indexrelid::regclass::text", [regclass])
    indexes = tuple(row[0] for row in cursor.fetchall())
    cursor.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal"
                   " ORDER BY tgname", [regclass])
    triggers = tuple(row[0] for row in cursor.fetchall())
    cursor.execute(
        "SELECT privilege_type, grantee FROM information_schema.role_table_grants"
        " WHERE table_schema = current_schema() AND table_name = %s AND grantee <> grantor ORDER BY 1, 2", [table])
    grants = tuple(cursor.fetchall())
    return Captured(table, unique, indexes, triggers, grants, _identity(cursor, table))


def _identity(cursor, table: str) -> tuple[str, str, int, bool] | None:
    cursor.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attidentity <> ''",
                   [quote_ident(table)])
    row = cursor.fetchone()
    if row is None:
        return None
    column = row[0]
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote_ident(table), column])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    last_value, is_called = cursor.fetchone()
    return column, sequence, int(last_value), bool(is_called)


def _foreign_keys(cursor, tables: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of every foreign key out of or into ``tables`` (not the clones PostgreSQL makes
    per partition of a partitioned table referenced, which come back with their parent)."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
        " AND conparentid = 0 AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[])) ORDER BY 1, 2",
        [[quote_ident(t) for t in tables]] * 2)
    return cursor.fetchall()


def _counties(cursor, tables: tuple[str, ...]) -> set[str]:
    union = " UNION ".join(f"SELECT DISTINCT left({KEY}, 6) FROM {quote_ident(t)}" for t in tables)
    cursor.execute(union)
    return {row[0] for row in cursor.fetchall()}


def _unique_sql(captured: Captured) -> list[str]:
    statements = []
    for name, kind, columns in captured.unique:
        if kind == "p" and KEY not in columns:
            columns = (*columns, KEY)
        if KEY not in columns:
            raise ValueError(f"{captured.table}: unique constraint {name} on {columns} leaves out the partition key")
        clause = "PRIMARY KEY" if kind == "p" else "UNIQUE"
        statements.append(f"ALTER TABLE {quote_ident(captured.table)} ADD CONSTRAINT {quote_ident(name)} "
                          f"{clause} ({', '.join(quote_ident(c) for c in columns)})")
    return statements


def _identity_sql(captured: Captured) -> list[str]:
    if captured.identity is None:
        return []
    column, sequence, last_value, is_called = captured.identity
    table = quote_ident(captured.table)
    return [
        f"ALTER TABLE {table} ALTER COLUMN {quote_ident(column)} ADD GENERATED BY DEFAULT AS IDENTITY"
        f" (SEQUENCE NAME {sequence})",
        f"SELECT setval({quote_literal(sequence)}, {last_value}, {'true' if is_called else 'false'})",
    ]


def _replay_sql(captured: Captured) -> list[str]:
    table = quote_ident(captured.table)
    return [
        *_identity_sql(captured),
        *_unique_sql(captured),
        *captured.indexes,
        *captured.triggers,
        *(f"GRANT {privilege} ON {table} TO {grantee if grantee == 'PUBLIC' else quote_ident(grantee)}"
          for privilege, grantee in captured.grants),
    ]


def partition_tables(cursor, tables: tuple[str, ...], *, extra_counties: tuple[str, ...] = ()) -> set[str]:
    """Partition ``tables`` by range of ``code`` in place (see the module docstring); return the counties whose
    partitions were made. Run it inside one transaction."""
    captured = [_capture(cursor, table) for table in tables]
    foreign_keys = _foreign_keys(cursor, tables)
    counties = _counties(cursor, tables) | set(extra_counties)
    for table in tables:
        old = quote_ident(f"{table}__unpartitioned")
        cursor.execute(f"ALTER TABLE {quote_ident(table)} RENAME TO {old}")
        cursor.execute(f"CREATE TABLE {quote_ident(table)} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
                       f" INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({KEY})")
    install_add_county(cursor)
    for county in sorted(counties):
        add_county(cursor, county)
    for table in tables:
        cursor.execute(f"CREATE TABLE {quote_ident(table + '_default')} PARTITION OF {quote_ident(table)} DEFAULT")
        cursor.execute("SELECT layers_serial_partition(%s::regclass)", [quote_ident(table + '_default')])
        cursor.execute(f"INSERT INTO {quote_ident(table)} SELECT * FROM {quote_ident(table + '__unpartitioned')}")
    for table in tables:
        cursor.execute(f"DROP TABLE {quote_ident(table + '__unpartitioned')} CASCADE")
    for item in captured:
        for statement in _replay_sql(item):
            cursor.execute(statement)
    for table, name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote_ident(name)} {definition}")
    for table in tables:
        for suffix in (*sorted(counties), "default"):
            cursor.execute("SELECT layers_name_partition_indexes(%s::regclass, %s)",
                           [quote_ident(f"{table}_{suffix}"), suffix])
    for table in tables:
        # Fresh tables have no statistics, and autovacuum never analyses a partitioned parent.
        cursor.execute(f"ANALYZE {quote_ident(table)}")
    return counties
