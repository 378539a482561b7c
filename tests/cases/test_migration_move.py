"""The report models moved from ``layers`` to ``cases`` with their tables: a database that holds reports from before
the move migrates through it with every row kept, each incident gets its case, and the models' state matches the
migrations."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_models_state_matches_the_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


@pytest.fixture
def scratch_database(db):
    """An empty database of its own (dropped afterwards) and its URL."""
    settings = dict(connection.settings_dict)
    name = f"test_move_{os.getpid()}"
    admin = psycopg2.connect(dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"],
                             host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield _database_url({**settings, "NAME": name})
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def migrate(url: str, *target: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "geoserver_app.settings"}
    done = subprocess.run([sys.executable, "manage.py", "migrate", *target, "--no-input"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


BEFORE_THE_MOVE = """
INSERT INTO layers_eventclass (code, major_code, major_name, name) VALUES ('0401', '04', '街面秩序', '无照经营游商');
INSERT INTO layers_incident (code, event_class_code, status, source, description, reporter, reporter_phone,
                             routed_to, reported_at, geom)
VALUES ('14032120261201000001', '0401', 'accepted', 'public_app', '占道经营', '王小明', '13903531234', '',
        '2026-12-01 08:00+08', ST_SetSRID(ST_MakePoint(113.6267, 37.7956), 4490));
INSERT INTO layers_reportdetail (incident_id, crs, x, y, reporter_role, reporter_email, address_string,
    nearest_address_code, nearest_address, media_url, device_id, account_id, service_code)
SELECT id, 'GCJ02', 113.6331, 37.7961, 'resident', 'a@example.cn', '', '', '', '', '', '', '' FROM layers_incident;
INSERT INTO layers_reportphoto (incident_id, position, path, content_type, bytes, sha256, created_at)
SELECT id, 0, '2026/12/x-0.jpg', 'image/jpeg', 10, repeat('a', 64), now() FROM layers_incident;
INSERT INTO layers_idempotencykey (key, request_sha256, response_status, response_body, incident_id, created_at)
SELECT 'wx-1', repeat('b', 64), 201, '{}'::jsonb, id, now() FROM layers_incident;
"""


def test_a_database_with_reports_migrates_through_the_move(scratch_database):
    migrate(scratch_database, "layers", "0011")
    with psycopg2.connect(scratch_database) as db, db.cursor() as cursor:
        cursor.execute(BEFORE_THE_MOVE)
    migrate(scratch_database)
    with psycopg2.connect(scratch_database) as db, db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM layers_reportdetail JOIN layers_reportphoto USING (incident_id)"
                       " JOIN layers_idempotencykey USING (incident_id)")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT c.state, s.action FROM cases_case AS c JOIN cases_casestep AS s ON s.case_id ="
                       " c.incident_id JOIN layers_incident AS i ON i.id = c.incident_id")
        assert cursor.fetchall() == [("filed", "report")]
        cursor.execute("SELECT app FROM django_migrations WHERE app IN ('cases', 'layers')"
                       " AND name LIKE '%%report%%' ORDER BY app")
        assert [row[0] for row in cursor.fetchall()] == ["cases", "layers", "layers", "layers"]
        cursor.execute("DELETE FROM layers_incident")  # the database cascades to the case, steps and report rows
        cursor.execute("SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM layers_reportdetail),"
                       " (SELECT count(*) FROM layers_idempotencykey WHERE incident_id IS NULL)")
        assert cursor.fetchone() == (0, 0, 1)
