"""The case loop over HTTP with tokens: a phone's report to closure through every role, the rework loop, rejection,
suspension, return and extension; what each answer says and what the database holds after it."""
from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection

from cases.worktime.hours import working_hours_between
from cases.models import Case, CaseStep
from layers.models import Incident
from tests.accounts.conftest import bearer
from tests.cases.conftest import on_site
from tests.cases.reports.conftest import data_file


def history_paths(incident_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT path FROM layers_history WHERE layer = 'incidents' AND feature_id = %s "
                       "ORDER BY version", [str(incident_id)])
        return [row[0] for row in cursor.fetchall()]


def test_phone_report_to_closure_through_every_role(client, phone_case, crew_for, act, photos_root, committing):
    incident = phone_case()
    crew = crew_for(incident)
    case_id = incident.pk
    assert Case.objects.get(pk=case_id).state == "reported"

    seen = client.get(f"/api/cases/{case_id}", **bearer(crew.operator))
    assert seen.status_code == 200
    assert seen.json()["state"] == "reported" and seen.json()["actions"] == ["file", "reject"]
    assert seen["ETag"] == f'"cases.{case_id}.1"'
    assert seen.json()["reporter"]["phone"] == "13903531234"

    assert act(crew.operator, case_id, "file", note="属实, 立案").json()["state"] == "filed"

    view = client.get(f"/api/cases/{case_id}", **bearer(crew.dispatcher)).json()
    town = incident.grid.town.name
    assert view["actions"] == ["dispatch", "suspend"] or view["actions"] == ["dispatch"]
    assert view["dispatch"]["suggested_department"] == town and view["dispatch"]["grid"] == incident.grid_id
    dispatched = act(crew.dispatcher, case_id, "dispatch").json()
    assert dispatched["state"] == "dispatched" and dispatched["department"] == town
    assert datetime.fromisoformat(dispatched["deadline_at"]) > datetime.fromisoformat(dispatched["updated_at"])

    assert act(crew.department, case_id, "accept").json()["state"] == "handling"
    with committing():
        fed_back = act(crew.department, case_id, "feed_back", note="已清理",
                       photos=[("after.jpg", data_file("photo_16px.jpg"), "image/jpeg")])
    assert fed_back.status_code == 200, fed_back.content
    photo = fed_back.json()["steps"][-1]["photos"][0]
    assert (photos_root / photo["path"]).is_file() and photo["content_type"] == "image/jpeg"

    verified = act(crew.grid_member, case_id, "verify", location=on_site())
    assert verified.status_code == 200, verified.content
    assert verified.json()["steps"][-1]["distance_m"] < 1.0

    closed = act(crew.shift_leader, case_id, "close", note="结案")
    assert closed.status_code == 200 and closed.json()["state"] == "closed" and closed.json()["actions"] == []
    assert closed["ETag"] == f'"cases.{case_id}.7"'

    steps = CaseStep.objects.filter(case_id=case_id).order_by("at", "id")
    assert [(s.action, s.from_state, s.to_state, s.role) for s in steps] == [
        ("report", "", "reported", ""),
        ("file", "reported", "filed", "operator"),
        ("dispatch", "filed", "dispatched", "dispatcher"),
        ("accept", "dispatched", "handling", "department"),
        ("feed_back", "handling", "handled", "department"),
        ("verify", "handled", "verified", "grid_member"),
        ("close", "verified", "closed", "shift_leader"),
    ]
    assert all(s.actor_id is not None for s in steps[1:])
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None and incident.accepted_at is not None
    assert history_paths(case_id)[0] == "report" and set(history_paths(case_id)[1:]) == {"case"}

    leader = client.get(f"/api/cases/{case_id}", **bearer(crew.leader)).json()
    assert leader["state"] == "closed" and leader["actions"] == []


def test_rework_sends_the_case_back_to_the_department(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    for token, action in ((crew.operator, "file"), (crew.dispatcher, "dispatch"), (crew.department, "accept"),
                          (crew.department, "feed_back")):
        assert act(token, incident.pk, action).status_code == 200
    reopened = act(crew.shift_leader, incident.pk, "reopen", note="现场仍有摊贩")
    assert reopened.json()["state"] == "dispatched"
    assert Incident.objects.get(pk=incident.pk).status == "dispatched"
    for token, action, kwargs in ((crew.department, "accept", {}), (crew.department, "feed_back", {}),
                                  (crew.grid_member, "verify", {"location": on_site()})):
        assert act(token, incident.pk, action, **kwargs).status_code == 200
    assert act(crew.shift_leader, incident.pk, "reopen").json()["state"] == "dispatched"
    actions = list(CaseStep.objects.filter(case_id=incident.pk).values_list("action", flat=True))
    assert actions.count("reopen") == 2 and actions.count("feed_back") == 2


def test_reject_needs_a_reason_of_the_filing_standard(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    missing = act(crew.operator, incident.pk, "reject")
    assert missing.status_code == 422 and missing.json()["parameter"] == "reason"
    assert "duplicate" in missing.json()["description"]
    assert Case.objects.get(pk=incident.pk).state == "reported"
    rejected = act(crew.operator, incident.pk, "reject", reason="duplicate", note="与上一条重复")
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "rejected" and rejected.json()["reject_reason"] == "duplicate"
    assert Incident.objects.get(pk=incident.pk).status == "closed"


def test_department_returns_a_wrongly_dispatched_case(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    act(crew.operator, incident.pk, "file")
    act(crew.dispatcher, incident.pk, "dispatch")
    returned = act(crew.department, incident.pk, "return", note="不属于本单位")
    assert returned.status_code == 200 and returned.json()["state"] == "filed"
    again = act(crew.dispatcher, incident.pk, "dispatch", department="县市政公用事业服务中心")
    assert again.json()["department"] == "县市政公用事业服务中心"
    assert client.get(f"/api/cases/{incident.pk}", **bearer(crew.department)).status_code == 404
    assert client.get(f"/api/cases/{incident.pk}", **bearer(crew.other_department)).status_code == 200


def test_an_urgent_case_is_handled_on_the_urgent_limit(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    assert act(crew.operator, incident.pk, "file", urgency="urgent").json()["urgency"] == "urgent"
    dispatched = act(crew.dispatcher, incident.pk, "dispatch").json()
    limit = working_hours_between(datetime.fromisoformat(dispatched["updated_at"]),
                                  datetime.fromisoformat(dispatched["deadline_at"]))
    assert limit == pytest.approx(4, abs=1e-3)  # working hours on the default calendar
    assert act(crew.operator, incident.pk, "file", urgency="soon").json()["parameter"] == "urgency"


def test_suspend_resumes_to_the_state_it_left_and_extend_moves_the_deadline(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    act(crew.operator, incident.pk, "file")
    before = act(crew.dispatcher, incident.pk, "dispatch").json()["deadline_at"]
    extended = act(crew.shift_leader, incident.pk, "extend", hours=24, note="需协调")
    assert extended.json()["state"] == "dispatched"
    moved = working_hours_between(datetime.fromisoformat(before),
                                  datetime.fromisoformat(extended.json()["deadline_at"]))
    assert moved == pytest.approx(24, abs=1e-3)
    suspended = act(crew.shift_leader, incident.pk, "suspend").json()
    assert suspended["state"] == "suspended" and suspended["suspended_from"] == "dispatched"
    assert suspended["actions"] == ["resume"]
    assert act(crew.shift_leader, incident.pk, "resume").json()["state"] == "dispatched"
