"""Four app servers (nginx and uWSGI, 2 processes of 2 threads each: 16 database clients) behind PgBouncer in
transaction mode with a pool of 4 PostgreSQL connections, under concurrent reads (streamed feature pages, tiles at
a zoom whose statements were prepared, snaps) and writes (PATCHes): no error, and the test database never sees more
than 4 connections from them while PgBouncer holds more clients than that."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack

import psycopg2
import pytest
import requests
from django.db import connection

from geoserver_app.pgbouncer import Upstream, pooling
from geoserver_app.server import serving
from tiles.grid import tile_at

pytestmark = pytest.mark.live

POOL = 4
SERVERS = 4
SECONDS = 8.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        return {**connection.settings_dict, "test_pid": pid}


@pytest.fixture(scope="module")
def pooled_servers(database, live_env, tmp_path_factory) -> Iterator[tuple[list[str], int]]:
    """The four servers' URLs and PgBouncer's port."""
    upstream = Upstream(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432), database["USER"],
                        database["PASSWORD"])
    port = free_port()
    run_dir = tmp_path_factory.mktemp("pgbouncer")
    env = {
        **live_env,
        "DATABASE_URL": f"postgres://{upstream.user}:{upstream.password}@127.0.0.1:{port}/{database['NAME']}",
        "DATABASE_CONN_MAX_AGE": "60",
        "PINGDING_DB_TRANSACTION_POOLING": "1",
    }
    with ExitStack() as stack:
        stack.enter_context(pooling(run_dir=run_dir, listen=f"127.0.0.1:{port}", upstream=upstream, pool_size=POOL))
        urls = []
        for n in range(SERVERS):
            server_dir = tmp_path_factory.mktemp(f"pooled-{n}")
            log = stack.enter_context((server_dir / "server.log").open("wb"))
            front = stack.enter_context(serving(bind=f"127.0.0.1:{free_port()}", processes=2, run_dir=server_dir,
                                                env=env, output=log))
            urls.append(front.url)
        yield urls, port


@pytest.fixture
def editors(django_db_blocker, database) -> Iterator[list[tuple[str, int, str]]]:
    """Per server: a committed editor's token, a point component of its own and that component's name (put back)."""
    from django.contrib.auth import get_user_model

    from accounts.services import create_account, new_token
    from layers.models import Component

    with django_db_blocker.unblock():
        create_account("pooled.editor", "gis_editor")
        token = new_token("pooled.editor", name="pool tests")[1]
        picked = list(Component.objects.filter(geom__isnull=False).extra(where=["GeometryType(geom) = 'POINT'"])
                      .order_by("-id").values_list("id", "name")[:SERVERS])
    yield [(token, fid, name) for fid, name in picked]
    with django_db_blocker.unblock():
        for fid, name in picked:
            Component.objects.filter(pk=fid).update(name=name)
        get_user_model().objects.filter(username="pooled.editor").delete()


def connections_now(sampler, database: dict) -> int:
    with sampler.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend' "
            "AND pid <> pg_backend_pid() AND pid <> %s", (database["NAME"], database["test_pid"]))
        return cursor.fetchone()[0]


def pooled_clients(port: int, database: dict) -> int:
    console = psycopg2.connect(host="127.0.0.1", port=port, dbname="pgbouncer", user=database["USER"],
                               password=database["PASSWORD"])
    console.autocommit = True
    try:
        with console.cursor() as cursor:
            cursor.execute("SHOW CLIENTS")
            names = [column.name for column in cursor.description]
            return sum(1 for row in cursor.fetchall() if row[names.index("database")] == database["NAME"])
    finally:
        console.close()


def reader(base: str, lon: float, lat: float, stop: threading.Event, errors: list, counts: list) -> None:
    session = requests.Session()
    paths = ["/ogc/collections/components/items?limit=3000", f"/api/snap?lon={lon}&lat={lat}"]
    for z in (14, 16):
        tile = tile_at(lon, lat, z)
        paths += [f"/tiles/components/{tile.z}/{tile.x}/{tile.y}.mvt", f"/tiles/grids/{tile.z}/{tile.x}/{tile.y}.mvt"]
    while not stop.is_set():
        for path in paths:
            answer = session.get(base + path, timeout=60)
            if answer.status_code not in (200, 204):
                errors.append((path, answer.status_code, answer.text[:200]))
            counts.append(1)


def writer(base: str, token: str, fid: int, stop: threading.Event, errors: list, counts: list) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    url = f"{base}/ogc/collections/components/items/{fid}"
    n = 0
    while not stop.is_set():
        got = session.get(url, timeout=60)
        if got.status_code != 200:
            errors.append(("GET", got.status_code, got.text[:200]))
            return
        body = json.dumps({"properties": {"name": f"连接池 {n}"}}, ensure_ascii=False).encode()
        patched = session.patch(url, data=body, timeout=60,
                                headers={"Content-Type": "application/merge-patch+json", "If-Match": got.headers["ETag"]})
        if patched.status_code != 200:
            errors.append(("PATCH", patched.status_code, patched.text[:200]))
        n += 1
        counts.append(1)


def test_four_servers_share_a_small_pool_without_errors(pooled_servers, editors, database):
    urls, port = pooled_servers
    lon, lat = 113.627, 37.795
    stop, errors, reads, writes = threading.Event(), [], [], []
    threads = [threading.Thread(target=reader, args=(url, lon, lat, stop, errors, reads)) for url in urls for _ in range(3)]
    threads += [threading.Thread(target=writer, args=(url, token, fid, stop, errors, writes))
                for url, (token, fid, _) in zip(urls, editors)]
    sampler = psycopg2.connect(host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432,
                               user=database["USER"], password=database["PASSWORD"], dbname=database["NAME"])
    sampler.autocommit = True
    peak, clients = 0, 0
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            peak = max(peak, connections_now(sampler, database))
            clients = max(clients, pooled_clients(port, database))
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        sampler.close()
    print(f"\n{len(reads)} reads, {len(writes)} writes in {SECONDS:.0f} s; PostgreSQL connections at most {peak}, "
          f"PgBouncer clients at most {clients}")
    assert errors == []
    assert len(writes) >= SERVERS and len(reads) >= 50
    assert 0 < peak <= POOL
    assert clients > POOL
