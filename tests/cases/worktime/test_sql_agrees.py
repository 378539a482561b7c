"""The SQL functions (worktime_hours_between, worktime_deadline_after) agree with the Python ones on the default
calendar, over a few hundred random pairs around the 2022-2023 holidays."""
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from cases.worktime.hours import deadline_after, working_hours_between
from cases.worktime.selectors import default_calendar

pytestmark = pytest.mark.django_db
START = datetime(2021, 12, 20, tzinfo=ZoneInfo("Asia/Shanghai"))


def _pairs(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        a = START + timedelta(minutes=rng.randrange(0, 745 * 24 * 60))
        yield a, a + timedelta(minutes=rng.randrange(-20 * 24 * 60, 40 * 24 * 60)), rng.choice(
            [0.0, 0.25, 1.0, 3.5, 6.5, 16.0, rng.uniform(0, 120)])


def test_hours_between_agrees():
    calendar = default_calendar()
    pairs = list(_pairs(300, 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT worktime_hours_between(a, b) FROM unnest(%s::timestamptz[], %s::timestamptz[]) "
                       "WITH ORDINALITY AS p(a, b, n) ORDER BY n", [[p[0] for p in pairs], [p[1] for p in pairs]])
        from_sql = [row[0] for row in cursor.fetchall()]
    expected = [working_hours_between(a, b, calendar) for a, b, _ in pairs]
    assert any(e < 0 for e in expected) and any(e > 10 for e in expected)
    assert from_sql == pytest.approx(expected, abs=1e-6)


def test_deadline_after_agrees():
    calendar = default_calendar()
    pairs = list(_pairs(300, 2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT worktime_deadline_after(a, h) FROM unnest(%s::timestamptz[], %s::float8[]) "
                       "WITH ORDINALITY AS p(a, h, n) ORDER BY n", [[p[0] for p in pairs], [p[2] for p in pairs]])
        from_sql = [row[0] for row in cursor.fetchall()]
    for (start, _, hours), sql in zip(pairs, from_sql):
        assert abs((sql - deadline_after(start, hours, calendar)).total_seconds()) < 0.001, (start, hours)
