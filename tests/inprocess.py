"""The WSGI application served in the test's own thread, so on the test's connection and inside its rolled-back
transaction: for clients that call it in-process (schemathesis) and for programs in other processes (``curl`` of a
README example), which then see the rows the test made and leave nothing behind."""
from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.core import signals
from django.db import close_old_connections

from geoserver_app.wsgi import django_application


@contextmanager
def connection_kept() -> Iterator[None]:
    """Django's WSGI handler closes the connection after each request; the test's transaction needs it open (as
    Django's test client does, which connects the receivers again after each of its requests)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # the server's own request log says enough
        pass


def run_against_the_application(script: str, *, env: dict[str, str], base: str = "http://127.0.0.1:8000",
                                timeout_s: float = 60) -> tuple[int, str]:
    """Run ``script`` in bash (``-euo pipefail``) with ``base`` in it pointing at the application, served one
    request at a time in this thread until bash ends; ``(exit status, stdout and stderr)``."""
    server = make_server("127.0.0.1", 0, django_application, handler_class=_Quiet)
    server.timeout = 0.05
    script = script.replace(base, f"http://127.0.0.1:{server.server_port}")
    try:
        with tempfile.TemporaryFile() as output, connection_kept():
            process = subprocess.Popen(["bash", "-euo", "pipefail", "-c", script], stdout=output,
                                       stderr=subprocess.STDOUT, env=env)
            deadline = time.monotonic() + timeout_s
            while process.poll() is None and time.monotonic() < deadline:
                server.handle_request()
            if process.poll() is None:
                process.kill()
                process.wait()
            output.seek(0)
            return process.returncode, output.read().decode().replace(f"http://127.0.0.1:{server.server_port}", base)
    finally:
        server.server_close()
