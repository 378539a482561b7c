"""Fixtures of the dashboard tests: the evaluation's month of cases, with the incident times the loop would have set
(accepted_at at filing, closed_at at closing) and one open case past its deadline."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from layers.models import Incident
from tests.cases.evaluation.conftest import month  # noqa: F401  (fixture)


@pytest.fixture
def county_month(month):
    for case, steps in month.cases:
        times = {action: when for action, when, _ in steps}
        Incident.objects.filter(pk=case.pk).update(
            accepted_at=times.get("file", case.incident.accepted_at),
            closed_at=times.get("close") if case.state == "closed" else None)
    late = next(case for case, _ in month.cases if case.state == "dispatched")
    late.deadline_at = timezone.now() - timedelta(hours=1)
    late.save(update_fields=["deadline_at"])
    return month
