"""A province test database, once per session: a fresh database beside the test one (``<test db>_province``),
migrated, seeded with the small test county and then ``seed_province --counties 3``; dropped at the end.

It is built as an operator would, by ``manage.py`` in a subprocess with ``DATABASE_URL`` set to it (``province.manage``).
``province`` yields its URL and a DB-API connection factory; ``province_url`` a real server (nginx and uWSGI, as
``make run``) over it. Tests read it with their own connections: nothing a test changes is committed
unless the test says so (the edit test commits its one change and undoes it)."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from geoserver_app.server import serving
from tests.conftest import TEST_SCALE, TEST_SEED, _database_url, _free_port

COUNTIES = 3
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Province:
    url: str

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "DATABASE_CONN_MAX_AGE": "0",
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")}

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``manage.py *args`` against the province database; its output captured as text."""
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=self.env(), cwd=ROOT,
                              capture_output=True, text=True, timeout=600, check=check)

    def connect(self):
        """A new autocommit-off DB-API connection to the province database (close it yourself)."""
        return psycopg2.connect(self.url.replace("postgres://", "postgresql://", 1))


def _admin_connection(settings: dict):
    url = _database_url({**settings, "NAME": "postgres"}).replace("postgres://", "postgresql://", 1)
    admin = psycopg2.connect(url)
    admin.autocommit = True
    return admin


@pytest.fixture(scope="session")
def province(django_db_setup, django_db_blocker) -> Iterator[Province]:
    with django_db_blocker.unblock():
        settings = dict(connection.settings_dict)
        name = f"{settings['NAME']}_province"
        admin = _admin_connection(settings)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        province = Province(_database_url({**settings, "NAME": name}))
        try:
            province.manage("migrate", "-v0")
            province.manage("seed_pingding", "--scale", str(TEST_SCALE), "--seed", str(TEST_SEED))
            province.manage("seed_province", "--counties", str(COUNTIES))
            yield province
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


@pytest.fixture(scope="session")
def province_url(province: Province, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    run_dir = tmp_path_factory.mktemp("province-live")
    env = {**province.env(), "PINGDING_DATA_DIR": str(run_dir / "data")}
    with (run_dir / "server.log").open("wb") as log, \
            serving(bind=f"127.0.0.1:{_free_port()}", processes=2, run_dir=run_dir, env=env, output=log) as front:
        yield front.url
