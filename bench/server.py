"""The application server (uWSGI, as ``make run`` starts it: ``geoserver_app.server``) on a free loopback port,
for benchmarks."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import requests

from geoserver_app.server import ROOT, server_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_server(
    *, env: dict[str, str] | None = None, processes: int = 1, timeout_s: float = 30.0
) -> Iterator[tuple[str, int]]:
    """Start the server with ``processes`` workers; yield (base URL, pid of the first worker)."""
    port = free_port()
    process_env = {**os.environ, **(env or {}), "PINGDING_LOG_LEVEL": "WARNING"}
    log = tempfile.TemporaryFile()  # not a pipe: a long run's log lines would fill it and stall the server
    process = subprocess.Popen(
        server_command(bind=f"127.0.0.1:{port}", processes=processes),
        cwd=ROOT, env=process_env, stdout=log, stderr=subprocess.STDOUT,
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
                process.kill()
                log.seek(0)
                raise RuntimeError(f"the server did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base, _worker_pid(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _worker_pid(master_pid: int) -> int:
    import psutil

    children = psutil.Process(master_pid).children()
    return children[0].pid if children else master_pid
