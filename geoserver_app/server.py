"""The command line of the application server: uWSGI with ``deploy/uwsgi.ini``, as ``make run`` starts it.

The live tests (``tests/conftest.py``) and the benchmarks (``bench/server.py``) start the server through
:func:`server_command`, so they measure and test what is served.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UWSGI_INI = ROOT / "deploy" / "uwsgi.ini"


def server_command(*, bind: str, processes: int) -> list[str]:
    """uWSGI of this virtualenv serving the project on ``bind`` (host:port) with ``processes`` workers."""
    uwsgi = Path(sys.executable).parent / "uwsgi"
    return [str(uwsgi), "--ini", str(UWSGI_INI), "--http11-socket", bind, "--processes", str(processes)]
