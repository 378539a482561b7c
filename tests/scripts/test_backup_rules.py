"""scripts/backup.sh's rules on a small empty cluster: retention takes the media snapshots with the backups it expires,
and a restore refuses to overwrite anything it was not asked to (the running cluster, an existing one) or bad input."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.scripts.clusters import create_cluster

pytestmark = pytest.mark.live

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "backup.sh"


def backup_sh(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def small(django_db_blocker):
    assert os.geteuid() == 0, "the backup tests run as root (pgBackRest runs as postgres through runuser), as CI does"
    with django_db_blocker.unblock():
        version = str(connection.pg_version // 10000)
    base = Path(tempfile.mkdtemp(prefix="pingding-backup-rules-"))
    base.chmod(0o755)
    (base / "data").mkdir()
    (base / "data" / "photo.jpg").write_bytes(b"\xff\xd8")
    cluster = create_cluster(version, f"bkr{os.getpid()}")
    env = {**os.environ, "PINGDING_PG_CLUSTER": cluster.name, "PINGDING_BACKUP_REPO": str(base / "repo"),
           "PINGDING_BACKUP_CONF_DIR": str(base / "etc"), "PINGDING_DATA_DIR": str(base / "data"),
           "PINGDING_BACKUP_RETENTION_FULL": "1"}
    try:
        assert backup_sh(env, "setup").returncode == 0
        yield cluster, env, base
    finally:
        cluster.drop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def test_cluster(django_db_blocker) -> str:
    """The name of the Debian cluster holding the test database (an existing cluster a restore must not touch)."""
    with django_db_blocker.unblock():
        port = int(connection.settings_dict["PORT"] or 5432)
    lines = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.splitlines()
    return next(line.split()[1] for line in lines if int(line.split()[2]) == port)


def test_retention_expires_the_media_snapshots_with_their_backup(small):
    cluster, env, base = small
    first = backup_sh(env, "backup", "full").stdout.strip()
    assert backup_sh(env, "media").returncode == 0
    time.sleep(1.1)  # snapshots and backups are ordered by the second: one in the same second as a backup is kept
    second = backup_sh(env, "backup", "full").stdout.strip()
    assert first and second and first != second
    info = backup_sh(env, "info").stdout
    assert second in info and first not in info
    snapshots = sorted(path.name for path in (base / "repo" / "media").iterdir())
    assert len(snapshots) == 1 and snapshots[0].endswith(f"_{second}.tar.enc")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("backup", "weekly"), "backup type must be full, diff or incr (got 'weekly')"),
        (("restore", "--target-time", "yesterdayish"), "--target-time 'yesterdayish' is not a time"),
        (("restore", "--target-time", "2026-12-05 22:00:00"), "needs its UTC offset"),
        (("restore", "--to-cluster", "{cluster}"), "use --in-place to restore over it"),
        (("restore", "--to-cluster", "{test_cluster}"), "exists; pick another --to-cluster"),
        (("restore", "--in-place", "--to-cluster", "other"), "--in-place restores over"),
        (("restore", "--as-of", "now"), "unknown restore option '--as-of'"),
    ],
)
def test_a_restore_overwrites_nothing_it_was_not_asked_to(small, test_cluster, args, message):
    cluster, env, _ = small
    result = backup_sh(env, *(arg.format(cluster=cluster.name, test_cluster=test_cluster) for arg in args))
    assert result.returncode == 1
    assert message in result.stderr
    assert cluster.sql("select 1", database="postgres") == "1"  # still running, untouched
