"""QGIS as a real client: ``run_qgis`` runs ``qgis_probe.py`` with QGIS's own Python, headless, and returns its JSON.

QGIS 3.22 comes from Debian (``python3-qgis``, ``qgis-providers``; ``scripts/install_os_packages.sh`` installs them),
its bindings built for Debian's ``/usr/bin/python3``, not for the project's virtualenv: so QGIS runs in a
subprocess, with ``QT_QPA_PLATFORM=offscreen`` and a temporary ``HOME`` (QGIS writes its profile there, never in the
user's). One subprocess opens several layers: QGIS takes a few seconds to start.
"""
from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("qgis_probe.py")
QGIS_PYTHON = "/usr/bin/python3"
"""Debian's interpreter, the one ``python3-qgis`` is built for."""
QGIS_TIMEOUT_S = 180.0


def oapif_uri(base_url: str, collection: str, **options: str) -> str:
    """A data source of QGIS's OAPIF provider: the API's landing page URL (as a user types it) and a collection;
    ``options`` are the provider's other URI keys (e.g. ``restrictToRequestBBOX="1"``)."""
    keys = {"url": base_url, "typename": collection, **options}
    return " ".join(f"{key}='{value}'" for key, value in keys.items())


def run_probe(job: dict, home: Path, timeout: float = QGIS_TIMEOUT_S) -> dict:
    """What QGIS read for ``job`` (``qgis_probe.py``'s input and output); fails the test if QGIS fails."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    result = subprocess.run(
        [QGIS_PYTHON, str(PROBE)], input=json.dumps(job), capture_output=True, text=True, timeout=timeout, env=env,
        cwd=home,
    )
    assert result.returncode == 0, f"QGIS probe failed ({result.returncode}): {result.stderr[-3000:]}"
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def run_qgis(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict]:
    """``run_qgis({"layers": [...]})``: QGIS opens and reads the layers (see ``qgis_probe.py``) and says what it
    read. Each call starts QGIS once, with a fresh profile directory."""
    def run(job: dict, timeout: float = QGIS_TIMEOUT_S) -> dict:
        return run_probe(job, tmp_path_factory.mktemp("qgis-home"), timeout)

    return run
