"""Migration ``layers.0015``: incidents partitioned by county code, and the four references to an incident by id
(formerly foreign keys) kept by triggers (``layers.partitions.references``) with the foreign keys' behaviour."""
from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from layers.editing.database import _KEY
from layers.partitions import add_county

COUNTY = settings.PINGDING_COUNTY_CODE
REFERENCES = {  # constraint -> (table, column, action on delete)
    "cases_case_incident_fk": ("cases_case", "incident_id", "cascade"),
    "layers_reportdetail_incident_fk": ("layers_reportdetail", "incident_id", "cascade"),
    "layers_reportphoto_incident_fk": ("layers_reportphoto", "incident_id", "cascade"),
    "layers_idempotencykey_incident_fk": ("layers_idempotencykey", "incident_id", "set null"),
}


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def check_now() -> None:
    """Fire the deferred checks now, as a commit would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refused(sql: str, params=()) -> IntegrityError:
    """Run ``sql`` then the deferred checks in a savepoint; return the foreign key error they raise."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        rows(sql, params)
        check_now()
    return caught.value


def missing_id() -> int:
    return rows("SELECT max(id) + 1000 FROM layers_incident")[0][0]


def referencing_rows(incident_id: int) -> None:
    """A report detail, two photos and an Idempotency-Key for ``incident_id`` (its case is seeded)."""
    rows("DELETE FROM layers_reportdetail WHERE incident_id = %s", [incident_id])
    rows("INSERT INTO layers_reportdetail (incident_id, crs, x, y, reporter_role, reporter_email, address_string,"
         " nearest_address_code, nearest_address, media_url, device_id, account_id, service_code)"
         " VALUES (%s, 'EPSG:4490', 113.6, 37.8, 'public', '', '', '', '', '', '', '', '')", [incident_id])
    for position in (0, 1):
        rows("INSERT INTO layers_reportphoto (position, path, content_type, bytes, sha256, created_at, incident_id)"
             " VALUES (%s, %s, 'image/jpeg', 1, repeat('a', 64), now(), %s)",
             [position, f"reports/test-{incident_id}-{position}.jpg", incident_id])
    rows("INSERT INTO layers_idempotencykey (key, request_sha256, response_status, response_body, created_at,"
         " incident_id) VALUES (%s, repeat('b', 64), 201, '{}', now(), %s)", [f"test-{incident_id}", incident_id])


def counts(incident_ids: list[int]) -> dict[str, int]:
    return {table: rows(f"SELECT count(*) FROM {table} WHERE incident_id = ANY(%s)", [incident_ids])[0][0]
            for table, _, _ in REFERENCES.values()}


def test_incidents_are_partitioned_by_range_of_code_and_rows_lie_in_their_county(db):
    assert rows("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'layers_incident'::regclass") == [("r",)]
    where = dict(rows("SELECT tableoid::regclass::text, count(*) FROM layers_incident GROUP BY 1"))
    assert list(where) == [f"layers_incident_{COUNTY}"] and where[f"layers_incident_{COUNTY}"] > 0


