"""Reads through a real streaming replica (``scripts/replica.sh``; rules in ``web.dbrouter``), over the real server.

Proofs: with the replica's replay paused, a change committed on the primary is not yet in what a feature page
answers (so the page was read on the replica), and ``pg_stat_activity`` on the replica shows the server's own
connections ran the tile, WFS and snap statements there. A caller's write is in its next read (its cookie), a
replica lagging past the allowed lag or stopped is skipped (no 5xx), and ``/healthz`` reports lag and state.
"""
from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from tiles.grid import tile_at

from .conftest import replica_script, replica_start_following, sql_on_replica, wait_for

pytestmark = pytest.mark.live

APPLICATION = "pingding-replica-read"


@pytest.fixture
def component(primary_commit, replica):
    """A seeded point component: (id, name, lon, lat); its name is put back (on the primary) after the test and the
    replica follows the primary again."""
    fid, name, lon, lat = primary_commit(
        "SELECT id, name, ST_X(geom), ST_Y(geom) FROM layers_component WHERE GeometryType(geom) = 'POINT' "
        "ORDER BY id LIMIT 1")[0]
    yield fid, name, lon, lat
    replica_start_following()
    primary_commit("UPDATE layers_component SET name = %s WHERE id = %s AND name <> %s", (name, fid, name))


