"""Performance evaluation of the case loop (GB/T 30428.4): filed, closed, closure, on-time and rework rates, mean
handling hours and patrol coverage per county, town, grid or department over a period, each set of figures one SQL
statement (``sql/evaluation.sql``), served at ``GET /api/evaluation``."""
