"""Foreign keys into a partitioned layer table by a column other than the partition key, kept by triggers.

A partitioned table's unique keys must hold the partition key, so ``layers_incident`` (partitioned by ``code``) has
no unique key on ``id`` alone and no foreign key can reference it by ``id``. :func:`replace_foreign_keys` reads each
such constraint from the catalog, drops it and installs triggers (``sql/references.sql``) that keep its behaviour:

- the referencing row's value must exist: a row-level CONSTRAINT TRIGGER on insert and on a change of the column,
  deferred as the constraint was, calling a function made for that reference (``<constraint>_check``, static SQL);
  SQLSTATE 23503 with the constraint's name and PostgreSQL's own wording;
- on delete of referenced rows, the constraint's action (CASCADE, SET NULL, RESTRICT): one statement-level trigger
  with the deleted rows' transition table, set-based, at the end of the deleting statement as a foreign key's;
- on a change of the referenced column, ON UPDATE NO ACTION: a row-level CONSTRAINT TRIGGER, deferred as it was;
- on TRUNCATE of the referenced table, the referencing table emptied too, as TRUNCATE ... CASCADE did.

The referencing column keeps an index (the foreign key's Django index, or one made here). Django's model state is
unchanged: its ForeignKeys stay, only the database enforces them differently.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layers.sqltext import quote_ident, quote_literal

REFERENCES_SQL = Path(__file__).with_name("sql") / "references.sql"
ON_DELETE = {"c": "cascade", "n": "set null", "r": "restrict"}


@dataclass(frozen=True)
class Reference:
    """One former foreign key: ``table.column`` -> ``referenced.referenced_column``."""

    constraint: str
    table: str
    column: str
    key: str  # the referencing table's primary key column: finds the row again at a deferred check
    referenced: str
    referenced_column: str
    on_delete: str  # 'cascade' | 'set null' | 'restrict'
    deferrable: bool
    deferred: bool

    @property
    def timing(self) -> str:
        if not self.deferrable:
            return "NOT DEFERRABLE"
        return f"DEFERRABLE INITIALLY {'DEFERRED' if self.deferred else 'IMMEDIATE'}"


def install_reference_functions(cursor) -> None:
    """(Re)define the trigger functions; idempotent."""
    cursor.execute(REFERENCES_SQL.read_text(encoding="utf-8"))


def foreign_keys_into(cursor, referenced: str, *, column: str) -> list[Reference]:
    """The single-column foreign keys referencing ``referenced.column``. Raises ValueError for one whose actions
    the triggers do not keep (ON DELETE SET DEFAULT, deferred ON DELETE NO ACTION, ON UPDATE other than NO ACTION)."""
    cursor.execute(
        "SELECT c.conname, c.conrelid::regclass::text, a.attname, k.attname, c.confdeltype, c.confupdtype,"
        " c.condeferrable, c.condeferred FROM pg_constraint AS c"
        " JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " JOIN pg_attribute AS r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]"
        " JOIN pg_constraint AS p ON p.conrelid = c.conrelid AND p.contype = 'p' AND cardinality(p.conkey) = 1"
        " JOIN pg_attribute AS k ON k.attrelid = c.conrelid AND k.attnum = p.conkey[1]"
        " WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND cardinality(c.conkey) = 1 AND r.attname = %s"
        " ORDER BY c.conname", [quote_ident(referenced), column])
    references = []
    for name, table, own, key, on_delete, on_update, deferrable, deferred in cursor.fetchall():
        if on_delete == "a" and not deferrable:
            on_delete = "r"  # NO ACTION checked at the end of the statement is RESTRICT
        if on_delete not in ON_DELETE or on_update not in ("a", "r"):
            raise ValueError(f"{table}.{name}: ON DELETE {on_delete!r} / ON UPDATE {on_update!r} is not kept by"
                             " the reference triggers")
        references.append(Reference(name, table, own, key, referenced, column, ON_DELETE[on_delete],
                                    bool(deferrable), bool(deferred)))
    return references


def check_function_sql(ref: Reference) -> str:
    """``"<constraint>_check"()``: the referencing side's check of ``ref``, its tables and columns written in."""
    table, column, key = quote_ident(ref.table), quote_ident(ref.column), quote_ident(ref.key)
    refuse_args = ", ".join(quote_literal(v) for v in (ref.constraint, ref.table, ref.column, ref.referenced))
    return f"""CREATE OR REPLACE FUNCTION {quote_ident(ref.constraint + '_check')}() RETURNS trigger
LANGUAGE plpgsql AS $check$
BEGIN
    PERFORM 1 FROM {table} AS t WHERE t.{key} = NEW.{key} AND t.{column} = NEW.{column};
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM {quote_ident(ref.referenced)} AS r WHERE r.{quote_ident(ref.referenced_column)} = NEW.{column}
        FOR KEY SHARE;
    IF NOT FOUND THEN
        PERFORM layers_reference_refuse({refuse_args}, NEW.{column}::text);
    END IF;
    RETURN NULL;
END
$check$"""


