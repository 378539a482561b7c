"""Located reports from mobile apps (``POST /api/reports``) and Open311 GeoReport v2 (``/open311/v2/``).

A report is snapped by ``layers.locate`` (grid, staff, town, community, nearest address, nearby components),
routed by CJ/T 214 (a component's problem to its owner, an event to its grid) and stored as ONE incident of the
incidents layer, so the feature API and the vector tiles show it at once. ``Idempotency-Key`` makes retries safe.

Modules: ``params`` and ``inputs`` (parsing and field checks), ``photos`` (magic bytes, staged files published on
commit), ``snapping`` (the boundary to ``layers.locate``), ``routing`` (the CJ/T 214 rule), ``services``
(``report_create``, ``report_submit``), ``idempotency``, ``documents`` (the 201 answer), ``selectors`` (reads for
Open311), ``open311/`` (its views, parsing and documents), ``openapi`` (fragments for the server document),
``command`` (``manage.py purge_idempotency_keys``), ``conf`` (``PINGDING_REPORTS_*`` settings).
"""
