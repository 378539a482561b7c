"""Many editors on the same features at once, over the real server (``live_url``: nginx and uWSGI, 2 processes of 2
threads, on the committed test county): no edit may be lost, every refusal is a 412, and the history holds one
contiguous version per applied edit.

Each editor thread has its own token and keep-alive session and loops read-modify-write on a counter (the
component's name ends in ``#<n>``): GET (ETag, n) -> PATCH ``#<n+1>`` with If-Match -> on 412 GET again and retry,
within a budget. Then the final counter of each feature must equal the PATCHes answered 200 on it. The features are
reverted through the API afterwards. The figures are printed (``pytest -s``).
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import requests

from layers.models import Component

pytestmark = pytest.mark.live

THREADS = 12
FEATURES = 2
EDITS_PER_THREAD = 6
BUDGET = 60
"""PATCH attempts one edit may take (412s included) before its thread gives it up."""
RACES = 8
MERGE = "application/merge-patch+json"
COUNTER = "并发计数"


def version_of(etag: str) -> int:
    return int(etag.strip('"').rsplit(".", 1)[1])


def counter_of(name: str) -> int:
    base, _, count = name.rpartition("#")
    assert base == COUNTER, name
    return int(count)


def signed_session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def merge_patch(session: requests.Session, url: str, properties: dict, etag: str) -> requests.Response:
    body = json.dumps({"properties": properties}, ensure_ascii=False).encode()
    return session.patch(url, data=body, headers={"Content-Type": MERGE, "If-Match": etag}, timeout=30)


@dataclass
class Tally:
    """What one editor thread did."""

    tried: int = 0
    applied: Counter = field(default_factory=Counter)
    refused: int = 0
    gave_up: int = 0
    versions: dict = field(default_factory=dict)
    """feature id -> the versions named by the ETags of its PATCHes answered 200"""
    unexpected: list = field(default_factory=list)


def edit_loop(session: requests.Session, urls: dict[int, str], offset: int, start: threading.Barrier,
              tally: Tally) -> None:
    fids = sorted(urls)
    start.wait()
    for edit in range(EDITS_PER_THREAD):
        fid = fids[(offset + edit) % len(fids)]
        for _ in range(BUDGET):
            got = session.get(urls[fid], timeout=30)
            if got.status_code != 200:
                tally.unexpected.append(("GET", got.status_code, got.text[:200]))
                return
            count = counter_of(got.json()["properties"]["name"])
            answer = merge_patch(session, urls[fid], {"name": f"{COUNTER}#{count + 1}"}, got.headers["ETag"])
            tally.tried += 1
            if answer.status_code == 200:
                tally.applied[fid] += 1
                tally.versions.setdefault(fid, []).append(version_of(answer.headers["ETag"]))
                break
            if answer.status_code != 412:
                tally.unexpected.append(("PATCH", answer.status_code, answer.text[:200]))
                return
            tally.refused += 1
        else:
            tally.gave_up += 1


def run_threads(targets) -> None:
    threads = [threading.Thread(target=target, args=args) for target, args in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an editor thread hung"


@pytest.fixture
def contested(live_url, live_editors, django_db_blocker):
    """``FEATURES`` committed point components (the last ones, which other tests do not pick), each with its name set
    to the counter at 0: ``{fid: (item URL, version after that)}``; reverted through the API afterwards to the
    version they had before."""
    [(_, token)] = live_editors(1)
    keeper = signed_session(token)
    with django_db_blocker.unblock():
        fids = list(Component.objects.filter(geom__isnull=False).extra(where=["GeometryType(geom) = 'POINT'"])
                    .order_by("-pk").values_list("pk", flat=True)[:FEATURES])
    urls = {fid: f"{live_url}/ogc/collections/components/items/{fid}" for fid in fids}
    before = {fid: keeper.get(url, timeout=10) for fid, url in urls.items()}
    assert all(answer.status_code == 200 for answer in before.values())
    prepared = {}
    try:
        for fid, url in urls.items():
            zeroed = merge_patch(keeper, url, {"name": f"{COUNTER}#0"}, before[fid].headers["ETag"])
            assert zeroed.status_code == 200, zeroed.text
            prepared[fid] = (url, version_of(zeroed.headers["ETag"]))
        yield prepared
    finally:
        for fid in prepared:
            restore(keeper, urls[fid], before[fid])


def restore(session: requests.Session, url: str, before: requests.Response) -> None:
    """The feature back as ``before`` shows it: a revert to that version (a patch of its name when it had none)."""
    current = session.get(url, timeout=10)
    version, headers = version_of(before.headers["ETag"]), {"If-Match": current.headers["ETag"]}
    if version:
        answer = session.post(f"{url}/revert", json={"version": version}, headers=headers, timeout=10)
    else:
        answer = merge_patch(session, url, {"name": before.json()["properties"]["name"]}, current.headers["ETag"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["properties"] == before.json()["properties"]


def test_concurrent_read_modify_write_loses_no_edit(live_url, live_editors, contested):
    accounts = live_editors(THREADS)
    urls = {fid: url for fid, (url, _) in contested.items()}
    sessions = [signed_session(token) for _, token in accounts]
    for session in sessions:  # open each keep-alive connection before the start
        assert session.get(f"{live_url}/ogc", timeout=10).status_code == 200
    tallies = [Tally() for _ in accounts]
    start = threading.Barrier(THREADS)
    began = time.monotonic()
    run_threads([(edit_loop, (session, urls, index, start, tally))
                 for index, (session, tally) in enumerate(zip(sessions, tallies))])
    seconds = time.monotonic() - began

    applied = sum((tally.applied for tally in tallies), Counter())
    tried, refused = sum(t.tried for t in tallies), sum(t.refused for t in tallies)
    finals = {fid: counter_of(sessions[0].get(url, timeout=10).json()["properties"]["name"]) for fid, url in urls.items()}
    lost = sum(applied.values()) - sum(finals.values())
    print(f"\nconcurrency: {THREADS} editors on {FEATURES} features, {seconds:.1f} s: tried {tried}, applied "
          f"{sum(applied.values())}, refused (412) {refused}, gave up {sum(t.gave_up for t in tallies)}, lost {lost}")

    assert [entry for tally in tallies for entry in tally.unexpected] == []
    assert tried == sum(applied.values()) + refused
    assert sum(t.gave_up for t in tallies) == 0
    assert sum(applied.values()) == THREADS * EDITS_PER_THREAD
    assert finals == dict(applied)  # no lost update: every edit answered 200 is in the counter
    usernames = {username for username, _ in accounts}
    for fid, (url, zeroed) in contested.items():
        expected = list(range(zeroed + 1, zeroed + applied[fid] + 1))
        assert sorted(v for tally in tallies for v in tally.versions.get(fid, [])) == expected
        history = sessions[0].get(f"{url}/history", timeout=10)
        assert history.status_code == 200, history.text
        new = [v for v in history.json()["versions"] if v["version"] > zeroed]
        assert sorted(v["version"] for v in new) == expected  # contiguous, no gap, no duplicate
        assert {(v["operation"], v["path"]) for v in new} == {("update", "api")}
        assert {v["actor"]["name"] for v in new} <= usernames
        assert all("name" in v["changedFields"] for v in new)


def race(first, second) -> tuple[requests.Response, requests.Response]:
    """Two requests sent at the same instant from two threads; their answers."""
    start, answers = threading.Barrier(2), [None, None]

    def go(index, send):
        start.wait()
        answers[index] = send()

    run_threads([(go, (0, first)), (go, (1, second))])
    return answers[0], answers[1]


def test_a_delete_racing_a_patch_one_wins_the_other_is_refused(live_url, live_editors, live_created,
                                                                 django_db_blocker):
    (_, deleter_token), (_, patcher_token) = live_editors(2)
    deleter, patcher = signed_session(deleter_token), signed_session(patcher_token)
    with django_db_blocker.unblock():
        model = Component.objects.filter(geom__isnull=False).extra(where=["GeometryType(geom) = 'POINT'"]) \
            .order_by("-pk").first()
    items = f"{live_url}/ogc/collections/components/items"
    outcomes = Counter()
    for round_ in range(RACES):
        code = f"{model.code[:10]}{998001 + round_:06d}"
        body = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [model.geom.x, model.geom.y]},
                "properties": {"code": code, "category_code": model.category_id, "name": f"{COUNTER}#0",
                               "supervising_department": "县住建局", "owner_department": "县自来水公司",
                               "maintainer_department": "县自来水公司"}}
        created = deleter.post(items, data=json.dumps(body, ensure_ascii=False).encode(),
                               headers={"Content-Type": "application/geo+json"}, timeout=10)
        assert created.status_code == 201, created.text
        url, etag = created.headers["Location"], created.headers["ETag"]
        live_created.add(int(url.rsplit("/", 1)[1]))
        assert patcher.get(url, timeout=10).headers["ETag"] == etag

        deleted, patched = race(lambda: deleter.delete(url, headers={"If-Match": etag}, timeout=30),
                                lambda: merge_patch(patcher, url, {"name": f"{COUNTER}#1"}, etag))
        outcome = (deleted.status_code, patched.status_code)
        outcomes[outcome] += 1
        assert outcome in {(204, 404), (412, 200)}, (outcome, deleted.text, patched.text)
        history = deleter.get(f"{url}/history", timeout=10).json()["versions"]
        after = deleter.get(url, timeout=10)
        if deleted.status_code == 204:
            assert after.status_code == 404
            assert [(v["version"], v["operation"]) for v in history] == [(2, "delete"), (1, "insert")]
        else:
            assert after.status_code == 200 and after.json()["properties"]["name"] == f"{COUNTER}#1"
            assert [(v["version"], v["operation"]) for v in history] == [(2, "update"), (1, "insert")]
            assert deleter.delete(url, headers={"If-Match": after.headers["ETag"]}, timeout=10).status_code == 204
    print(f"\ndelete racing patch, {RACES} rounds: " +
          ", ".join(f"DELETE {d} / PATCH {p}: {n}" for (d, p), n in sorted(outcomes.items())))
