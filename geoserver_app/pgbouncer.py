"""PgBouncer in transaction mode between the app servers and PostgreSQL (Debian's ``pgbouncer``).

:func:`render_pgbouncer_conf` fills ``deploy/pgbouncer.ini.in`` and writes it, with the user list (the application
role and its password, readable by PgBouncer's user only), into a run directory (``var/pgbouncer`` for
``python -m geoserver_app.pgbouncer``); :func:`pooling` runs PgBouncer on it until the block ends, its log in
``pgbouncer.log`` there. PgBouncer refuses to run as root: run as root, it reads its files as root and then
switches to ``postgres`` (``-u``), so the user list stays readable by root only.

``python -m geoserver_app.pgbouncer --listen 127.0.0.1:6432 --pool-size 20`` runs it in the foreground in front of
``DATABASE_URL``'s server; the app servers then take ``DATABASE_URL`` with port 6432 and
``PINGDING_DB_TRANSACTION_POOLING=1`` (``docs/scaling.md``).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "pgbouncer.ini.in"
RUN_AS = "postgres"


@dataclass(frozen=True)
class Upstream:
    """The PostgreSQL server PgBouncer connects to, and the one role it lets clients in as."""

    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> Upstream:
        parts = urlsplit(url)
        return cls(parts.hostname or "127.0.0.1", parts.port or 5432, unquote(parts.username or ""),
                   unquote(parts.password or ""))


def render_pgbouncer_conf(*, run_dir: Path, listen: str, upstream: Upstream, pool_size: int,
                          max_clients: int = 400) -> Path:
    """Write ``pgbouncer.ini`` and ``userlist.txt`` into ``run_dir``; returns the ini's path."""
    host, _, port = listen.rpartition(":")
    run_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "UPSTREAM_HOST": upstream.host, "UPSTREAM_PORT": str(upstream.port), "LISTEN_HOST": host,
        "LISTEN_PORT": port, "STATS_USER": upstream.user, "POOL_SIZE": str(pool_size),
        "MAX_CLIENTS": str(max_clients), "RUN_DIR": str(run_dir),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    ini = run_dir / "pgbouncer.ini"
    ini.write_text(text)
    users = run_dir / "userlist.txt"
    users.touch(mode=0o600)
    users.chmod(0o600)
    quoted = upstream.password.replace('"', '""')
    users.write_text(f'"{upstream.user}" "{quoted}"\n')
    return ini


def pgbouncer_command(ini: Path) -> list[str]:
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise RuntimeError("pgbouncer is not installed; run: bash scripts/install_os_packages.sh (as root)")
    return [binary, "-u", RUN_AS, str(ini)] if os.geteuid() == 0 else [binary, str(ini)]


@contextlib.contextmanager
def pooling(*, run_dir: Path, listen: str, upstream: Upstream, pool_size: int) -> Iterator[subprocess.Popen]:
    """Run PgBouncer on ``listen`` (host:port) until the block ends; waits until it accepts connections."""
    ini = render_pgbouncer_conf(run_dir=run_dir, listen=listen, upstream=upstream, pool_size=pool_size)
    with (run_dir / "pgbouncer.log").open("ab") as log:
        process = subprocess.Popen(pgbouncer_command(ini), cwd="/", stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_listening(listen, process, run_dir)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # PgBouncer: safe shutdown
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_listening(listen: str, process: subprocess.Popen, run_dir: Path, timeout: float = 20.0) -> None:
    host, _, port = listen.rpartition(":")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = run_dir / "pgbouncer.log"
            raise RuntimeError(f"pgbouncer exited ({process.returncode}): {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"pgbouncer does not listen on {listen}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Run PgBouncer (transaction mode) in front of DATABASE_URL's server.")
    parser.add_argument("--listen", default="127.0.0.1:6432")
    parser.add_argument("--pool-size", type=int, default=20, help="PostgreSQL connections at most")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "var" / "pgbouncer")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or (ROOT / "var" / "database_url").read_text().strip()
    with pooling(run_dir=args.run_dir.resolve(), listen=args.listen, upstream=Upstream.from_url(url),
                 pool_size=args.pool_size) as process:
        print(f"pgbouncer on {args.listen} (transaction pooling, at most {args.pool_size} server connections; "
              f"log {args.run_dir / 'pgbouncer.log'}); Ctrl-C stops it")
        with contextlib.suppress(KeyboardInterrupt):
            process.wait()


if __name__ == "__main__":
    main()
