"""scripts/backup.sh on real clusters: a point-in-time restore into a second cluster brings back exactly what was there
at T (every table's count, every layer's checksum, the media files) and nothing after; the repository is encrypted and
closed to everyone but postgres.

A throwaway cluster on its own port gets the seeded test database (pg_dump | pg_restore), its own stanza, repository,
config directory and key file in a temporary directory; both clusters are dropped at the end. Runs as root (pgBackRest
runs as postgres, as in CI and `make backup`).
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from layers.registry import LAYERS
from tests.scripts.clusters import (
    SOCKDIR,
    Cluster,
    as_postgres,
    create_cluster,
    file_hashes,
    layer_checksums,
    table_counts,
    tables,
)

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "backup.sh"
CANARY = f"pingding-canary-{uuid.uuid4().hex}"


def run_backup(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"backup.sh {' '.join(args)}:\n{result.stderr}"
    return result.stdout.strip()


@pytest.fixture(scope="module")
def workdir():
    assert os.geteuid() == 0, "the backup tests run as root (pgBackRest runs as postgres through runuser), as CI does"
    base = Path(tempfile.mkdtemp(prefix="pingding-backup-"))
    base.chmod(0o755)  # postgres goes through it to its own 0700 repository and config directory
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, workdir: Path):
    """A new cluster holding a copy of the seeded test database, as database ``pingding``."""
    with django_db_blocker.unblock():
        name, port = connection.settings_dict["NAME"], connection.settings_dict["PORT"] or "5432"
        version = str(connection.pg_version // 10000)
    cluster = create_cluster(version, f"bk{os.getpid()}")
    try:
        as_postgres(f"/usr/lib/postgresql/{version}/bin/createdb", "-h", SOCKDIR, "-p", str(cluster.port), "pingding")
        dump = workdir / "seed.dump"
        with dump.open("wb") as out:
            subprocess.run(["runuser", "-u", "postgres", "--", f"/usr/lib/postgresql/{version}/bin/pg_dump", "-Fc",
                            "-h", SOCKDIR, "-p", str(port), name], cwd="/", stdout=out, check=True, timeout=120)
        with dump.open("rb") as seed:
            as_postgres(f"/usr/lib/postgresql/{version}/bin/pg_restore", "--no-owner", "--no-privileges", "-h", SOCKDIR,
                        "-p", str(cluster.port), "-d", "pingding", stdin=seed)
        cluster.sql(f"create table backup_canary (note text); insert into backup_canary select '{CANARY}' "
                    "from generate_series(1, 100)")
        yield cluster
    finally:
        cluster.drop()


@pytest.fixture(scope="module")
def stanza(source: Cluster, workdir: Path):
    """``backup.sh setup`` and a full backup of ``source``: (environment of the script, the backup's label)."""
    data = workdir / "data"
    (data / "photos").mkdir(parents=True, mode=0o700)
    (data / "photos" / "before.jpg").write_bytes(b"\xff\xd8 photo taken before the backup " + CANARY.encode())
    env = {
        **os.environ,
        "PINGDING_PG_CLUSTER": source.name,
        "PINGDING_BACKUP_REPO": str(workdir / "repo"),
        "PINGDING_BACKUP_CONF_DIR": str(workdir / "etc"),
        "PINGDING_DATA_DIR": str(data),
        # Uncompressed, so that a plaintext missing from the repository is missing because of the cipher alone.
        "PINGDING_BACKUP_COMPRESS": "none",
    }
    run_backup(env, "setup")
    label = run_backup(env, "backup", "full")
    return env, label


def test_a_restore_to_a_time_brings_back_exactly_what_was_there(source: Cluster, stanza, workdir: Path):
    env, label = stanza
    assert label.endswith("F")
    # pgBackRest restores to a time from the newest backup that stopped strictly before it, comparing whole
    # seconds: a target within the backup's last second would find no backup set.
    time.sleep(1.1)
    data = Path(env["PINGDING_DATA_DIR"])
    component = next(layer for layer in LAYERS if layer.id == "components")
    first = source.sql(f'select min("{component.id_column}") from "{component.table}"')

    # After the backup: a layer edit (with its history row) and a photo, then a media snapshot as cron would take it.
    history_before = int(source.sql("select count(*) from layers_history"))
    source.sql(f"update \"{component.table}\" set name = name || ' (repaired)' where \"{component.id_column}\" = {first}")
    assert int(source.sql("select count(*) from layers_history")) == history_before + 1
    (data / "photos" / "after.jpg").write_bytes(b"\xff\xd8 photo of the repair")
    source.sql("insert into web_throttle values ('reports', '127.0.0.1', 60, 0, 3) on conflict do nothing")
    run_backup(env, "media")

    counts_at_t, sums_at_t, media_at_t = table_counts(source), layer_checksums(source, LAYERS), file_hashes(data)
    target = source.sql("select clock_timestamp()")
    time.sleep(1.1)

    # Later: another edit, a deletion, a new photo and its snapshot: none of it may come back.
    source.sql(f"update \"{component.table}\" set name = 'LATER' where \"{component.id_column}\" = {first}")
    source.sql("delete from backup_canary where ctid in (select ctid from backup_canary limit 10)")
    (data / "photos" / "later.jpg").write_bytes(b"\xff\xd8 photo taken after T")
    run_backup(env, "media")
    assert layer_checksums(source, [component]) != {"components": sums_at_t["components"]}

    restored_media = workdir / "restored-media"
    name, port = run_backup(env, "restore", "--target-time", target, "--to-cluster", f"{source.name}_r",
                            "--media-dir", str(restored_media)).split()
    restored = Cluster(source.version, name, int(port))
    try:
        assert restored.data_directory != source.data_directory
        assert table_counts(restored) == counts_at_t
        unlogged = tables(source, "u")
        assert "web_throttle" in unlogged and table_counts(restored, unlogged) == dict.fromkeys(unlogged, 0)
        assert layer_checksums(restored, LAYERS) == sums_at_t
        assert restored.sql(f"select name from \"{component.table}\" where \"{component.id_column}\" = {first}") \
            .endswith(" (repaired)")
        assert int(restored.sql("select count(*) from backup_canary")) == 100
        assert restored.sql("show archive_mode") == "off"  # the copy never pushes WAL into the source's repository
        assert file_hashes(restored_media) == media_at_t
        assert not (restored_media / "photos" / "later.jpg").exists()
        assert stat.S_IMODE(restored_media.stat().st_mode) == 0o700
        assert stat.S_IMODE((restored_media / "photos" / "after.jpg").stat().st_mode) == 0o600
    finally:
        restored.drop()
    # The source kept running, untouched by the restore.
    assert source.sql(f"select name from \"{component.table}\" where \"{component.id_column}\" = {first}") == "LATER"


def test_the_repository_is_encrypted_and_closed_to_others(source: Cluster, stanza, workdir: Path):
    env, label = stanza
    source.sql("checkpoint", database="postgres")
    data_files = [path for path in source.data_directory.rglob("*") if path.is_file()]
    assert any(CANARY.encode() in path.read_bytes() for path in data_files)  # the plaintext is there to be found

    repo = Path(env["PINGDING_BACKUP_REPO"])
    repo_files = [path for path in repo.rglob("*") if path.is_file() and not path.is_symlink()]
    assert any(path.parent.name == "media" for path in repo_files)
    assert any("archive" in path.parts for path in repo_files)
    assert not [path for path in repo_files if CANARY.encode() in path.read_bytes()]
    info = subprocess.run(["bash", str(SCRIPT), "info"], env=env, capture_output=True, text=True, timeout=60)
    assert "cipher: aes-256-cbc" in info.stdout and label in info.stdout

    key = workdir / "etc" / f"pingding-{source.name}.key"
    config = workdir / "etc" / f"pingding-{source.name}.conf"
    for path in (key, config):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.owner() == "postgres"
    assert len(key.read_text()) >= 32
    assert stat.S_IMODE(repo.stat().st_mode) == 0o700 and repo.owner() == "postgres"
    assert stat.S_IMODE((workdir / "etc").stat().st_mode) == 0o700
    for path in (path for path in repo.rglob("*") if not path.is_symlink()):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
