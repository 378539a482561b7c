"""Working hours and deadlines on a calendar value (pure functions) and on the default calendar of the database."""
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cases.worktime.hours import Calendar, deadline_after, working_hours_between

SH = ZoneInfo("Asia/Shanghai")
OFFICE = {day: ((time(8, 30), time(12)), (time(14, 30), time(17, 30))) for day in range(5)}
CAL = Calendar(periods=OFFICE, holidays=frozenset({date(2023, 5, 1)}), workdays=frozenset({date(2023, 5, 6)}))


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(("a", "b", "hours"), [
    (at(2023, 5, 8, 8, 30), at(2023, 5, 8, 17, 30), 6.5),            # a whole Monday
    (at(2023, 5, 8, 11, 0), at(2023, 5, 8, 15, 0), 1.5),             # across the lunch break
    (at(2023, 5, 8, 7, 0), at(2023, 5, 8, 8, 0), 0.0),               # before office hours
    (at(2023, 5, 12, 17, 0), at(2023, 5, 15, 9, 0), 1.0),            # Friday evening to Monday morning
    (at(2023, 4, 30, 0, 0), at(2023, 5, 2, 0, 0), 0.0),              # Sunday, then the 1 May holiday
    (at(2023, 5, 6, 0, 0), at(2023, 5, 7, 0, 0), 6.5),               # Saturday 6 May is an adjusted working day
    (at(2023, 5, 8, 17, 30), at(2023, 5, 8, 8, 30), -6.5),           # backwards
    (datetime(2023, 5, 8, 1, 0, tzinfo=ZoneInfo("UTC")), at(2023, 5, 8, 12, 0), 3.0),  # 09:00 local
])
def test_working_hours_between(a, b, hours):
    assert working_hours_between(a, b, CAL) == pytest.approx(hours)


@pytest.mark.parametrize(("start", "hours", "deadline"), [
    (at(2023, 5, 8, 9, 0), 2.0, at(2023, 5, 8, 11, 0)),
    (at(2023, 5, 8, 11, 0), 2.0, at(2023, 5, 8, 15, 30)),            # an hour before lunch, an hour after
    (at(2023, 5, 8, 12, 30), 1.0, at(2023, 5, 8, 15, 30)),           # starting in the lunch break
    (at(2023, 5, 12, 17, 0), 1.0, at(2023, 5, 15, 9, 0)),            # over the weekend
    (at(2023, 4, 28, 17, 0), 1.0, at(2023, 5, 2, 9, 0)),             # over a weekend and 1 May
    (at(2023, 5, 5, 17, 30), 1.0, at(2023, 5, 6, 9, 30)),            # onto the adjusted Saturday
    (at(2023, 5, 8, 10, 0), 0.0, at(2023, 5, 8, 10, 0)),
    (at(2023, 5, 8, 17, 30), 6.5, at(2023, 5, 9, 17, 30)),           # the period's end is reached exactly
])
def test_deadline_after(start, hours, deadline):
    assert deadline_after(start, hours, CAL) == deadline
    assert working_hours_between(start, deadline, CAL) == pytest.approx(hours)


def test_a_calendar_without_working_hours_has_no_deadline():
    with pytest.raises(ValueError, match="fewer than 1"):
        deadline_after(at(2023, 5, 8, 9), 1.0, Calendar(periods={}))


def test_negative_hours_are_refused():
    with pytest.raises(ValueError, match=">= 0"):
        deadline_after(at(2023, 5, 8, 9), -1.0, CAL)


@pytest.mark.django_db
def test_the_default_calendar_knows_the_2023_spring_festival():
    # 2023-01-20 (Friday) 17:00 + 1 working hour: the festival runs 21-27 January, Saturday 28th is worked (调休).
    assert deadline_after(at(2023, 1, 20, 17, 0), 1.0) == at(2023, 1, 28, 9, 0)
    assert working_hours_between(at(2023, 1, 21), at(2023, 1, 28)) == 0.0
    assert working_hours_between(at(2022, 10, 1), at(2022, 10, 10)) == pytest.approx(13.0)  # 8th and 9th worked


@pytest.mark.django_db
def test_the_most_specific_time_limit_wins():
    from cases.worktime.models import TimeLimit
    from cases.worktime.selectors import time_limit_hours

    TimeLimit.objects.create(major_code="01", urgency="normal", working_hours=8)
    TimeLimit.objects.create(major_code="01", minor_code="02", urgency="normal", working_hours=2)
    assert time_limit_hours(major_code="01", minor_code="02", urgency="normal") == 2
    assert time_limit_hours(major_code="01", minor_code="03", urgency="normal") == 8
    assert time_limit_hours(major_code="04", minor_code="01", urgency="normal") == 16  # the seeded "any"
    assert time_limit_hours(major_code="04", minor_code="01", urgency="critical") == 1
