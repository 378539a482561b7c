"""The default calendar: 08:30-12:00 and 14:30-17:30 Monday to Friday, the 2022-2023 public holidays and adjusted
working days, and default time limits."""
from datetime import time

from django.db import migrations

from cases.worktime.holidays_cn import HOLIDAYS_2022_2023, TIME_LIMITS, WORKING_PERIODS


def create(apps, schema_editor):
    calendar = apps.get_model("worktime", "WorkCalendar").objects.create(name="平定县 county offices", is_default=True)
    period = apps.get_model("worktime", "WorkPeriod")
    period.objects.bulk_create(
        period(calendar=calendar, weekday=day, start=time.fromisoformat(a), end=time.fromisoformat(b))
        for day in range(5) for a, b in WORKING_PERIODS)
    holiday = apps.get_model("worktime", "Holiday")
    holiday.objects.bulk_create(holiday(calendar=calendar, name=name, kind=kind, date_from=first, date_to=last)
                                for name, kind, first, last in HOLIDAYS_2022_2023)
    limit = apps.get_model("worktime", "TimeLimit")
    limit.objects.bulk_create(limit(major_code=major, minor_code=minor, urgency=urgency, working_hours=hours)
                              for major, minor, urgency, hours in TIME_LIMITS)


def remove(apps, schema_editor):
    apps.get_model("worktime", "WorkCalendar").objects.filter(name="平定县 county offices").delete()
    apps.get_model("worktime", "TimeLimit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("worktime", "0002_sql_functions")]
    operations = [migrations.RunPython(create, remove)]
