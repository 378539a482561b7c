"""Cases: report intake and Open311 (``reports/``) and the county centre's case loop over the grid.

A report becomes an incident of the incidents layer and, with the same id, a case (``models``) in state
``reported``; the loop is one transition table (``loop``), its steps written by ``services`` (one statement,
``step_sql``) and read by ``selectors`` (a step's own read: ``case_sql``), who reads what by ``scope``, where a case
goes by ``dispatch`` (the admin's rules), its limits by ``deadlines`` (working hours on ``worktime``, the
calendar kept by ``calendar_cache``), escalation past them by ``escalation`` (the job kind ``escalate`` in ``jobs``),
repeated reports by ``duplicates``; the API in ``views`` / ``params`` / ``documents`` / ``openapi`` under ``/api/cases``.
"""
