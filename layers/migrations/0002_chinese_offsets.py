"""Install the SQL functions that output GCJ-02 and BD-09 inside one statement (spatial/sql/chinese_offsets.sql)."""
from django.db import migrations

from spatial.sql import load


class Migration(migrations.Migration):
    dependencies = [("layers", "0001_initial")]

    operations = [migrations.RunSQL(load("chinese_offsets"), reverse_sql=migrations.RunSQL.noop)]
