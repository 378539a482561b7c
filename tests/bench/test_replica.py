"""The replica benchmark's harness: what it makes of ``scripts/replica.sh status``, the URLs it reads, and its check
that an answer was read on the replica (``pg_stat_activity``), which must fail for a read that never got there."""
from __future__ import annotations

import subprocess
import time

import psycopg2
import pytest

from bench.reads import Read
from bench.replica import APPLICATION, ReplicaCheck, database_url, replica_status


def status(code: int, stderr: str) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(["replica.sh", "status"], code, "", stderr)


@pytest.mark.parametrize(("code", "stderr", "found"), [
    (0, "", "running"),
    (3, "replica.sh: replica 15/replica is down\n", "stopped"),
    (3, "replica.sh: no replica cluster\n", "absent"),
])
def test_the_replica_is_found_running_stopped_or_absent(code, stderr, found):
    assert replica_status(status(code, stderr)) == found


def test_a_failing_status_stops_the_run():
    with pytest.raises(RuntimeError, match="run as root"):
        replica_status(status(1, "replica.sh: ERROR: run as root (the clusters belong to the postgres user)"))


def test_the_replica_url_is_the_same_database_on_the_replica_port():
    settings = {"USER": "pingding", "PASSWORD": "p@ss/w:rd", "HOST": "", "PORT": "5432", "NAME": "pingding"}
    assert database_url(settings) == "postgres://pingding:p%40ss%2Fw%3Ard@127.0.0.1:5432/pingding"
    assert database_url(settings, port=5434) == "postgres://pingding:p%40ss%2Fw%3Ard@127.0.0.1:5434/pingding"


@pytest.fixture
def server_connection(live_env):
    """A connection named as the server's replica connections are, to the test database (standing in for the
    replica: the check reads ``pg_stat_activity`` of whichever cluster it is given)."""
    conn = psycopg2.connect(live_env["DATABASE_URL"], application_name=APPLICATION)
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture
def check(live_env):
    conn = psycopg2.connect(live_env["DATABASE_URL"], application_name="pingding-bench-check")
    conn.autocommit = True
    yield ReplicaCheck(conn)
    conn.close()


READ = Read("tile", "/tiles/components/15/1/1.mvt", lambda raw: None)


def run(conn, statement: str) -> None:
    with conn.cursor() as cursor:
        cursor.execute(statement)


def test_an_answer_counts_as_read_on_the_replica_only_for_a_statement_after_its_request(server_connection, check):
    run(server_connection, "SELECT 1")
    time.sleep(0.05)
    started = time.time()
    assert check(READ, started) is False  # its last statement is older than the request
    run(server_connection, "SELECT pg_is_in_recovery()")  # the router's state probe reads no layer
    assert check(READ, started) is False
    run(server_connection, "SELECT count(*) FROM layers_component")
    assert check(READ, started) is True
    assert check.checked == 3 and check.fell_back == [READ.path, READ.path]


def test_a_run_with_more_than_a_few_fallbacks_is_void(check):
    check.checked, check.fell_back = 100, ["/tiles/components/15/1/1.mvt"] * 5
    check.verdict()  # 5 %: those answers are left out, the figure stands
    check.fell_back.append("/api/snap?lon=1&lat=2")
    with pytest.raises(RuntimeError, match="6 of 100 answers of the replica server were read on the primary"):
        check.verdict()
