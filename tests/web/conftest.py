"""A real streaming replica of the test cluster (``scripts/replica.sh``) and a server that reads from it.

The replica is a Debian cluster of this test session's own (``REPLICA_CLUSTER`` on a free port), made by
``pg_basebackup -R`` of the primary when first needed and dropped at the end of the session; it replicates the whole
cluster, so the test database (made and seeded by the session before) is there once the replica has replayed that
far. ``sql_on_replica`` runs statements there as the cluster's owner (pausing replay,
``pg_stat_activity``); ``primary_commit`` commits on the primary outside the test's transaction.
"""
from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import socket

import psycopg2
import pytest
import requests
from django.db import connection

from geoserver_app.server import serving

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "replica.sh"
REPLICA_CLUSTER = f"test_replica_{os.getpid()}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


REPLICA_PORT = free_port()


def replica_script(command: str) -> str:
    done = subprocess.run(["bash", str(SCRIPT), command], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PINGDING_REPLICA_PORT": str(REPLICA_PORT),
                               "PINGDING_REPLICA_CLUSTER": REPLICA_CLUSTER})
    assert done.returncode == 0, done.stderr
    return done.stdout


def sql_on_replica(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-tA", "-h", "/var/run/postgresql",
                           "-p", str(REPLICA_PORT), "-d", database, "-c", sql],
                          capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def wait_for(predicate, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except (AssertionError, psycopg2.Error, requests.RequestException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="session")
def test_database(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return dict(connection.settings_dict)


@pytest.fixture(scope="session")
def primary_commit(test_database):
    """``primary_commit(sql, params)``: run and commit on the primary (a connection of its own); returns the rows."""
    def run(sql: str, params=()) -> list:
        with psycopg2.connect(host=test_database["HOST"] or "127.0.0.1", port=test_database["PORT"] or 5432,
                              user=test_database["USER"], password=test_database["PASSWORD"],
                              dbname=test_database["NAME"]) as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    return run


def replica_caught_up(database: str) -> bool:
    return sql_on_replica("select count(*) > 0 from layers_grid", database) == "t"


@pytest.fixture(scope="session")
def replica(test_database) -> Iterator[int]:
    """The port of a running replica that holds the seeded test database; the replica is dropped at the end."""
    replica_script("create")
    try:
        wait_for(lambda: replica_caught_up(test_database["NAME"]), what="the test database on the replica")
        yield REPLICA_PORT
    finally:
        replica_script("drop")


def replica_start_following() -> None:
    replica_script("start")
    wait_for(lambda: sql_on_replica("select pg_is_wal_replay_paused()") in ("f", "t"), what="replica up")
    sql_on_replica("select pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def replica_server(replica, live_env, test_database, tmp_path_factory) -> Iterator[str]:
    """A server (nginx and uWSGI, 2 processes) whose reads go to the replica: lag allowed 15 s (a loaded machine
    replays a few seconds late), state looked at every
    0.2 s, connections kept (so that ``pg_stat_activity`` on the replica shows each one's last statement)."""
    env = {
        **live_env,
        "DATABASE_REPLICA_URL": f"postgres://{test_database['USER']}:{test_database['PASSWORD']}@127.0.0.1:"
                                f"{replica}/{test_database['NAME']}",
        "DATABASE_CONN_MAX_AGE": "60",
        "PINGDING_REPLICA_MAX_LAG": "15",
        "PINGDING_REPLICA_CHECK_SECONDS": "0.2",
    }
    run_dir = tmp_path_factory.mktemp("replica-live")
    with (run_dir / "server.log").open("wb") as log, \
            serving(bind=f"127.0.0.1:{free_port()}", processes=2, run_dir=run_dir, env=env, output=log) as front:
        yield front.url


@pytest.fixture
def live_editor(django_db_blocker) -> Iterator[str]:
    """The token of a committed ``gis_editor`` account (the live server sees committed rows only); deleted after."""
    from django.contrib.auth import get_user_model

    from accounts.services import create_account, new_token

    username = f"replica.editor.{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        create_account(username, "gis_editor")
        token = new_token(username, name="replica tests")[1]
    yield token
    with django_db_blocker.unblock():
        get_user_model().objects.filter(username=username).delete()
