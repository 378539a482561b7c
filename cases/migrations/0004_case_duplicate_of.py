"""A case taken in as the repeat of an open case links to it (Case.duplicate_of); in the database too the link is
cleared when the case it names is deleted (on every path, as the other foreign keys of 0003)."""

import django.db.models.deletion
from django.db import migrations, models


SET_NULL = """
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname FROM pg_constraint AS c
        WHERE c.contype = 'f' AND c.conrelid = 'cases_case'::regclass AND c.confrelid = 'cases_case'::regclass
    LOOP
        EXECUTE format('ALTER TABLE cases_case DROP CONSTRAINT %I', r.conname);
    END LOOP;
END $$;
ALTER TABLE cases_case ADD CONSTRAINT cases_case_duplicate_of_fk FOREIGN KEY (duplicate_of_id)
    REFERENCES cases_case (incident_id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_reasons_and_existing_incidents'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='duplicate_of',
            field=models.ForeignKey(blank=True, help_text='the open case this report repeats (same class, 30 m, 24 h)', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='duplicates', to='cases.case'),
        ),
        migrations.RunSQL(SET_NULL, migrations.RunSQL.noop),
    ]
