"""The server (the nginx front and uWSGI, as ``make run`` starts them: ``geoserver_app.server.serving``) on a free
loopback port, for benchmarks."""
from __future__ import annotations

import contextlib
import os
import secrets
import socket
import tempfile
from collections.abc import Iterator

from geoserver_app.server import ROOT, Front, serving


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_server(
    *, env: dict[str, str] | None = None, processes: int = 1, upstream: str = "unix", buffering: bool = True
) -> Iterator[tuple[str, int]]:
    """Start the server with ``processes`` workers, DEBUG off as under ``make run``; yield (base URL, pid of the
    first uWSGI worker). ``upstream`` and ``buffering`` as :func:`geoserver_app.server.serving` takes them."""
    with front_server(env=env, processes=processes, upstream=upstream, buffering=buffering) as front:
        yield front.url, _worker_pid(front.uwsgi.pid)


@contextlib.contextmanager
def front_server(
    *, env: dict[str, str] | None = None, processes: int = 1, upstream: str = "unix", buffering: bool = True,
    worker: bool = False,
) -> Iterator[Front]:
    """:func:`app_server`'s server, yielded whole (its processes, its run directory with ``access.log``); with
    ``worker``, the job worker runs beside it as under ``make run``."""
    process_env = {
        "PINGDING_PROFILE": "production", "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(48),
        **(env or {}), "PINGDING_LOG_LEVEL": "WARNING",
    }
    # The log is a file, not a pipe: a long run's log lines would fill a pipe and stall the server.
    with tempfile.TemporaryDirectory(prefix="pingding-bench-") as run_dir, \
            open(os.path.join(run_dir, "server.log"), "wb") as log, \
            serving(bind=f"127.0.0.1:{free_port()}", processes=processes, run_dir=run_dir, env=process_env,
                    output=log, upstream=upstream, buffering=buffering, worker=worker) as front:
        yield front


def _worker_pid(master_pid: int) -> int:
    import psutil

    children = psutil.Process(master_pid).children()
    return children[0].pid if children else master_pid
