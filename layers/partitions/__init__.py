"""The standard layer tables in native PostgreSQL partitions by county code (a province on one machine).

Every code of a standard layer starts with its county's six-digit GB/T 2260 code, so each table is partitioned
``BY RANGE (code)``: one partition per county, ``<table>_<county>`` FROM (county) TO (county + 1), and a DEFAULT
partition ``<table>_default`` for codes of a county not added yet. Unique constraints on ``code`` and the foreign
keys that reference a layer by code stay as they are; the primary key becomes (id, code) in the database (Django
keeps ``id`` as the primary key of the model: ids still come from the table's own sequence and stay unique).

``sql/add_county.sql`` defines ``layers_add_county(county)``, which makes one county's partitions on every
partitioned layer table. :func:`partition_tables` converts tables in place (migrations ``layers.0013``, and
``layers.0015`` for incidents). Four tables reference incidents by id alone, which no foreign key can do once the
incidents are partitioned: ``references.py`` keeps those references by triggers (docs/scaling.md).
"""
from __future__ import annotations

from .convert import partition_tables
from .county import add_county, install_add_county

PARTITIONED_LAYERS = ("grids", "buildings", "addresses", "components", "incidents")
"""The layers whose tables are partitioned by county code: those behind pages, tiles and snaps, and incidents."""
PRUNED_LAYERS = ("grids", "buildings", "addresses", "components")
"""The partitioned layers a read with a bbox or a point may prune by county (``pruning.py``): those whose rows the
topology keeps inside the county of their code (grids by ``cover``, the others by ``inside_county``). Not incidents:
reports are numbered with the county they lie in, but no rule keeps an incident written by another path there."""
PARTITION_KEY = "code"


def partitioned_tables(layers: tuple[str, ...] = PARTITIONED_LAYERS) -> tuple[str, ...]:
    from layers.registry import get_layer  # not at import: the settings read this package's conf before apps load
    return tuple(get_layer(layer_id).table for layer_id in layers)


__all__ = ["PARTITIONED_LAYERS", "PARTITION_KEY", "PRUNED_LAYERS", "add_county", "install_add_county", "partition_tables",
           "partitioned_tables"]
