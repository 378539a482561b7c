"""Static SQL of the spatial package, one ``.sql`` file per concept.

``load("chinese_offsets")`` returns the text of ``chinese_offsets.sql`` (the
GCJ-02/BD-09 PostGIS functions) for a Django migration to execute with
``migrations.RunSQL``. Files are UTF-8 and every statement in them is
``CREATE OR REPLACE``, so running one again is safe.
"""

from __future__ import annotations

from importlib import resources


def available() -> list[str]:
    """Names (without ``.sql``) of the SQL files shipped in this package."""
    return sorted(
        p.name[: -len(".sql")] for p in resources.files(__name__).iterdir() if p.name.endswith(".sql")
    )


def load(name: str) -> str:
    """Return the text of ``spatial/sql/<name>.sql``; ``name`` may include the ``.sql`` suffix."""
    stem = name[: -len(".sql")] if name.endswith(".sql") else name
    resource = resources.files(__name__).joinpath(f"{stem}.sql")
    if "/" in stem or "\\" in stem or not resource.is_file():
        raise FileNotFoundError(f"No SQL file {stem!r} in spatial/sql; available: {', '.join(available())}.")
    return resource.read_text(encoding="utf-8")
