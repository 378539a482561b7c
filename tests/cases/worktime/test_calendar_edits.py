"""Changing the calendar: in the admin (a calendar with its holidays inline) and over ``/api/worktime``; overlapping
holiday ranges are refused naming both, and nothing is half-saved."""
import json
from datetime import date

import pytest
from django.urls import reverse

from cases.worktime.models import Holiday, WorkCalendar
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
URL = "/api/worktime"


def _inline_form(calendar: WorkCalendar, holidays: list[tuple[str, str, str]]) -> dict:
    """The admin change form of ``calendar`` as a browser posts it, its holidays replaced by ``holidays``."""
    data = {"name": calendar.name, "is_default": "on"}
    periods = list(calendar.periods.all())
    data.update({"periods-TOTAL_FORMS": str(len(periods)), "periods-INITIAL_FORMS": str(len(periods)),
                 "periods-MIN_NUM_FORMS": "0", "periods-MAX_NUM_FORMS": "1000"})
    for i, p in enumerate(periods):
        data.update({f"periods-{i}-id": str(p.pk), f"periods-{i}-calendar": str(calendar.pk),
                     f"periods-{i}-weekday": str(p.weekday), f"periods-{i}-start": p.start.strftime("%H:%M"),
                     f"periods-{i}-end": p.end.strftime("%H:%M")})
    stored = list(calendar.holidays.all())
    rows = len(stored) + len(holidays)
    data.update({"holidays-TOTAL_FORMS": str(rows), "holidays-INITIAL_FORMS": str(len(stored)),
                 "holidays-MIN_NUM_FORMS": "0", "holidays-MAX_NUM_FORMS": "1000"})
    for i, h in enumerate(stored):
        data.update({f"holidays-{i}-id": str(h.pk), f"holidays-{i}-calendar": str(calendar.pk),
                     f"holidays-{i}-name": h.name, f"holidays-{i}-kind": h.kind,
                     f"holidays-{i}-date_from": h.date_from.isoformat(), f"holidays-{i}-date_to": h.date_to.isoformat(),
                     f"holidays-{i}-DELETE": "on"})
    for j, (name, first, last) in enumerate(holidays, start=len(stored)):
        data.update({f"holidays-{j}-calendar": str(calendar.pk), f"holidays-{j}-name": name,
                     f"holidays-{j}-kind": "holiday", f"holidays-{j}-date_from": first, f"holidays-{j}-date_to": last})
    return data


def test_the_admin_refuses_overlapping_holidays_naming_both(client, account):
    client.force_login(account("admin")[0])
    calendar = WorkCalendar.objects.get(is_default=True)
    url = reverse("admin:worktime_workcalendar_change", args=[calendar.pk])
    assert client.get(url).status_code == 200
    answer = client.post(url, _inline_form(calendar, [("甲", "2024-10-01", "2024-10-07"), ("乙", "2024-10-05", "2024-10-08")]))
    assert answer.status_code == 200  # the form again, with the error
    text = answer.content.decode()
    assert "Holiday ranges overlap" in text and "甲 (2024-10-01..2024-10-07)" in text and "乙 (2024-10-05..2024-10-08)" in text
    assert calendar.holidays.count() == 23  # the seeded 2022-2023 ranges, untouched


def test_the_admin_saves_ranges_that_do_not_overlap(client, account):
    client.force_login(account("admin")[0])
    calendar = WorkCalendar.objects.get(is_default=True)
    url = reverse("admin:worktime_workcalendar_change", args=[calendar.pk])
    answer = client.post(url, _inline_form(calendar, [("甲", "2024-10-01", "2024-10-04"), ("乙", "2024-10-05", "2024-10-08")]))
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    assert list(calendar.holidays.values_list("name", flat=True)) == ["甲", "乙"]


