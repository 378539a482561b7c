"""Open311 GeoReport v2 at ``/open311/v2/`` (JSON only): the services (event classes ``E…`` and component classes
``C…``), posting a service request (which creates a report, as ``POST /api/reports`` does) and reading requests
back, with the spec's filters and error format ``[{"code": 404, "description": "..."}]``.
Spec: https://wiki.open311.org/GeoReport_v2/
"""
