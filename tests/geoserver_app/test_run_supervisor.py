"""``python -m geoserver_app.server`` (what ``make run`` runs): nginx, uWSGI and the job worker started together, in
the foreground, and stopped together, on SIGTERM or when any of them dies."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from geoserver_app.server import ROOT

pytestmark = pytest.mark.live


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(live_env: dict, run_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "geoserver_app.server", "--bind", f"127.0.0.1:{port}", "--processes", "1",
         "--run-dir", str(run_dir)],
        cwd=ROOT, env=live_env, stdout=(run_dir / "out.log").open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, (run_dir / "out.log").read_text()
        if "serving on" in (run_dir / "out.log").read_text():
            return process, url
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start within 60 s")


def children(process: subprocess.Popen) -> dict[str, psutil.Process]:
    """nginx's and uWSGI's master processes and the job worker, by name."""
    found = {}
    for child in psutil.Process(process.pid).children():
        name = "nginx" if "nginx" in child.name() else "uwsgi" if "uwsgi" in child.name() else child.name()
        if "jobs_worker" in child.cmdline():
            name = "jobs_worker"
        found[name] = child
    return found


def gone(processes, timeout_s: float = 20.0) -> bool:
    _, alive = psutil.wait_procs(list(processes), timeout=timeout_s)
    return not alive


def test_sigterm_stops_nginx_uwsgi_and_the_job_worker(live_env, tmp_path):
    process, url = start(live_env, tmp_path)
    try:
        procs = children(process)
        assert set(procs) == {"nginx", "uwsgi", "jobs_worker"}
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as answer:
            assert answer.status == 200 and answer.headers["Server"] == "nginx"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert gone(procs.values())
        assert not (tmp_path / "uwsgi.sock").exists()
    finally:
        if process.poll() is None:
            process.kill()


def test_when_uwsgi_dies_nginx_is_stopped_and_the_exit_code_says_so(live_env, tmp_path):
    process, _ = start(live_env, tmp_path)
    try:
        procs = children(process)
        workers = procs["uwsgi"].children()
        assert workers
        os.kill(procs["uwsgi"].pid, signal.SIGKILL)
        assert process.wait(timeout=30) == 1
        assert gone([procs["nginx"], procs["jobs_worker"], *workers])  # no orphaned worker is left serving the socket
        assert "uwsgi exited" in (tmp_path / "out.log").read_text()
    finally:
        if process.poll() is None:
            process.kill()


def test_when_the_job_worker_dies_the_server_stops(live_env, tmp_path):
    process, _ = start(live_env, tmp_path)
    try:
        procs = children(process)
        os.kill(procs["jobs_worker"].pid, signal.SIGKILL)
        assert process.wait(timeout=30) == 1
        assert gone([procs["nginx"], procs["uwsgi"]])
        assert "jobs_worker exited" in (tmp_path / "out.log").read_text()
    finally:
        if process.poll() is None:
            process.kill()
