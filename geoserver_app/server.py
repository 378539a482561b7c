"""The server of ``make run``, of the live tests and of the benchmarks: the nginx front and uWSGI behind it.

:func:`serving` renders ``deploy/nginx.conf.in`` into a run directory (``var/front`` for ``make run``), starts uWSGI
(``deploy/uwsgi.ini``) on a Unix socket there, then nginx (Debian's ``/usr/sbin/nginx``, unprivileged, its pid,
temporary files and logs in that directory) on ``host:port``, speaking the uwsgi protocol to it; leaving the
``with`` block stops both. With ``worker=True`` a job worker (``manage.py jobs_worker``) runs beside them and stops
with them. The workers' ``/metrics`` values are files of ``run_dir/metrics`` (``PROMETHEUS_MULTIPROC_DIR``, emptied at
start). ``python -m geoserver_app.server --bind 127.0.0.1:8000 --processes 3`` runs all three in the foreground
until Ctrl-C or SIGTERM (``make run``); if any process dies, the others are stopped and it exits 1.
The live tests (``tests/conftest.py``) and the benchmarks (``bench/server.py``) use the same function, so they
test and measure what is served.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import grp
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UWSGI_INI = DEPLOY / "uwsgi.ini"
NGINX_TEMPLATE = DEPLOY / "nginx.conf.in"
NGINX = "/usr/sbin/nginx"
_START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Front:
    """A running server: its base URL, the two processes (and the job worker, if any) and the run directory."""

    url: str
    nginx: subprocess.Popen
    uwsgi: subprocess.Popen
    run_dir: Path
    worker: subprocess.Popen | None = None

    def failed(self) -> subprocess.Popen | None:
        """The process that has exited, if one has."""
        processes = (self.nginx, self.uwsgi, self.worker)
        return next((p for p in processes if p is not None and p.poll() is not None), None)


def process_name(process: subprocess.Popen) -> str:
    """``nginx``, ``uwsgi`` or ``jobs_worker``: how the messages name a process of the server."""
    return "jobs_worker" if "jobs_worker" in process.args else Path(process.args[0]).name


def render_nginx_conf(
    *, run_dir: Path, listen: str, upstream: str, buffering: bool = True
) -> Path:
    """``deploy/nginx.conf.in`` with its ``@NAME@`` placeholders filled in, written to ``run_dir/nginx.conf``.

    ``listen`` is nginx's ``host:port``; ``upstream`` is uWSGI's socket as nginx names it (``unix:/path`` or
    ``127.0.0.1:port``). Run as root, the workers run as root too (they must reach the socket and the temporary
    directories of the run directory); run as anyone else, nginx runs as that user and the ``user`` line is left out.
    """
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "temp" / sub).mkdir(parents=True, exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(0).gr_name};"
    values = {
        "USER": user, "RUN_DIR": str(run_dir), "LISTEN": listen, "UPSTREAM": upstream,
        "ERRORS_DIR": str(DEPLOY / "errors"), "BUFFERING": "on" if buffering else "off",
    }
    text = NGINX_TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    conf = run_dir / "nginx.conf"
    conf.write_text(text)
    return conf


def _uwsgi_command(*, socket: str, processes: int) -> list[str]:
    uwsgi = Path(sys.executable).parent / "uwsgi"
    return [str(uwsgi), "--ini", str(UWSGI_INI), "--socket", socket, "--processes", str(processes)]


def worker_command() -> list[str]:
    """The job worker: ``manage.py jobs_worker`` with this interpreter."""
    return [sys.executable, str(ROOT / "manage.py"), "jobs_worker"]


def _nginx_command(conf: Path, run_dir: Path) -> list[str]:
    nginx = NGINX if Path(NGINX).exists() else shutil.which("nginx")
    if nginx is None:
        raise RuntimeError("nginx is not installed; run: bash scripts/install_os_packages.sh (as root)")
    return [nginx, "-p", str(run_dir), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"]


@contextlib.contextmanager
def serving(
    *, bind: str, processes: int, run_dir: Path | None = None, env: Mapping[str, str] | None = None,
    output: IO | None = None, upstream: str = "unix", buffering: bool = True, worker: bool = False,
) -> Iterator[Front]:
    """Serve the project on ``bind`` (host:port) with ``processes`` uWSGI workers behind nginx, until the block ends.

    ``upstream`` is ``"unix"`` (a socket in the run directory, the default) or ``"tcp"`` (a free loopback port),
    ``buffering`` nginx's ``uwsgi_buffering`` (both for the benchmarks to compare). ``output`` takes both processes'
    output (default: this process's). ``worker``: start the job worker too (``make run``). Waits until ``/healthz``
    answers through the front (any status)."""
    run_dir = Path(run_dir or ROOT / "var" / "front").resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    if upstream == "unix":
        socket = str(run_dir / "uwsgi.sock")
        nginx_upstream = f"unix:{socket}"
    else:
        socket = nginx_upstream = f"127.0.0.1:{_free_port()}"
    conf = render_nginx_conf(run_dir=run_dir, listen=bind, upstream=nginx_upstream, buffering=buffering)
    metrics_dir = metrics_directory(run_dir)
    popen = {"cwd": ROOT, "env": {**os.environ, **(env or {}), "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
             "stdout": output,
             "stderr": subprocess.STDOUT if output is not None else None}
    with contextlib.ExitStack() as stack:
        uwsgi = subprocess.Popen(_uwsgi_command(socket=socket, processes=processes), **popen)
        stack.callback(_stop, uwsgi)
        nginx = subprocess.Popen(_nginx_command(conf, run_dir), **popen)
        stack.callback(_stop, nginx)
        jobs = None
        if worker:
            jobs = subprocess.Popen(worker_command(), **popen)
            stack.callback(_stop, jobs)
        front = Front(url=f"http://{bind}", nginx=nginx, uwsgi=uwsgi, run_dir=run_dir, worker=jobs)
        _wait_until_up(front)
        yield front


def metrics_directory(run_dir: Path) -> Path:
    """``run_dir/metrics``, emptied: where the uWSGI workers keep their ``/metrics`` values
    (``PROMETHEUS_MULTIPROC_DIR``, one file per process and kind, summed at scrape time). Values of an earlier run must
    not add to this one's."""
    directory = run_dir / "metrics"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    return directory


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM (nginx: fast shutdown; uWSGI: ``die-on-term``; the job worker: after its current job), then SIGKILL
    after 15 s (a job killed so stays ``running``; re-run it)."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(front: Front) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if (dead := front.failed()) is not None:
            raise RuntimeError(f"{process_name(dead)} exited with code {dead.returncode} while starting")
        try:
            with urllib.request.urlopen(f"{front.url}/healthz", timeout=5) as answer:
                answer.read()
                return
        except urllib.error.HTTPError as error:
            if error.code not in (502, 503, 504):  # 502: nginx is up, uWSGI not yet
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {front.url}/healthz within {_START_TIMEOUT_S:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geoserver_app.server", description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port of the front (default %(default)s)")
    parser.add_argument("--processes", type=int, default=3, help="uWSGI worker processes (default %(default)s)")
    parser.add_argument("--run-dir", type=Path, default=None, help="config, pid, sockets, logs (default var/front)")
    parser.add_argument("--no-worker", dest="worker", action="store_false", help="do not start the job worker")
    args = parser.parse_args(argv)

    stopping = []

    def stop(signum, frame):  # noqa: ARG001
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with serving(bind=args.bind, processes=args.processes, run_dir=args.run_dir, worker=args.worker) as front:
        print(f"serving on {front.url}/ (nginx in front of uWSGI, and the job worker; Ctrl-C stops them)", flush=True)
        while not stopping and front.failed() is None:
            time.sleep(0.2)
        dead = front.failed()
    if dead is not None and not stopping:
        print(f"{process_name(dead)} exited with code {dead.returncode}; stopped the server", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
