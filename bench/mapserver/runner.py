"""MapServer 8 behind lighttpd on a free loopback port, producing MVT from the same PostGIS table as our tiles.

:func:`mapserver` writes the MapServer configuration file, the mapfile (``components.map.in``, with the database
of ``DATABASE_URL`` and the layer's public attributes from the registry) and the lighttpd configuration into a
private temporary directory, starts ``lighttpd -D`` and yields a :class:`MapServer` once a tile comes back.
FastCGI is the way it is served (persistent ``mapserv`` processes); plain CGI, which starts a ``mapserv`` per
request, is only the fallback when FastCGI cannot be made to work, and the yielded ``protocol`` says which ran.
On leaving the block lighttpd and every ``mapserv`` it spawned are stopped by process id and the directory goes.

The database connection carries the planner settings that our tile statement sets for itself
(``tiles.selectors.PLANNER_SETTINGS``: no JIT, no parallel workers), so both run the same planner.
"""
from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from string import Template

import psutil
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from layers.registry import Layer
from tiles import conf

from ..server import free_port

HERE = Path(__file__).resolve().parent
OS_REQUIREMENTS = HERE.parent / "requirements-os.txt"
MAPSERV = "/usr/bin/mapserv"
MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
PLANNER_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"
PROBE_TILE = (0, 0, 20)
"""x, y, z of the north-west corner tile of the world at z20: empty, but its request opens the database connection."""


@dataclass(frozen=True)
class MapServer:
    """A running MapServer: ``url`` of mapserv, ``protocol`` ``"fastcgi"`` or ``"cgi"``, its ``mapserv -v`` line,
    and ``fallback``: why FastCGI was not used, when it was not."""

    url: str
    protocol: str
    version: str
    fallback: str = ""

    def tile_url(self, *, z: int, x: int, y: int, layers: str) -> str:
        return f"{self.url}?mode=tile&tilemode=gmap&tile={x}+{y}+{z}&layers={layers}&map.imagetype=mvt"


def os_packages() -> list[str]:
    """The Debian packages the MapServer comparison needs (``bench/requirements-os.txt``)."""
    lines = OS_REQUIREMENTS.read_text().splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def install_command() -> str:
    return f"apt-get update && apt-get install -y {' '.join(os_packages())}"


def version() -> str:
    """``mapserv -v``, e.g. ``MapServer version 8.0.0 OUTPUT=PNG ... SUPPORTS=PBF ...``."""
    return subprocess.run([MAPSERV, "-v"], capture_output=True, text=True, timeout=30).stdout.strip()


def unavailable() -> str | None:
    """Why MapServer cannot be compared here (with the command that fixes it), or None when it can."""
    if not Path(MAPSERV).exists() or shutil.which("lighttpd") is None:
        return f"MapServer comparison skipped: {MAPSERV} or lighttpd is missing; install with: {install_command()}"
    if "SUPPORTS=PBF" not in version():
        return f"MapServer comparison skipped: {MAPSERV} was built without MVT (SUPPORTS=PBF): {version()}"
    return None


def conninfo(database: dict) -> str:
    """A libpq connection string for a Django ``DATABASES`` entry, with our tile statement's planner settings."""
    values = {
        "host": database.get("HOST") or "127.0.0.1",
        "port": database.get("PORT") or "5432",
        "dbname": database["NAME"],
        "user": database.get("USER") or "",
        "password": database.get("PASSWORD") or "",
        "options": PLANNER_OPTIONS,
    }
    text = " ".join(f"{key}={_libpq_quote(str(value))}" for key, value in values.items() if value)
    if '"' in text:
        raise ImproperlyConfigured("The database settings contain a double quote, which a mapfile string cannot hold.")
    return text


def _libpq_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_files(workdir: Path, *, layer: Layer, port: int, protocol: str, processes: int) -> Path:
    """Fill the templates into ``workdir``; returns the lighttpd configuration file."""
    mapfile = workdir / "components.map"
    config_file = workdir / "mapserver.conf"
    _fill("components.map.in", mapfile, {
        "name": layer.id,
        "connection": conninfo(settings.DATABASES["default"]),
        "table": layer.table,
        "geom": layer.geometry_column,
        "pk": layer.id_column,
        "items": ",".join(layer.fields),
        "extent": conf.extent(),
        "edge_buffer_px": round(conf.buffer() * 256 / conf.extent()),
    })
    _fill("mapserver.conf.in", config_file, {"mapfile": mapfile})
    lighttpd_conf = workdir / "lighttpd.conf"
    _fill(f"lighttpd-{protocol}.conf.in", lighttpd_conf, {
        "workdir": workdir, "port": port, "mapserv": MAPSERV, "config_file": config_file, "processes": processes,
    })
    return lighttpd_conf


def _fill(template: str, target: Path, values: dict) -> None:
    target.write_text(Template((HERE / template).read_text()).substitute(values))


@contextlib.contextmanager
def mapserver(*, layer: Layer, processes: int = 2, timeout_s: float = 30.0) -> Iterator[MapServer]:
    """MapServer serving ``layer`` (the mapfile's group named after the layer id) over FastCGI, else over CGI."""
    options = {"layer": layer, "processes": processes, "timeout_s": timeout_s}
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(_serve(protocol="fastcgi", **options))
        except _StartFailed as failure:
            server = stack.enter_context(_serve(protocol="cgi", **options))
            server = replace(server, fallback=str(failure))
        yield server


class _StartFailed(RuntimeError):
    """lighttpd or mapserv did not answer a probe tile in time."""


@contextlib.contextmanager
def _serve(*, layer: Layer, protocol: str, processes: int, timeout_s: float) -> Iterator[MapServer]:
    with tempfile.TemporaryDirectory(prefix="pingding-mapserver-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        lighttpd_conf = write_files(workdir, layer=layer, port=port, protocol=protocol, processes=processes)
        with open(workdir / "lighttpd-stderr.log", "wb") as stderr:
            process = subprocess.Popen(
                [shutil.which("lighttpd"), "-D", "-f", str(lighttpd_conf)],
                cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
            )
        try:
            server = MapServer(url=f"http://127.0.0.1:{port}/mapserv", protocol=protocol, version=version())
            _wait_ready(server, layer, process, workdir, timeout_s)
            yield server
        finally:
            _stop(process)


def _wait_ready(server: MapServer, layer: Layer, process: subprocess.Popen, workdir: Path, timeout_s: float) -> None:
    x, y, z = PROBE_TILE
    url = server.tile_url(z=z, x=x, y=y, layers=layer.id)
    deadline = time.monotonic() + timeout_s
    answer = "no answer"
    while time.monotonic() < deadline and process.poll() is None:
        try:
            response = requests.get(url, timeout=5)
            if response.status_code == 200 and response.headers.get("Content-Type") == MVT_CONTENT_TYPE:
                return
            answer = f"HTTP {response.status_code} {response.headers.get('Content-Type')}: {response.text[:300]}"
        except requests.ConnectionError as error:
            answer = str(error)
        time.sleep(0.2)
    logs = " | ".join(
        path.read_text(errors="replace")[-600:] for path in sorted(workdir.glob("lighttpd-*.log")) if path.exists()
    )
    raise _StartFailed(f"MapServer over {server.protocol} did not serve a tile: {answer}; lighttpd log: {logs}")


def _stop(process: subprocess.Popen) -> None:
    """Stop lighttpd, then the mapserv processes it spawned (they outlive it), each by its process id."""
    try:
        spawned = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        spawned = []
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for child in spawned:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(spawned, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
