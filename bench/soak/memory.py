"""Memory of the server's processes during the soak, and the verdict on its growth.

Every ``interval_s`` the RSS, USS and PSS (psutil, from ``/proc/PID/smaps``) of each uWSGI worker, each nginx worker
and the job worker; every second the processes' pids, so that a worker that was replaced (crashed, killed by the
harakiri, or recycled by ``max-requests`` / ``reload-on-rss``, which would hide a leak) is counted even between two
samples. The verdict compares, per process, the mean RSS of the last 3 minutes with that of minutes 2 to 4 (the
first minute is the warm-up): a process passes if it grew by less than ``GROWTH_MB`` or less than ``GROWTH_SHARE``
of its minutes 2-4; the run passes if every process does and no process was replaced.
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict

import psutil

from geoserver_app.server import Front

GROWTH_MB = 10.0
GROWTH_SHARE = 0.05
MB = 1024 * 1024
BASELINE_MINUTES = (2, 4)
"""Minutes (1-based, inclusive) whose mean is the baseline, after the first minute's warm-up."""
FINAL_MINUTES = 3
VERDICT_MIN_S = (BASELINE_MINUTES[1] + FINAL_MINUTES) * 60
"""The shortest run whose baseline and final windows do not overlap (7 minutes)."""


def server_processes(front: Front) -> dict[str, psutil.Process]:
    """label -> process: ``uwsgi-1``..., ``nginx-1``..., ``jobs_worker`` (workers in pid order)."""
    found = {}
    for name, parent in (("uwsgi", front.uwsgi), ("nginx", front.nginx)):
        children = sorted(psutil.Process(parent.pid).children(), key=lambda p: p.pid)
        found.update({f"{name}-{i}": child for i, child in enumerate(children, 1)})
    if front.worker is not None:
        found["jobs_worker"] = psutil.Process(front.worker.pid)
    return found


class Sampler(threading.Thread):
    """Samples ``front``'s processes from ``start()`` until ``stop()``; ``samples[label]`` are
    ``(seconds since start, rss, uss, pss)`` in bytes, ``replaced[label]`` the pids that ended."""

    def __init__(self, front: Front, *, interval_s: float = 30.0):
        super().__init__(name="soak-memory", daemon=True)
        self.front = front
        self.interval_s = interval_s
        self.samples: dict[str, list[tuple[float, int, int, int]]] = defaultdict(list)
        self.replaced: dict[str, list[int]] = defaultdict(list)
        self.stopping = threading.Event()
        self.processes = server_processes(front)
        self.started_at = time.monotonic()

    def run(self) -> None:
        next_sample = self.started_at
        while not self.stopping.is_set():
            self.check_pids()
            if time.monotonic() >= next_sample:
                self.sample()
                next_sample += self.interval_s
            self.stopping.wait(1.0)

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.check_pids()
        self.sample()

    def check_pids(self) -> None:
        """A pid that is gone was replaced: its label passes to the new process (nothing new: the label ends)."""
        current = list(server_processes(self.front).values())
        alive, known = {p.pid for p in current}, {p.pid for p in self.processes.values()}
        gone = [label for label, process in self.processes.items() if process.pid not in alive]
        fresh = [process for process in current if process.pid not in known]
        for label in gone:
            self.replaced[label].append(self.processes.pop(label).pid)
        for label, process in zip(gone, fresh):
            self.processes[label] = process

    def sample(self) -> None:
        at = time.monotonic() - self.started_at
        for label, process in self.processes.items():
            try:
                info = process.memory_full_info()
            except psutil.Error:
                continue
            self.samples[label].append((at, info.rss, info.uss, getattr(info, "pss", 0)))


def per_minute(samples: dict[str, list[tuple[float, int, int, int]]]) -> dict[str, dict[int, float]]:
    """label -> minute (1-based: samples at 0-59 s are minute 1) -> mean RSS in MB."""
    table: dict[str, dict[int, float]] = {}
    for label, rows in samples.items():
        minutes: dict[int, list[int]] = defaultdict(list)
        for at, rss, _, _ in rows:
            minutes[int(at // 60) + 1].append(rss)
        table[label] = {minute: sum(v) / len(v) / MB for minute, v in sorted(minutes.items())}
    return table


def verdict(samples, replaced, duration_s: float) -> dict:
    """Growth per process (MB and share) from minutes 2-4 to the last 3 minutes, and the run's verdict: ``pass``,
    ``fail`` (growth over the threshold or a process replaced) or ``too short`` (under 7 minutes: the windows
    would overlap; a replaced process still fails)."""
    first, last = BASELINE_MINUTES
    growth = {}
    for label, rows in samples.items():
        baseline = [rss for at, rss, _, _ in rows if (first - 1) * 60 <= at < last * 60]
        final = [rss for at, rss, _, _ in rows if at >= duration_s - FINAL_MINUTES * 60]
        if duration_s < VERDICT_MIN_S or not baseline or not final:
            continue
        before, after = sum(baseline) / len(baseline) / MB, sum(final) / len(final) / MB
        grown = after - before
        growth[label] = {"baseline_mb": before, "final_mb": after, "growth_mb": grown,
                         "growth_share": grown / before if before else 0.0,
                         "ok": grown < GROWTH_MB or grown < GROWTH_SHARE * before}
    replacements = sum(len(pids) for pids in replaced.values())
    if replacements:
        outcome = "fail"
    elif duration_s < VERDICT_MIN_S:
        outcome = "too short"
    else:
        outcome = "pass" if growth and all(g["ok"] for g in growth.values()) else "fail"
    return {"verdict": outcome, "growth": growth, "replaced": {k: v for k, v in replaced.items() if v},
            "threshold": f"growth < {GROWTH_MB:g} MB or < {GROWTH_SHARE:.0%} of minutes {first}-{last}, per process; "
                         "no process replaced"}
