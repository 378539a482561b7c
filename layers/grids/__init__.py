"""Grid re-division: merge grids into one, split one into several (``services``), over the API (``views``) and the
admin (``layers.admin``), and the report of what moved (``report``).

Each operation is ONE transaction of ordinary edits of the grids layer (``layers.editing``, deferred), so the
history records every grid retired and created and the grid cover (``layers.topology``) is judged once, at the end;
the features inside are re-snapped in the same transaction (``layers.locate.bulk.resnap_within``) and the accounts
assigned to a retired grid take the new codes.
"""
