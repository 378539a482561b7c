"""The rules of ``web.dbrouter`` on their own (the live proofs are in ``test_read_replica.py``): which database a
request reads from, given the replica's state as a process saw it and the caller's last write."""
from __future__ import annotations

import pytest

from web import dbrouter
from web.replica import ReplicaState

STREAMING = ReplicaState("streaming", 0.0, 0, 5_000)


@pytest.fixture
def replica_seen(monkeypatch):
    """``replica_seen(*states)``: the replica is configured and each look sees the next state (the last one stays)."""
    def see(*states: ReplicaState) -> list[bool]:
        looks: list[bool] = []
        queue = list(states)

        def state(*, fresh: bool = False) -> ReplicaState:
            looks.append(fresh)
            return queue.pop(0) if len(queue) > 1 else queue[0]

        monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
        monkeypatch.setattr(dbrouter, "replica_state", state)
        return looks
    return see


@pytest.mark.parametrize("method, path, expected", [
    ("GET", "/ogc/collections/components/items", "replica"),
    ("HEAD", "/tiles/components/16/1/2.mvt", "replica"),
    ("GET", "/wfs", "replica"),
    ("GET", "/api/snap", "replica"),
    ("GET", "/api/geocode", "replica"),
    ("POST", "/ogc/collections/components/items", "default"),
    ("PATCH", "/ogc/collections/components/items/1", "default"),
    ("GET", "/accounts/login", "default"),
    ("GET", "/api/jobs/1", "default"),
    ("GET", "/healthz", "default"),
])
def test_reads_of_the_listed_paths_go_to_the_replica(replica_seen, method, path, expected):
    replica_seen(STREAMING)
    assert dbrouter.read_alias_for(method=method, path=path, wrote=None) == expected


@pytest.mark.parametrize("state", ["lagging", "down"])
def test_a_lagging_or_stopped_replica_is_skipped(replica_seen, state):
    replica_seen(ReplicaState(state))
    assert dbrouter.read_alias_for(method="GET", path="/wfs", wrote=None) == "default"


def test_a_caller_whose_write_is_not_replayed_reads_the_primary(replica_seen):
    looks = replica_seen(STREAMING, STREAMING)
    assert dbrouter.read_alias_for(method="GET", path="/wfs", wrote=5_001) == "default"
    assert looks == [False, True]  # looked again before giving up on the replica
    assert dbrouter.read_alias_for(method="GET", path="/wfs", wrote=5_000) == "replica"


def test_a_write_replayed_on_a_fresh_look_reads_the_replica(replica_seen):
    replica_seen(STREAMING, ReplicaState("streaming", 0.0, 0, 9_000))
    assert dbrouter.read_alias_for(method="GET", path="/wfs", wrote=8_000) == "replica"


def test_without_a_replica_everything_reads_the_primary():
    assert dbrouter.read_alias_for(method="GET", path="/wfs", wrote=None) == "default"


@pytest.mark.parametrize("cookie, header, expected", [
    ("pingding_wrote=123; sessionid=x", None, 123),
    ("sessionid=x", None, None),
    ("pingding_wrote=12a", None, None),
    ("pingding_wrote=-5", None, None),
    (None, "456", 456),
    ("pingding_wrote=123", "456", 456),
    (None, "not a number", None),
    ('pingding_wrote="1;2"; x', None, None),
])
def test_the_written_position_comes_from_the_cookie_or_the_header(cookie, header, expected):
    assert dbrouter.written_position(cookie, header) == expected


def test_reading_from_is_undone_after_the_block():
    assert dbrouter.read_alias() == "default"
    with dbrouter.reading_from("replica"):
        assert dbrouter.read_alias() == "replica"
    assert dbrouter.read_alias() == "default"


def test_who_is_asking_is_read_on_the_primary():
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from accounts.models import ApiToken
    from layers.models import Component

    router = dbrouter.ReadReplicaRouter()
    with dbrouter.reading_from("replica"):
        assert router.db_for_read(Component) == "replica"
        assert {router.db_for_read(model) for model in (get_user_model(), Session, ApiToken)} == {"default"}
        assert router.db_for_write(Component) == "default"
