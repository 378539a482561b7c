"""Report intake that abuse cannot block: incident codes that never run out, and the shared rate-limit counts.

* ``layers_incidentcodecounter``: the last serial of each day's incident codes, so a code is one indexed
  ``UPDATE ... RETURNING`` instead of a scan of the day's codes, and serials grow past 99,999 (5 to 10 digits).
* ``incident_code_format``: the database holds every incident code to ``spatial.codes.identity.INCIDENT_CODE_REGEX``;
  every code made before (5-digit serials) matches it.
* ``web_throttle``: per-client request counts of ``web.throttle`` (fixed windows), UNLOGGED because losing the counts
  of the current minute in a crash is harmless and the table is written on every anonymous POST. It lives in this
  migration because ``web`` is a package below the apps, without models of its own.
"""
from django.db import migrations, models

THROTTLE_SQL = """
CREATE UNLOGGED TABLE IF NOT EXISTS web_throttle (
    scope varchar(40) NOT NULL,
    client varchar(64) NOT NULL,
    window_s integer NOT NULL CHECK (window_s > 0),
    window_start bigint NOT NULL,
    hits integer NOT NULL,
    PRIMARY KEY (scope, client, window_s)
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("layers", "0005_code_checks_from_spatial_codes"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentCodeCounter",
            fields=[
                ("prefix", models.CharField(max_length=14, primary_key=True, serialize=False)),
                ("last", models.BigIntegerField()),
            ],
        ),
        migrations.AlterField(
            model_name="incident",
            name="code",
            field=models.CharField(
                help_text="案件编号: county (6) + YYYYMMDD + serial (5-10 digits)", max_length=24, unique=True
            ),
        ),
        migrations.AddConstraint(
            model_name="incident",
            constraint=models.CheckConstraint(
                condition=models.Q(("code__regex", "\\A[0-9]{6}[0-9]{8}[0-9]{5,10}\\Z")), name="incident_code_format"
            ),
        ),
        migrations.RunSQL(THROTTLE_SQL, reverse_sql="DROP TABLE IF EXISTS web_throttle"),
    ]
