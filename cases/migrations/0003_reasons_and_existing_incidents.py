"""The filing standard's rejection reasons, and a case for every incident that was reported before the loop existed
(its state from the incident's status, one ``report`` step at its report time), so no incident is left outside it.

The foreign keys to an incident cascade in the database as they do in Django (``ON DELETE CASCADE``; the
Idempotency-Key's ``SET NULL``), so an incident deleted on any path (the feature API's SQL, WFS-T, psql) takes its
case, steps, report detail and photo rows with it instead of failing at commit."""
from django.db import migrations

REASONS = (
    ("not_in_scope", "不属于受理范围"),
    ("duplicate", "重复上报"),
    ("insufficient_info", "信息不全,无法核实"),
    ("not_found", "现场核实不存在"),
    ("other_authority", "属其他部门职责"),
)

BACKFILL = """
INSERT INTO cases_case (incident_id, state, department, urgency, level, suspended_from, updated_at, version)
SELECT i.id,
       CASE i.status WHEN 'accepted' THEN 'filed' WHEN 'resolved' THEN 'handled' ELSE i.status END,
       '', 'normal', 1, '', coalesce(i.closed_at, i.accepted_at, i.reported_at), 1
FROM layers_incident AS i
WHERE NOT EXISTS (SELECT 1 FROM cases_case AS c WHERE c.incident_id = i.id);
INSERT INTO cases_casestep (case_id, action, from_state, to_state, role, at, note, reason, photos)
SELECT c.incident_id, 'report', '', 'reported', '', i.reported_at, '', '', '[]'::jsonb
FROM cases_case AS c JOIN layers_incident AS i ON i.id = c.incident_id
WHERE NOT EXISTS (SELECT 1 FROM cases_casestep AS s WHERE s.case_id = c.incident_id);
"""

CASCADES = """
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS tbl FROM pg_constraint AS c
        WHERE c.contype = 'f' AND (
            (c.confrelid = 'layers_incident'::regclass AND c.conrelid IN (
                'cases_case'::regclass, 'layers_reportdetail'::regclass, 'layers_reportphoto'::regclass,
                'layers_idempotencykey'::regclass))
            OR (c.confrelid = 'cases_case'::regclass AND c.conrelid = 'cases_casestep'::regclass))
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    END LOOP;
END $$;
ALTER TABLE cases_case ADD CONSTRAINT cases_case_incident_fk FOREIGN KEY (incident_id)
    REFERENCES layers_incident (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE cases_casestep ADD CONSTRAINT cases_casestep_case_fk FOREIGN KEY (case_id)
    REFERENCES cases_case (incident_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE layers_reportdetail ADD CONSTRAINT layers_reportdetail_incident_fk FOREIGN KEY (incident_id)
    REFERENCES layers_incident (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE layers_reportphoto ADD CONSTRAINT layers_reportphoto_incident_fk FOREIGN KEY (incident_id)
    REFERENCES layers_incident (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE layers_idempotencykey ADD CONSTRAINT layers_idempotencykey_incident_fk FOREIGN KEY (incident_id)
    REFERENCES layers_incident (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
"""


def reasons_add(apps, schema_editor):
    RejectReason = apps.get_model("cases", "RejectReason")
    for code, name in REASONS:
        RejectReason.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):

    dependencies = [("cases", "0002_case_loop")]

    operations = [
        migrations.RunSQL(CASCADES, migrations.RunSQL.noop),  # first: no ALTER TABLE after rows with pending checks
        migrations.RunPython(reasons_add, migrations.RunPython.noop),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
