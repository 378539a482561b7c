"""Incident codes: county + day + serial, the serial growing past 99,999 so that no day runs out of codes."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.utils import timezone

from layers.models import EventClass, Grid, Incident, IncidentCodeCounter
from cases.reports.services import incident_code_next
from spatial.codes.identity import INCIDENT_CODE_REGEX, incident_serial, make_incident_code
from spatial.errors import CodeError

from .conftest import event_body

DAY = dt.date(2026, 12, 5)


def today_prefix() -> str:
    return f"{settings.PINGDING_COUNTY_CODE}{timezone.localtime():%Y%m%d}"


@pytest.mark.parametrize(
    ("serial", "code"),
    [
        (1, "1403212026120500001"),
        (99_999, "1403212026120599999"),
        (100_000, "14032120261205100000"),
        (9_999_999_999, "140321202612059999999999"),
    ],
)
def test_serials_are_five_digits_then_grow(serial, code):
    assert make_incident_code(county="140321", day=DAY, serial=serial) == code
    assert incident_serial(code) == serial


@pytest.mark.parametrize("serial", [0, -1, 10_000_000_000])
def test_a_serial_out_of_range_makes_no_code(serial):
    with pytest.raises(CodeError):
        make_incident_code(county="140321", day=DAY, serial=serial)


@pytest.mark.parametrize("code", ["140321202612050001", "1403212026120500001\n", "x403212026120500001", ""])
def test_malformed_codes_have_no_serial(code):
    with pytest.raises(CodeError):
        incident_serial(code)


def test_a_report_past_99999_in_one_day_gets_a_six_digit_serial(post_json):
    IncidentCodeCounter.objects.create(prefix=today_prefix(), last=99_998)
    codes = [post_json(event_body(description=f"第{i}次")).json()["code"] for i in range(3)]
    assert codes == [f"{today_prefix()}99999", f"{today_prefix()}100000", f"{today_prefix()}100001"]
    assert Incident.objects.filter(code__in=codes).count() == 3


def test_a_day_starts_after_the_codes_it_already_has(db):
    """Codes made before the counter existed (or by another path) are never given out again."""
    grid = Grid.objects.first()
    prefix = f"{settings.PINGDING_COUNTY_CODE}20261205"
    Incident.objects.create(
        code=f"{prefix}00042", event_class=EventClass.objects.first(), source="hotline_12345", grid=grid,
        reported_at=timezone.now(), geom=Point(113.627, 37.795, srid=4490),
    )
    reported_at = timezone.make_aware(dt.datetime(2026, 12, 5, 9, 0))
    assert incident_code_next(reported_at=reported_at) == f"{prefix}00043"
    assert incident_code_next(reported_at=reported_at) == f"{prefix}00044"
    assert IncidentCodeCounter.objects.get(prefix=prefix).last == 44


def test_a_rolled_back_report_gives_its_serial_back(db):
    reported_at = timezone.make_aware(dt.datetime(2026, 12, 6, 9, 0))
    first = incident_code_next(reported_at=reported_at)
    with pytest.raises(RuntimeError), transaction.atomic():
        incident_code_next(reported_at=reported_at)
        raise RuntimeError("the report failed")
    assert incident_code_next(reported_at=reported_at) == first[:14] + f"{incident_serial(first) + 1:05d}"


@pytest.mark.parametrize("code", ["1403212026120500001x", "14032120261205001", "140321202612051234567x"])
def test_the_database_refuses_a_malformed_code(db, code):
    assert not re.fullmatch(INCIDENT_CODE_REGEX, code)
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.create(
            code=code, event_class=EventClass.objects.first(), source="hotline_12345", grid=Grid.objects.first(),
            reported_at=timezone.now(), geom=Point(113.627, 37.795, srid=4490),
        )
