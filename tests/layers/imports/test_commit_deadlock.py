"""A commit that deadlocks with a concurrent edit of the same features (its DELETE and UPDATE lock rows in no set
order) answers 409, as a change since the dry run, and imports nothing; a real second connection makes the cycle."""
from __future__ import annotations

import threading
import time

import psycopg2
from django.db import connection

from layers.imports.models import Import
from layers.models import Component
from tests.conftest import _database_url

from .conftest import commit, geojson_bytes, upload
from .test_commit import _grid, _row


def _wait_until_waiting_for_a_lock(watcher, pid: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    with watcher.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() == ("Lock",):
                return
            time.sleep(0.02)
    raise AssertionError("the commit never waited for the other editor's lock")


def test_a_deadlock_with_a_concurrent_edit_answers_409_and_imports_nothing(client, account):
    grid, kept = _grid(referenced=False)
    others = sorted(Component.objects.filter(grid_id=grid).exclude(pk=kept.pk).values_list("pk", flat=True))
    _, token = account("grid_member", grids=[grid])
    row = _row(kept)
    row["name"] = f"{kept.name}（复测）"
    report = upload(client, token, geojson_bytes([row]), "grid.geojson", delete_missing="true").json()
    assert (report["counts"]["updates"], report["counts"]["deletions"]) == (1, len(others))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (committer,) = cursor.fetchone()
    url = _database_url(connection.settings_dict).replace("postgres://", "postgresql://", 1)
    other, watcher = psycopg2.connect(url), psycopg2.connect(url)
    watcher.autocommit = True
    holding, failures = threading.Event(), []

    def other_editor() -> None:
        """Holds the feature the commit updates, waits until the commit (which has deleted the others by then)
        waits for it, then edits one the commit deleted: each waits for the other."""
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT 1 FROM layers_component WHERE id = %s FOR UPDATE", [kept.pk])
                holding.set()
                _wait_until_waiting_for_a_lock(watcher, committer)
                cursor.execute("SELECT 1 FROM layers_component WHERE id = %s FOR UPDATE", [others[0]])
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            other.rollback()

    thread = threading.Thread(target=other_editor)
    thread.start()
    try:
        assert holding.wait(30)
        answer = commit(client, token, report["id"])
    finally:
        thread.join(60)
        other.close()
        watcher.close()
    assert not failures, failures
    assert answer.status_code == 409, answer.content
    body = answer.json()
    assert body["code"] == "InvalidRows" and body["description"].startswith(
        "Another edit changed features this import changes while it was committed; nothing was imported")
    assert Component.objects.filter(pk__in=others).count() == len(others)
    assert Component.objects.get(pk=kept.pk).name == kept.name
    assert Import.objects.get(pk=report["id"]).state == "failed"