def trigger_sql(ref: Reference) -> list[str]:
    """The check function and the triggers standing for ``ref``, each named after the constraint."""
    name, table, column = ref.constraint, quote_ident(ref.table), quote_ident(ref.column)
    referenced, referenced_column = quote_ident(ref.referenced), quote_ident(ref.referenced_column)
    check_args = ", ".join(quote_literal(v) for v in (name, ref.column, ref.referenced))
    check = f"{quote_ident(name + '_check')}({check_args})"
    delete_args = ", ".join(quote_literal(v) for v in (name, ref.table, ref.column, ref.on_delete,
                                                         ref.referenced_column))
    update_args = ", ".join(quote_literal(v) for v in (name, ref.table, ref.column, ref.referenced,
                                                         ref.referenced_column))
    return [
        check_function_sql(ref),
        f"CREATE CONSTRAINT TRIGGER {quote_ident(name + '_insert')} AFTER INSERT ON {table} {ref.timing}"
        f" FOR EACH ROW WHEN (NEW.{column} IS NOT NULL) EXECUTE FUNCTION {check}",
        f"CREATE CONSTRAINT TRIGGER {quote_ident(name + '_update')} AFTER UPDATE OF {column} ON {table} {ref.timing}"
        f" FOR EACH ROW WHEN (NEW.{column} IS NOT NULL AND NEW.{column} IS DISTINCT FROM OLD.{column})"
        f" EXECUTE FUNCTION {check}",
        f"CREATE TRIGGER {quote_ident(name + '_on_delete')} AFTER DELETE ON {referenced}"
        f" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
        f" EXECUTE FUNCTION layers_reference_on_delete({delete_args})",
        f"CREATE TRIGGER {quote_ident(name + '_on_truncate')} AFTER TRUNCATE ON {referenced} FOR EACH STATEMENT"
        f" EXECUTE FUNCTION layers_reference_on_truncate({quote_literal(name)}, {quote_literal(ref.table)})",
        f"CREATE CONSTRAINT TRIGGER {quote_ident(name + '_on_update')} AFTER UPDATE OF {referenced_column}"
        f" ON {referenced} {ref.timing} FOR EACH ROW"
        f" WHEN (OLD.{referenced_column} IS DISTINCT FROM NEW.{referenced_column})"
        f" EXECUTE FUNCTION layers_reference_on_update({update_args})",
    ]


def _ensure_index(cursor, ref: Reference) -> None:
    cursor.execute("SELECT 1 FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid"
                   " AND a.attnum = i.indkey[0] WHERE i.indrelid = %s::regclass AND a.attname = %s",
                   [quote_ident(ref.table), ref.column])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE INDEX {quote_ident(ref.constraint + '_idx')} ON {quote_ident(ref.table)}"
                       f" ({quote_ident(ref.column)})")


def drop_foreign_keys(cursor, references: list[Reference]) -> None:
    for ref in references:
        cursor.execute(f"ALTER TABLE {quote_ident(ref.table)} DROP CONSTRAINT {quote_ident(ref.constraint)}")


def add_reference_triggers(cursor, references: list[Reference]) -> None:
    """Install the functions, keep an index on each referencing column, make each reference's triggers."""
    install_reference_functions(cursor)
    for ref in references:
        _ensure_index(cursor, ref)
        for statement in trigger_sql(ref):
            cursor.execute(statement)