def name_of(url: str, session=requests) -> str:
    answer = session.get(url, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    return answer.json()["properties"]["name"]


def replica_statements(database: str) -> dict[str, str]:
    """The last statement of each of the server's connections to the replica, by backend and start time."""
    rows = sql_on_replica(
        f"select pid || '@' || query_start, replace(query, E'\\n', ' ') from pg_stat_activity "
        f"where application_name = '{APPLICATION}' and datname = '{database}'")
    return dict(line.split("|", 1) for line in rows.splitlines() if "|" in line)


def pause_replay(primary_commit) -> None:
    """Pause the replica's replay right after it replayed a fresh commit (the replica's lag counts from its last
    replayed commit, so the lag seen then starts at 0)."""
    lsn = primary_commit("SELECT pg_current_wal_lsn()::text FROM (SELECT txid_current()) AS fresh_commit")[0][0]
    wait_for(lambda: sql_on_replica(f"select pg_last_wal_replay_lsn() >= '{lsn}'") == "t", what="replay of a commit")
    sql_on_replica("select pg_wal_replay_pause()")
    wait_for(lambda: sql_on_replica("select pg_get_wal_replay_pause_state()") == "paused", what="replay paused")


def test_a_feature_page_is_read_on_the_replica(replica_server, component, primary_commit):
    fid, name, _, _ = component
    url = f"{replica_server}/ogc/collections/components/items/{fid}"
    wait_for(lambda: name_of(url) == name, what="the replica serving the page")
    pause_replay(primary_commit)
    changed = f"副本测试 {uuid.uuid4().hex[:6]}"
    primary_commit("UPDATE layers_component SET name = %s WHERE id = %s", (changed, fid))
    assert primary_commit("SELECT name FROM layers_component WHERE id = %s", (fid,))[0][0] == changed
    assert name_of(url) == name  # the replica has not replayed the change: the page came from it
    page = requests.get(f"{replica_server}/ogc/collections/components/items?limit=3000", timeout=60)
    # limit past PINGDING_STREAM_CHUNK_ROWS: a streamed page (a server-side cursor in a transaction) on the replica
    assert page.status_code == 200 and len(page.json()["features"]) == page.json()["numberMatched"] > 1000
    assert changed not in page.text and name in page.text
    sql_on_replica("select pg_wal_replay_resume()")
    wait_for(lambda: name_of(url) == changed, what="the change replayed on the replica")


@pytest.mark.parametrize("kind", ["tile", "wfs", "snap"])
def test_tiles_wfs_and_snapping_run_on_the_replica(replica_server, component, test_database, kind):
    _, _, lon, lat = component
    tile = tile_at(lon, lat, 16)
    path, marker = {
        "tile": (f"/tiles/components/{tile.z}/{tile.x}/{tile.y}.mvt", "pingding_"),  # the cache read or the tile's
        "wfs": ("/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=pd:components&COUNT=3"
                "&RESULTTYPE=hits", "SELECT (SELECT count(*)"),
        "snap": (f"/api/snap?lon={lon}&lat={lat}", "WITH grid AS MATERIALIZED"),
    }[kind]
    before = replica_statements(test_database["NAME"])
    answer = requests.get(replica_server + path, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    after = replica_statements(test_database["NAME"])
    ran = [query for backend, query in after.items() if backend not in before]
    assert any(marker in query for query in ran), ran


def test_a_caller_reads_its_own_write_from_the_primary(replica_server, component, live_editor, primary_commit):
    fid, name, _, _ = component
    url = f"{replica_server}/ogc/collections/components/items/{fid}"
    editor = requests.Session()
    editor.headers["Authorization"] = f"Bearer {live_editor}"
    got = editor.get(url, timeout=30)
    pause_replay(primary_commit)
    changed = f"自己的修改 {uuid.uuid4().hex[:6]}"
    patched = editor.patch(url, data=json.dumps({"properties": {"name": changed}}, ensure_ascii=False).encode(),
                           headers={"Content-Type": "application/merge-patch+json", "If-Match": got.headers["ETag"]},
                           timeout=30)
    assert patched.status_code == 200, patched.text[:300]
    assert int(patched.headers["Pingding-Wrote"]) > 0 and "pingding_wrote" in editor.cookies
    assert name_of(url, editor) == changed  # its cookie: the replica has not replayed the write, so the primary
    assert name_of(url) == name  # another caller reads the replica, which has not replayed it yet
    token_client = {"Pingding-Wrote": patched.headers["Pingding-Wrote"]}
    assert requests.get(url, headers=token_client, timeout=30).json()["properties"]["name"] == changed
    sql_on_replica("select pg_wal_replay_resume()")
    wait_for(lambda: name_of(url) == changed, what="the write replayed on the replica")
    assert name_of(url, editor) == changed


def test_a_lagging_replica_is_skipped_and_healthz_says_so(replica_server, component, primary_commit):
    fid, name, _, _ = component
    url = f"{replica_server}/ogc/collections/components/items/{fid}"
    healthy = requests.get(f"{replica_server}/healthz", timeout=30).json()
    assert healthy["replica"]["state"] in ("streaming", "lagging") and healthy["replica"]["lag_bytes"] >= 0
    pause_replay(primary_commit)
    changed = f"滞后 {uuid.uuid4().hex[:6]}"
    primary_commit("UPDATE layers_component SET name = %s WHERE id = %s", (changed, fid))
    assert name_of(url) == name

    def lagging() -> bool:
        return requests.get(f"{replica_server}/healthz", timeout=30).json()["replica"]["state"] == "lagging"

    wait_for(lagging, timeout=40, what="the replica lagging")  # past PINGDING_REPLICA_MAX_LAG (15 s) of the server
    time.sleep(0.3)  # past PINGDING_REPLICA_CHECK_SECONDS: every process has seen it
    assert name_of(url) == changed  # read on the primary
    health = requests.get(f"{replica_server}/healthz", timeout=30)
    assert health.status_code == 200
    replica = health.json()["replica"]
    assert replica["state"] == "lagging" and replica["lag_seconds"] > 15
    assert replica["lag_bytes"] > 0 and replica["replay_lag_bytes"] > 0


def test_a_stopped_replica_is_skipped_without_an_error(replica_server, component, primary_commit):
    fid, _, lon, lat = component
    url = f"{replica_server}/ogc/collections/components/items/{fid}"
    tile = tile_at(lon, lat, 15)
    paths = [f"/ogc/collections/components/items/{fid}", f"/tiles/components/{tile.z}/{tile.x}/{tile.y}.mvt",
             f"/api/snap?lon={lon}&lat={lat}", "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature"
             "&TYPENAMES=pd:components&COUNT=3"]
    for path in paths:  # every process and thread holds a connection to the replica
        for _ in range(4):
            assert requests.get(replica_server + path, timeout=30).status_code == 200
    replica_script("stop")
    try:
        changed = f"停止 {uuid.uuid4().hex[:6]}"
        primary_commit("UPDATE layers_component SET name = %s WHERE id = %s", (changed, fid))
        for _ in range(3):
            for path in paths:
                answer = requests.get(replica_server + path, timeout=30)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        assert name_of(url) == changed
        health = requests.get(f"{replica_server}/healthz", timeout=30)
        assert health.status_code == 200 and health.json()["replica"] == {"state": "down", "lag_seconds": None,
                                                                          "replay_lag_bytes": None}
    finally:
        replica_start_following()
    wait_for(lambda: requests.get(f"{replica_server}/healthz", timeout=30).json()["replica"]["state"] == "streaming",
             what="the replica streaming again")
