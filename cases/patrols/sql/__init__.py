"""The patrols' SQL statements, kept in the ``.sql`` files beside this module. Table names come from the models
(``{grid}``, ``{admin}``, ``{track}``, ``{road}``, ``{user}``,
``{coverage}``, ``{gridroads}``); every value is a bound parameter (``%(name)s``)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _tables() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from layers.models import AdminArea, Grid

    from ..models import Coverage, GridRoads, Road, Track

    return {"grid": Grid._meta.db_table, "admin": AdminArea._meta.db_table, "track": Track._meta.db_table,
            "road": Road._meta.db_table, "user": get_user_model()._meta.db_table,
            "coverage": Coverage._meta.db_table, "gridroads": GridRoads._meta.db_table}


@cache
def statement(name: str) -> str:
    """The text of ``<name>.sql`` with its table names filled in."""
    return (HERE / f"{name}.sql").read_text().format(**_tables())
