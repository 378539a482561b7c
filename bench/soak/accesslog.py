"""The soak's per-route figures, from the front's access log (``log_format timed`` of ``deploy/nginx.conf.in``):
each answer's status and time (nginx's ``$request_time``: from the request's first byte to the answer's last, in
seconds with millisecond resolution), counted by route family."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..stats import percentile
from .mix import EXPECTED_4XX, Entry

LINE = re.compile(r'^\S+ \[[^\]]+\] "(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \d+ (?P<time>[0-9.]+)$')
CLIENT_CLOSED = 499
"""nginx's status of a request whose client closed the connection before the answer."""
CASE_ACTION = re.compile(r"^/api/cases/\d+/actions$")


def families(entries: Iterable[Entry]) -> dict[tuple[str, str], str]:
    """(method, path) -> family of every fixed request of the mix; a path in two families is an error."""
    found: dict[tuple[str, str], str] = {}
    for entry in entries:
        key = (entry.method, entry.path)
        if found.setdefault(key, entry.family) != entry.family:
            raise ValueError(f"{entry.method} {entry.path} is in both {found[key]} and {entry.family}")
    return found


def family_of(method: str, path: str, known: dict[tuple[str, str], str]) -> str:
    family = known.get((method, path))
    if family is not None:
        return family
    if method == "POST" and CASE_ACTION.match(path):
        return "case_actions"
    return "other"


def read(log: Path, known: dict[tuple[str, str], str], *, start: int = 0) -> dict[str, dict[int, list[float]]]:
    """family -> status -> the answers' times (ms), from byte ``start`` of ``log`` on."""
    times: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    with log.open("rb") as lines:
        lines.seek(start)
        for raw in lines:
            match = LINE.match(raw.decode("utf-8", "replace").rstrip("\n"))
            if match is None:
                times["unparsed"][0].append(0.0)
                continue
            family = family_of(match["method"], match["path"], known)
            times[family][int(match["status"])].append(float(match["time"]) * 1000)
    return times


def summary(times: dict[str, dict[int, list[float]]], duration_s: float) -> dict[str, dict]:
    """Per family: answers, per second, by status class and status, unexpected answers (a 4xx of a family that
    must succeed, anything but a 4xx of the bad requests, any 5xx; not the requests the client ``closed`` unanswered,
    nginx's 499, which wrk leaves in flight when its time is up), latency p50/p95/p99 in ms."""
    figures = {}
    for family, by_status in sorted(times.items()):
        every = [t for values in by_status.values() for t in values]
        classes: dict[str, int] = defaultdict(int)
        for status, values in by_status.items():
            classes[f"{status // 100}xx"] += len(values)
        answered = {s: v for s, v in by_status.items() if s != CLIENT_CLOSED}
        if family in EXPECTED_4XX:
            unexpected = sum(len(v) for s, v in answered.items() if not 400 <= s < 500)
        else:
            unexpected = sum(len(v) for s, v in answered.items() if s >= 400 or s < 200)
        figures[family] = {
            "answers": len(every), "per_s": len(every) / duration_s if duration_s else 0.0,
            "classes": dict(sorted(classes.items())), "statuses": {str(s): len(v) for s, v in sorted(by_status.items())},
            "unexpected": unexpected, "closed": len(by_status.get(CLIENT_CLOSED, ())),
            "p50_ms": percentile(every, 50), "p95_ms": percentile(every, 95), "p99_ms": percentile(every, 99),
        }
    return figures
