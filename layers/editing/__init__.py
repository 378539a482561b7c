"""Changing the layers: the edits every write path makes (the OGC API's Part 4 views, the admin, and the paths to
come), checked through the access seam and recorded by the history in the edit's own transaction.

``inputs``: the properties of a write, checked; ``geometry``: a client's geometry in EPSG:4490, checked;
``sql``: the statements; ``services``: create, update (replace, merge patch), delete, revert, restore.
"""
