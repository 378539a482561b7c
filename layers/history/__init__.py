"""The history of every change to a layer, kept by the database in the edit's own transaction.

``layers_history`` holds one row per changed feature row: the layer, the feature id, its version (1, 2, ... per
feature), the operation, the transaction's timestamp and id, who (actor id and name) and through which path
(``api``, ``admin``, ``resnap``, ``import``; ``sql`` when nobody said), and the attributes (jsonb, every column
but the geometry, restricted fields included) and geometry (EPSG:4490) before and after. Statement-level
triggers write it (``sql/record.sql``, installed by ``triggers.py``: the migration ``layers.0007_history`` and
``manage.py history_triggers``), so no write path can escape it. Python code says who and why with
:func:`layers.history.context.history_context`; :mod:`layers.history.selectors` reads it.
"""
