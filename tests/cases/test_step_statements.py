"""A step reads its case with one statement and writes it with one: the case document it answers with asks the
database nothing more, whether or not the case came with a report's details (a case opened from an incident that
came in another way has none)."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.backfill import cases_open_missing
from cases.models import Case, ReportDetail
from layers.models import Incident
from tests.accounts.conftest import bearer


def test_a_step_on_a_case_without_report_details_reads_nothing_more(client, account, act):
    incident = Incident.objects.exclude(pk__in=ReportDetail.objects.values("incident_id")).order_by("pk").first()
    assert incident is not None
    Case.objects.filter(pk=incident.pk).delete()
    cases_open_missing()
    token = account("shift_leader")[1]
    Case.objects.filter(pk=incident.pk).update(state="dispatched")
    etag = client.get(f"/api/cases/{incident.pk}", **bearer(token))["ETag"]
    with CaptureQueriesContext(connection) as queries:
        answer = act(token, incident.pk, "suspend", etag=etag)
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "suspended"
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in statements if ReportDetail._meta.db_table in s and "LEFT JOIN" not in s], statements
    touching_case = [s for s in statements if Case._meta.db_table in s]
    assert len(touching_case) == 2, touching_case  # the read (with its steps) and the write
