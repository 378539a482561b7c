"""Bad steps on the case loop: each a JSON 4xx naming the cause, and nothing of the step applied."""
from __future__ import annotations

import json

import pytest
from django.test import override_settings

from cases.models import Case, CaseStep
from layers.models import Incident
from tests.accounts.conftest import bearer
from tests.cases.conftest import on_site


def unchanged(case_id: int, state: str, steps: int) -> None:
    case = Case.objects.get(pk=case_id)
    assert (case.state, CaseStep.objects.filter(case_id=case_id).count()) == (state, steps)


def test_a_state_that_does_not_allow_the_action_is_409_naming_state_and_allowed(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    answer = act(crew.shift_leader, incident.pk, "close")
    assert answer.status_code == 409
    error = answer.json()
    assert error["code"] == "ActionNotAllowedInState" and error["parameter"] == "action"
    assert "reported" in error["description"] and "file, reject" in error["description"]
    unchanged(incident.pk, "reported", 1)


def test_a_role_that_may_not_take_the_step_is_403(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    answer = act(crew.dispatcher, incident.pk, "file")
    assert answer.status_code == 403 and answer.json()["code"] == "RoleMayNotAct"
    assert "operator" in answer.json()["description"]
    unchanged(incident.pk, "reported", 1)


@pytest.mark.parametrize("action", ["close_now", "", 7, None])
def test_an_unknown_action_is_400(phone_case, crew_for, act, action):
    incident = phone_case()
    crew = crew_for(incident)
    answer = act(crew.operator, incident.pk, action)
    assert answer.status_code == 400
    assert answer.json()["code"] == "UnknownAction" and answer.json()["parameter"] == "action"


def test_a_case_out_of_scope_is_404_on_read_and_on_step(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    assert client.get(f"/api/cases/{incident.pk}", **bearer(crew.other_grid_member)).status_code == 404
    assert client.get(f"/api/cases/{incident.pk}", **bearer(crew.department)).status_code == 404  # not dispatched
    answer = act(crew.other_grid_member, incident.pk, "verify", etag=f'"cases.{incident.pk}.1"', location=on_site())
    assert answer.status_code == 404 and answer.json()["code"] == "CaseNotFound"
    assert client.get("/api/cases/999999999", **bearer(crew.operator)).status_code == 404


def handled(incident, crew, act) -> None:
    for token, action in ((crew.operator, "file"), (crew.dispatcher, "dispatch"), (crew.department, "accept"),
                          (crew.department, "feed_back")):
        assert act(token, incident.pk, action).status_code == 200


def test_verification_without_location_or_too_far_is_422(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    handled(incident, crew, act)
    without = act(crew.grid_member, incident.pk, "verify")
    assert without.status_code == 422 and without.json()["parameter"] == "location"
    far = act(crew.grid_member, incident.pk, "verify", location=on_site(lat=37.7961 + 0.001))  # ~111 m north
    assert far.status_code == 422 and far.json()["code"] == "VerificationTooFar"
    assert "50 m" in far.json()["description"]
    unchanged(incident.pk, "handled", 5)
    with override_settings(PINGDING_CASES_VERIFY_DISTANCE_M=200.0):
        assert act(crew.grid_member, incident.pk, "verify", location=on_site(lat=37.7961 + 0.001)).status_code == 200


def test_if_match_is_required_and_a_stale_one_is_412(client, phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    body = json.dumps({"action": "file"})
    missing = client.post(f"/api/cases/{incident.pk}/actions", data=body, content_type="application/json",
                          **bearer(crew.operator))
    assert missing.status_code == 428 and missing.json()["parameter"] == "If-Match"
    stale_tag = f'"cases.{incident.pk}.1"'
    assert act(crew.operator, incident.pk, "file", etag=stale_tag).status_code == 200
    stale = act(crew.dispatcher, incident.pk, "dispatch", etag=stale_tag)
    assert stale.status_code == 412 and stale["ETag"] == f'"cases.{incident.pk}.2"'
    unchanged(incident.pk, "filed", 2)


def test_bad_bodies_name_the_field(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    assert act(crew.operator, incident.pk, "file", colour="red").json()["parameter"] == "colour"
    bad_location = act(crew.operator, incident.pk, "file", location={"lon": "east", "lat": 37.8})
    assert bad_location.status_code == 400 and bad_location.json()["parameter"] == "location.lon"
    assert act(crew.shift_leader, incident.pk, "extend", hours=-1).json()["parameter"] == "hours"
    unchanged(incident.pk, "reported", 1)


def test_reading_cases_needs_a_role_of_the_loop(client, account):
    assert client.get("/api/cases").status_code == 401
    _, editor = account("gis_editor")
    answer = client.get("/api/cases", **bearer(editor))
    assert answer.status_code == 403 and answer.json()["parameter"] == "Authorization"


def test_a_failed_step_changes_neither_case_nor_incident(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    act(crew.operator, incident.pk, "file")
    assert act(crew.dispatcher, incident.pk, "dispatch", location={"lon": 200, "lat": 37.8}).status_code == 400
    assert Incident.objects.get(pk=incident.pk).status == "accepted"
    unchanged(incident.pk, "filed", 2)


def test_a_step_whose_statement_fails_leaves_nothing(phone_case, crew_for, act, monkeypatch):
    """The step row cannot be written (its table named wrong): the case's UPDATE in the same statement is undone."""
    from django.db import DatabaseError, transaction

    from accounts.principal import Principal
    from cases import services, step_sql

    incident = phone_case()
    monkeypatch.setattr(step_sql, "_MOVE", step_sql._MOVE.replace("INSERT INTO {step}", "INSERT INTO no_such_table"))
    operator = Principal(user_id=None, roles={"operator"})
    with pytest.raises(DatabaseError), transaction.atomic():
        services.case_act(case_id=incident.pk, principal=operator, step=services.StepInput(action="file"),
                          versions=frozenset({1}))
    case = Case.objects.get(pk=incident.pk)
    assert (case.state, case.version) == ("reported", 1)
    assert Incident.objects.get(pk=incident.pk).status == "reported"
    assert CaseStep.objects.filter(case=case).count() == 1


def test_a_case_moved_while_the_step_was_checked_is_a_412(phone_case, monkeypatch):
    from accounts.principal import Principal
    from cases import services
    from web.errors import PreconditionFailed

    incident = phone_case()
    checked = services._check_needs

    def meanwhile(**kwargs):
        Case.objects.filter(pk=incident.pk).update(version=2)  # another step landed after the read
        return checked(**kwargs)

    monkeypatch.setattr(services, "_check_needs", meanwhile)
    operator = Principal(user_id=None, roles={"operator"})
    with pytest.raises(PreconditionFailed) as refused:
        services.case_act(case_id=incident.pk, principal=operator, step=services.StepInput(action="file"),
                          versions=frozenset({1}))
    assert refused.value.headers["ETag"] == f'"cases.{incident.pk}.2"'
    assert CaseStep.objects.filter(case_id=incident.pk).count() == 1


def test_a_step_with_photos_that_fails_publishes_no_file(phone_case, crew_for, act, monkeypatch, photos_root,
                                                         committing):
    from cases import step_sql
    from tests.cases.reports.conftest import data_file

    incident = phone_case()
    crew = crew_for(incident)
    for token, action in ((crew.operator, "file"), (crew.dispatcher, "dispatch"), (crew.department, "accept")):
        act(token, incident.pk, action)
    etag = f'"cases.{incident.pk}.4"'
    monkeypatch.setattr(step_sql, "_MOVE", step_sql._MOVE.replace("WHERE incident_id = %(case_id)s",
                                                                  "WHERE incident_id = -%(case_id)s"))
    with committing():
        answer = act(crew.department, incident.pk, "feed_back", etag=etag,
                     photos=[("after.jpg", data_file("photo_16px.jpg"), "image/jpeg")])
    assert answer.status_code == 412
    files = [p for p in photos_root.rglob("*") if p.is_file()] if photos_root.exists() else []
    assert files == []
    unchanged(incident.pk, "handling", 4)