def test_no_foreign_key_references_incidents_by_id_and_each_former_one_has_its_triggers_and_index(db):
    assert rows("SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = 'layers_incident'::regclass") == []
    triggers = {name for (name,) in rows("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    for constraint, (table, column, _) in REFERENCES.items():
        assert {f"{constraint}_{s}" for s in ("insert", "update", "on_delete", "on_update", "on_truncate")} <= triggers
        assert rows("SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    " AND a.attnum = i.indkey[0] WHERE i.indrelid = %s::regclass AND a.attname = %s",
                    [table, column])[0][0] >= 1


@pytest.mark.parametrize("constraint", REFERENCES)
def test_pointing_a_row_at_a_missing_incident_is_a_foreign_key_violation_at_commit(db, constraint):
    table, column, _ = REFERENCES[constraint]
    incident_id = rows("SELECT id FROM layers_incident ORDER BY id LIMIT 1")[0][0]
    referencing_rows(incident_id)
    rows("DELETE FROM cases_casestep WHERE case_id = %s", [incident_id])  # they refer to the case by incident_id
    missing = missing_id()
    error = refused(f"UPDATE {table} SET {column} = %s WHERE {column} = %s", [missing, incident_id])
    cause = error.__cause__
    assert cause.pgcode == "23503" and cause.diag.constraint_name == constraint
    assert cause.diag.message_primary == f'insert or update on table "{table}" violates foreign key constraint "{constraint}"'
    key = _KEY.match(cause.diag.message_detail)  # what the edit API's error table reads
    assert key and key.group("column") == column and key.group("value") == str(missing)
    assert re.search(r'table "layers_incident"', key.group("rest"))


def test_a_case_for_a_missing_incident_is_refused_and_one_for_an_incident_made_later_is_not(db):
    missing = missing_id()
    insert = ("INSERT INTO cases_case (incident_id, state, department, urgency, level, suspended_from, updated_at,"
              " version) VALUES (%s, 'reported', '', 'normal', 1, '', now(), 1)")
    assert refused(insert, [missing]).__cause__.pgcode == "23503"
    rows(insert, [missing])  # deferred, as the foreign key was: the incident may come later in the transaction
    rows("INSERT INTO layers_incident (id, code, status, source, description, reporter, reporter_phone, routed_to,"
         " reported_at, geom, event_class_code, grid_code) SELECT %s, code || '9', status, source, description,"
         " reporter, reporter_phone, routed_to, reported_at, geom, event_class_code, grid_code FROM layers_incident"
         " WHERE event_class_code IS NOT NULL ORDER BY id LIMIT 1", [missing])
    check_now()
    assert rows("SELECT count(*) FROM cases_case WHERE incident_id = %s", [missing]) == [(1,)]


def test_deleting_an_incident_takes_its_case_steps_details_and_photos_and_empties_its_key(db):
    incident_id = rows("SELECT incident_id FROM cases_case c WHERE EXISTS"
                       " (SELECT 1 FROM cases_casestep s WHERE s.case_id = c.incident_id) ORDER BY 1 LIMIT 1")[0][0]
    referencing_rows(incident_id)
    assert counts([incident_id]) == {"cases_case": 1, "layers_reportdetail": 1, "layers_reportphoto": 2,
                                     "layers_idempotencykey": 1}
    rows("DELETE FROM layers_incident WHERE id = %s", [incident_id])
    assert counts([incident_id]) == dict.fromkeys(counts([incident_id]), 0)
    assert rows("SELECT count(*) FROM cases_casestep WHERE case_id = %s", [incident_id]) == [(0,)]
    assert rows("SELECT incident_id FROM layers_idempotencykey WHERE key = %s", [f"test-{incident_id}"]) == [(None,)]
    check_now()


def test_a_bulk_delete_of_every_incident_cascades_in_one_statement(db):
    ids = [i for (i,) in rows("SELECT id FROM layers_incident ORDER BY id")]
    assert len(ids) > 100
    for incident_id in ids[:5]:
        referencing_rows(incident_id)
    keys = rows("SELECT count(*) FROM layers_idempotencykey WHERE incident_id IS NOT NULL")[0][0]
    rows("DELETE FROM layers_incident")
    assert rows("SELECT count(*) FROM layers_incident") == [(0,)]
    assert counts(ids) == dict.fromkeys(counts(ids), 0)
    assert rows("SELECT count(*) FROM cases_case") == [(0,)]
    assert rows("SELECT count(*) FROM layers_idempotencykey WHERE incident_id IS NULL")[0][0] >= keys
    check_now()


def test_truncating_the_incidents_empties_what_refers_to_them_as_truncate_cascade_did(db):
    referencing_rows(rows("SELECT min(id) FROM layers_incident")[0][0])
    check_now()  # no TRUNCATE of a table with pending checks, as with the foreign keys
    rows("TRUNCATE layers_incident CASCADE")
    for table, _, _ in REFERENCES.values():
        assert rows(f"SELECT count(*) FROM {table}") == [(0,)]
    assert rows("SELECT count(*) FROM cases_casestep") == [(0,)]


def test_changing_a_referenced_incident_id_is_refused_at_commit_unless_the_old_id_comes_back(db):
    incident_id = rows("SELECT incident_id FROM cases_case ORDER BY 1 LIMIT 1")[0][0]
    error = refused("UPDATE layers_incident SET id = %s WHERE id = %s", [missing_id(), incident_id])
    assert error.__cause__.pgcode == "23503"
    assert "is still referenced from table" in error.__cause__.diag.message_detail
    free = missing_id()
    rows("UPDATE layers_incident SET id = %s WHERE id = %s", [free, incident_id])
    rows("UPDATE layers_incident SET id = %s WHERE id = %s", [incident_id, free])
    check_now()


def test_an_incident_moved_to_another_county_keeps_its_references(db):
    with connection.cursor() as cursor:
        add_county(cursor, "140322")
    incident_id = rows("SELECT incident_id FROM cases_case ORDER BY 1 LIMIT 1")[0][0]
    referencing_rows(incident_id)
    before = counts([incident_id])
    [(partition,)] = rows("UPDATE layers_incident SET code = '140322' || substr(code, 7) WHERE id = %s"
                          " RETURNING tableoid::regclass::text", [incident_id])
    assert partition == "layers_incident_140322"
    assert counts([incident_id]) == before
    check_now()


def plan(sql: str, params=()) -> str:
    return "\n".join(line for (line,) in rows(f"EXPLAIN (COSTS OFF) {sql}", params))


def test_an_incident_by_code_reads_one_partition_and_by_id_each_partitions_key(db):
    with connection.cursor() as cursor:
        add_county(cursor, "140322")
    code, incident_id = rows("SELECT code, id FROM layers_incident ORDER BY id LIMIT 1")[0]
    by_code = plan("SELECT * FROM layers_incident WHERE code = %s", [code])
    assert f"layers_incident_{COUNTY}" in by_code and "140322" not in by_code and "_default" not in by_code
    by_id = plan("SELECT * FROM layers_incident WHERE id = %s", [incident_id])
    for partition in (COUNTY, "140322"):  # (the empty default partition may be read whole: it has no pages)
        assert f"Index Scan using layers_incident_pkey_{partition}" in by_id
    assert "Seq Scan" not in by_id.replace("Seq Scan on layers_incident_default", "")
