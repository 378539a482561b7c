"""A report of the same class within 30 m and 24 h of an open case is linked to it (``duplicate_of``) and closed as
a duplicate at once, not counted as a second case; further, older, of another class or after the case closed it
is a case of its own."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case, CaseStep
from layers.models import Incident
from tests.cases.conftest import SEAT_GCJ02
from tests.cases.reports.conftest import event_body


def post(client, **overrides):
    answer = client.post("/api/reports", data=json.dumps(event_body(**overrides), ensure_ascii=False),
                         content_type="application/json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def near(metres_north: float) -> dict:
    return {"lon": SEAT_GCJ02[0], "lat": SEAT_GCJ02[1] + metres_north / 111_000, "crs": "GCJ02"}


def test_a_repeat_within_30_m_is_linked_to_the_open_case(client, db):
    first = post(client)
    again = post(client, location=near(20), description="又看到摊贩")
    assert again["case"] == {"id": again["id"], "state": "rejected", "duplicate_of": first["id"]}
    assert again["status"] == "closed" and first["case"]["duplicate_of"] is None
    case = Case.objects.get(pk=again["id"])
    assert case.reject_reason_id == "duplicate"
    step = CaseStep.objects.get(case=case)
    assert step.to_state == "rejected" and first["code"] in step.note
    assert Incident.objects.get(pk=again["id"]).status == "closed"
    assert list(Case.objects.get(pk=first["id"]).duplicates.values_list("pk", flat=True)) == [again["id"]]
    (request,) = client.get(f"/open311/v2/requests/{again['code']}.json").json()
    assert request["status"] == "closed" and "[duplicate]" in request["status_notes"]


@pytest.mark.parametrize("change", ["far", "other_class", "old", "closed"])
def test_otherwise_a_report_is_a_case_of_its_own(client, db, change):
    first = post(client)
    if change == "old":
        Incident.objects.filter(pk=first["id"]).update(reported_at=timezone.now() - timedelta(hours=25))
    if change == "closed":
        Case.objects.filter(pk=first["id"]).update(state="closed")
    overrides = {"far": {"location": near(45)}, "other_class": {"event_class": "0101"}}.get(change, {})
    again = post(client, **overrides)
    assert again["case"] == {"id": again["id"], "state": "reported", "duplicate_of": None}
    assert again["status"] == "reported"