def _body(**changes):
    body = {"periods": [{"weekday": d, "start": "09:00", "end": "17:00"} for d in range(5)],
            "holidays": [{"name": "国庆节 2024", "kind": "holiday", "from": "2024-10-01", "to": "2024-10-07"}],
            "time_limits": [{"major_code": None, "minor_code": None, "urgency": "normal", "working_hours": 8}]}
    body.update(changes)
    return json.dumps(body)


def test_an_admin_reads_and_replaces_the_calendar(client, account):
    token = account("admin")[1]
    before = client.get(URL, **bearer(token)).json()
    assert len(before["holidays"]) == 23 and before["periods"][0] == {"weekday": 0, "start": "08:30", "end": "12:00"}
    answer = client.put(URL, _body(), content_type="application/json", **bearer(token))
    assert answer.status_code == 200, answer.content
    assert answer.json()["holidays"] == [{"name": "国庆节 2024", "kind": "holiday", "from": "2024-10-01", "to": "2024-10-07"}]
    from cases.worktime.hours import working_hours_between
    from datetime import datetime
    from zoneinfo import ZoneInfo

    sh = ZoneInfo("Asia/Shanghai")
    assert working_hours_between(datetime(2024, 9, 30, tzinfo=sh), datetime(2024, 10, 9, tzinfo=sh)) == 16.0


def test_overlapping_holidays_over_the_api_are_a_400_naming_both(client, account):
    token = account("admin")[1]
    holidays = [{"name": "A", "kind": "holiday", "from": "2024-10-01", "to": "2024-10-07"},
                {"name": "B", "kind": "workday", "from": "2024-10-07", "to": "2024-10-07"}]
    answer = client.put(URL, _body(holidays=holidays), content_type="application/json", **bearer(token))
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "OverlappingHolidays" and body["parameter"] == "holidays"
    assert "A (2024-10-01..2024-10-07)" in body["description"] and "B (2024-10-07..2024-10-07)" in body["description"]
    assert Holiday.objects.count() == 23


@pytest.mark.parametrize(("change", "parameter"), [
    ({"periods": [{"weekday": 7, "start": "09:00", "end": "17:00"}]}, "periods[0].weekday"),
    ({"periods": [{"weekday": 0, "start": "17:00", "end": "09:00"}]}, "periods[0].end"),
    ({"periods": [{"weekday": 0, "start": "9am", "end": "17:00"}]}, "periods[0].start"),
    ({"holidays": [{"name": "x", "kind": "holiday", "from": "2024-13-01", "to": "2024-10-07"}]}, "holidays[0].from"),
    ({"holidays": [{"name": "x", "kind": "vacation", "from": "2024-10-01", "to": "2024-10-07"}]}, "holidays[0].kind"),
    ({"holidays": [{"name": "x", "kind": "holiday", "from": "2024-10-07", "to": "2024-10-01"}]}, "holidays"),
    ({"time_limits": [{"urgency": "normal", "working_hours": -1}]}, "time_limits[0].working_hours"),
    ({"time_limits": [{"minor_code": "01", "urgency": "normal", "working_hours": 1}]}, "time_limits[0].minor_code"),
    ({"holidays": "none"}, "holidays"),
])
def test_bad_calendars_name_the_member(client, account, change, parameter):
    answer = client.put(URL, _body(**change), content_type="application/json", **bearer(account("admin")[1]))
    assert answer.status_code == 400 and answer.json()["parameter"] == parameter, answer.content
    assert Holiday.objects.count() == 23


@pytest.mark.parametrize("role", ["leader", "gis_editor", "grid_member"])
def test_only_admins(client, account, role):
    token = account(role)[1]
    assert client.get(URL, **bearer(token)).status_code == 403
    assert client.put(URL, _body(), content_type="application/json", **bearer(token)).status_code == 403
    assert client.get(URL).status_code == 401


def test_the_admin_pages_are_the_admins(client, account):
    client.force_login(account("gis_editor")[0])
    calendar = WorkCalendar.objects.get(is_default=True)
    assert client.get(reverse("admin:worktime_workcalendar_change", args=[calendar.pk])).status_code == 403
