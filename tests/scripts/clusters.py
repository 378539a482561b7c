"""Throwaway Debian PostgreSQL clusters for the backup tests: made with ``pg_createcluster`` on a free port, driven as
their owner (``runuser -u postgres``, like scripts/db.sh), dropped at the end."""
from __future__ import annotations

import hashlib
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

SOCKDIR = "/var/run/postgresql"


def as_postgres(*args: str, stdin=None, input: str | None = None, timeout: int = 120) -> str:
    result = subprocess.run(["runuser", "-u", "postgres", "--", *args], cwd="/", stdin=stdin, input=input,
                            capture_output=True, text=stdin is None, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr}"
    return result.stdout


def taken_ports() -> set[int]:
    lines = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.splitlines()
    return {int(line.split()[2]) for line in lines}


def free_port(start: int = 5490) -> int:
    taken = taken_ports()
    for port in range(start, start + 200):
        if port in taken:
            continue
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for a throwaway cluster")


@dataclass(frozen=True)
class Cluster:
    version: str
    name: str
    port: int

    def sql(self, statement: str, database: str = "pingding") -> str:
        """The rows of ``statement``, unaligned (``|`` between columns), as the cluster's owner over its socket."""
        return as_postgres(f"/usr/lib/postgresql/{self.version}/bin/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                           "-h", SOCKDIR, "-p", str(self.port), "-d", database, "-c", statement).strip()

    @property
    def data_directory(self) -> Path:
        return Path(self.sql("show data_directory", database="postgres"))

    def drop(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, timeout=120)


def create_cluster(version: str, name: str) -> Cluster:
    port = free_port()
    subprocess.run(["pg_createcluster", "--locale", "C.UTF-8", "--encoding", "UTF8", "-p", str(port), version, name],
                   check=True, capture_output=True, timeout=120)
    subprocess.run(["pg_ctlcluster", version, name, "start"], check=True, capture_output=True, timeout=120)
    return Cluster(version, name, port)


def tables(cluster: Cluster, persistence: str = "p") -> list[str]:
    """Tables of the public schema: permanent (``p``) or unlogged (``u``: not in the WAL, so empty after a restore)."""
    return cluster.sql("select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' "
                       f"and relpersistence = '{persistence}' order by 1").splitlines()


def table_counts(cluster: Cluster, names: list[str] | None = None) -> dict[str, int]:
    """Rows of every permanent table of the public schema (the layers, their history, accounts, cases, jobs, the tile
    cache), or of the tables ``names``."""
    names = tables(cluster) if names is None else names
    query = " union all ".join(f"select '{name}', count(*) from public.\"{name}\"" for name in names)
    return {name: int(count) for name, count in (row.split("|") for row in cluster.sql(query).splitlines())}


def layer_checksums(cluster: Cluster, layers) -> dict[str, str]:
    """md5 of every row of each layer, as text, in id order (geometry as EWKB hex: exact)."""
    query = " union all ".join(
        f"select '{layer.id}', md5(coalesce(string_agg(t::text, '|' order by t.\"{layer.id_column}\"), ''))"
        f" from public.\"{layer.table}\" t" for layer in layers)
    return dict(row.split("|") for row in cluster.sql(query).splitlines())


def file_hashes(directory: Path) -> dict[str, str]:
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.rglob("*")) if path.is_file()}
