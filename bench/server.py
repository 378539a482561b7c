"""A real gunicorn server on a free loopback port, for benchmarks."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, env: dict[str, str] | None = None, workers: int = 1, timeout_s: float = 30.0) -> Iterator[tuple[str, int]]:
    """Start gunicorn with ``workers`` sync workers; yield (base URL, pid of the one worker if workers == 1)."""
    port = free_port()
    process_env = {**os.environ, **(env or {}), "PINGDING_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "geoserver_app.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "300"],
        cwd=ROOT, env=process_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield base, _worker_pid(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _worker_pid(master_pid: int) -> int:
    import psutil

    children = psutil.Process(master_pid).children()
    return children[0].pid if children else master_pid
