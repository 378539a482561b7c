"""The fillfactor of each partitioned layer table's partitions: room left on every page for the new versions of its
rows, so that an update changing no indexed column (an attribute re-survey: state, dates, departments) stays on its
page and writes no index entry, a HOT update. Measured on the 74,173 components (eight indexes), one UPDATE of two
unindexed columns of every row: 1.5 s on full pages, 0.3 s at fillfactor 50, every row HOT.

The surveyed layers get 50: a whole layer re-surveyed at once (an import, a bulk edit in QGIS) finds room for every
row's new version, at twice the pages (17 MB of components become 35 MB; reads by index touch the same number of
rows). Incidents get 90: they grow by reports and change a few at a time (their state is not indexed).
``layers_partition_fillfactor(parent)`` (made here from this table) is what ``layers_partition_storage(part)``
(``sql/add_county.sql``) sets on each partition ``layers_add_county`` makes; migration ``layers.0017`` set and
rewrote the partitions that existed."""
from __future__ import annotations

from psycopg2 import sql

FILLFACTORS = {"grids": 50, "buildings": 50, "addresses": 50, "components": 50, "incidents": 90}
"""Fillfactor per partitioned layer (``PARTITIONED_LAYERS``); a table not named keeps PostgreSQL's 100."""


def install_fillfactors(cursor) -> None:
    """(Re)define ``layers_partition_fillfactor(parent regclass)`` from :data:`FILLFACTORS` (tables named by the
    registry); idempotent."""
    from layers.registry import get_layer  # not at import: the settings read this package's conf before apps load

    pairs = sql.SQL(", ").join(sql.SQL("({}, {})").format(sql.Literal(get_layer(layer_id).table), sql.Literal(fill))
                               for layer_id, fill in sorted(FILLFACTORS.items()))
    cursor.execute(sql.SQL(
        "CREATE OR REPLACE FUNCTION layers_partition_fillfactor(parent regclass) RETURNS integer"
        " LANGUAGE sql STABLE AS $$ SELECT coalesce((SELECT v.fill FROM (VALUES {}) AS v(tbl, fill)"
        " WHERE v.tbl = parent::text), 100) $$").format(pairs))
