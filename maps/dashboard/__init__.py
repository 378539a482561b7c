"""The county's one-screen dashboard (一屏观全城) at ``/dashboard/``: open cases by state and overdue, a heat map of
cases, closure rate per grid, the departments' table and the trend, from ``GET /api/dashboard`` (one SQL statement,
``sql/figures.sql``), polled by the page."""
