"""``layers_add_county(county)`` (``sql/add_county.sql``): one county's partitions on every partitioned layer table."""
from __future__ import annotations

from pathlib import Path

from .storage import install_fillfactors

ADD_COUNTY_SQL = Path(__file__).with_name("sql") / "add_county.sql"


def install_add_county(cursor) -> None:
    """(Re)define the function (and the fillfactors it gives new partitions, ``storage.py``); idempotent."""
    install_fillfactors(cursor)
    cursor.execute(ADD_COUNTY_SQL.read_text(encoding="utf-8"))


def add_county(cursor, county: str) -> int:
    """Make ``county``'s partitions on every partitioned layer table; return how many were new. Raises the
    database's error (invalid_parameter_value, object_not_in_prerequisite_state) as is."""
    cursor.execute("SELECT layers_add_county(%s)", [county])
    return int(cursor.fetchone()[0])
