"""The working-hours functions in SQL (``cases/worktime/sql/functions.sql``), for the evaluation figures."""
from pathlib import Path

from django.db import migrations

SQL = (Path(__file__).resolve().parent.parent / "sql" / "functions.sql").read_text()
DROP = """
DROP FUNCTION IF EXISTS worktime_deadline_after(timestamptz, double precision, bigint);
DROP FUNCTION IF EXISTS worktime_hours_between(timestamptz, timestamptz, bigint);
DROP FUNCTION IF EXISTS worktime_default_calendar();
DROP FUNCTION IF EXISTS worktime_intervals(bigint, date, date);
"""


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_initial")]
    operations = [migrations.RunSQL(SQL, DROP)]
