"""``manage.py cases_open_missing``: every incident without a case gets one, its state from the incident's status,
with one ``report`` step; a second run opens none."""
from __future__ import annotations

import io

from django.core.management import call_command

from cases.models import Case, CaseStep
from layers.models import Incident


def test_the_seed_opens_a_case_for_every_incident(db):
    assert Incident.objects.exists()
    assert not Incident.objects.filter(case__isnull=True).exists()


def test_incidents_without_cases_get_theirs_once(db):
    # incidents loaded beside the loop (by SQL, an older seed): their cases are gone, steps with them
    sample = list(Incident.objects.order_by("pk").values_list("pk", flat=True)[::7][:60])
    Case.objects.filter(pk__in=sample).delete()
    without = Incident.objects.filter(case__isnull=True)
    statuses = dict(without.values_list("pk", "status"))
    assert set(statuses) == set(sample)
    out = io.StringIO()
    call_command("cases_open_missing", stdout=out)
    assert out.getvalue().startswith(f"opened {len(statuses)} case(s)")
    states = dict(Case.objects.filter(pk__in=statuses).values_list("pk", "state"))
    expected = {"accepted": "filed", "resolved": "handled"}
    assert states == {pk: expected.get(status, status) for pk, status in statuses.items()}
    assert CaseStep.objects.filter(case_id__in=statuses, action="report").count() == len(statuses)
    again = io.StringIO()
    call_command("cases_open_missing", stdout=again)
    assert again.getvalue().startswith("opened 0 case(s)")
