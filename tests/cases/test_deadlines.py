"""Time limits on the working-hours calendar: the default calendar of the worktime migrations (08:30-12:00 and
14:30-17:30 Monday to Friday, the 2023 holidays and 调休), with fixed clocks across a weekend and a holiday."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.deadlines import deadline_after, deadline_for, limit_hours
from cases.worktime.models import Holiday, TimeLimit, WorkCalendar

CST = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CST)


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "hours", "deadline"), [
    (at(2023, 5, 26, 16, 0), 16.0, at(2023, 5, 31, 10, 0)),   # Friday 1.5 h, Monday and Tuesday 6.5 h each, 1.5 h
    (at(2023, 5, 27, 9, 0), 1.0, at(2023, 5, 29, 9, 30)),     # a Saturday report waits for Monday
    (at(2023, 4, 28, 16, 0), 4.0, at(2023, 5, 4, 11, 0)),     # 劳动节 29 April - 3 May has no working hours
    (at(2023, 5, 5, 17, 0), 1.0, at(2023, 5, 6, 9, 0)),       # Saturday 6 May is a working day (调休)
])
def test_deadline_after_counts_working_hours(start, hours, deadline):
    assert deadline_after(start, hours) == deadline


@pytest.mark.django_db
def test_handling_limit_follows_the_class_and_urgency():
    assert limit_hours("handle") == 16.0                                   # the seeded "any class" normal limit
    assert limit_hours("handle", urgency="urgent") == 4.0
    assert limit_hours("handle", event_class="0501") == 4.0               # an emergency runs on the urgent limit
    TimeLimit.objects.create(major_code="01", minor_code="02", urgency="normal", working_hours=2.0)
    TimeLimit.objects.create(major_code="01", minor_code="", urgency="normal", working_hours=8.0)
    assert limit_hours("handle", event_class="0102") == 2.0
    assert limit_hours("handle", event_class="0103") == 8.0
    assert limit_hours("handle", event_class=None) == 16.0


@pytest.mark.django_db
def test_handling_falls_back_to_the_setting_without_a_time_limit(settings):
    TimeLimit.objects.all().delete()
    settings.PINGDING_CASES_HANDLE_HOURS = 30.0
    assert limit_hours("handle") == 30.0
    assert limit_hours("handle", urgency="urgent") == 4.0


@pytest.mark.django_db
def test_other_kinds_come_from_the_settings(settings):
    settings.PINGDING_CASES_VERIFY_HOURS = 3.0
    assert limit_hours("verify", urgency="urgent", event_class="0501") == 3.0
    assert limit_hours("file") == 1.0


@pytest.mark.django_db
def test_deadline_for_each_kind_of_the_loop(settings):
    friday = at(2023, 5, 26, 16, 0)
    assert deadline_for("handle", friday) == at(2023, 5, 31, 10, 0)                   # 16 working hours
    assert deadline_for("handle", friday, urgency="urgent") == at(2023, 5, 29, 11, 0)  # 4
    assert deadline_for("handle", friday, event_class="0501") == at(2023, 5, 29, 11, 0)
    assert deadline_for("file", friday) == at(2023, 5, 26, 17, 0)                      # 1
    assert deadline_for("extend", friday, hours=2.0) == at(2023, 5, 29, 9, 0)
    settings.PINGDING_CASES_VERIFY_HOURS = 1.5
    assert deadline_for("verify", friday) == at(2023, 5, 26, 17, 30)


@pytest.mark.django_db
def test_an_edited_calendar_counts_from_the_next_deadline():
    friday = at(2023, 5, 26, 16, 0)
    assert deadline_for("handle", friday) == at(2023, 5, 31, 10, 0)
    calendar = WorkCalendar.objects.get(is_default=True)
    Holiday.objects.create(calendar=calendar, name="休", kind="holiday", date_from=date(2023, 5, 29),
                           date_to=date(2023, 5, 29))
    assert deadline_for("handle", friday) == at(2023, 6, 1, 10, 0)                   # Monday is off now
    TimeLimit.objects.filter(major_code="", urgency="normal").update(working_hours=3.0)
    assert deadline_for("handle", friday) == at(2023, 5, 30, 10, 0)
