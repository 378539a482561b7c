"""Rate limits counted in PostgreSQL: the N+1th request of a window is refused with the seconds to wait, other
clients are not affected, and the next window starts afresh."""
from __future__ import annotations

import json

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from web.throttle import TABLE, Limit, client_key, rate_limited, throttle_hit, throttle_purge

PER_MINUTE = Limit(3, 60, "minute")
PER_DAY = Limit(5, 86_400, "day")
T0 = 1_780_000_040.0
"""A Unix time 20 s into a minute: 2026-05-28 20:27:20 UTC."""


def hits(n: int, *, client: str = "203.0.113.7", now: float = T0, limits=(PER_MINUTE,)):
    return [throttle_hit(scope="test", client=client, limits=limits, now=now) for _ in range(n)]


@pytest.mark.django_db
def test_the_request_over_the_limit_is_refused_until_the_window_ends():
    assert hits(3) == [None, None, None]
    refusal = throttle_hit(scope="test", client="203.0.113.7", limits=[PER_MINUTE], now=T0 + 5.5)
    minute_start = T0 // 60 * 60
    assert refusal is not None and refusal.limit == PER_MINUTE
    assert refusal.retry_after_s == int(minute_start + 60 - (T0 + 5.5)) + 1
    assert refusal.as_dict()["limit"] == "3 per minute"


@pytest.mark.django_db
def test_another_client_and_another_scope_are_counted_apart():
    hits(4)
    assert hits(3, client="198.51.100.1") == [None, None, None]
    assert throttle_hit(scope="other", client="203.0.113.7", limits=[PER_MINUTE], now=T0) is None


@pytest.mark.django_db
def test_the_next_window_starts_afresh():
    assert hits(4)[-1] is not None
    next_minute = T0 // 60 * 60 + 60
    assert hits(3, now=next_minute) == [None, None, None]
    assert hits(1, now=next_minute + 59.9)[0] is not None


@pytest.mark.django_db
def test_the_day_limit_holds_across_minutes():
    answers = [throttle_hit(scope="test", client="c", limits=[PER_MINUTE, PER_DAY], now=T0 + 60 * i) for i in range(6)]
    assert answers[:5] == [None] * 5
    assert answers[5].limit == PER_DAY and answers[5].retry_after_s > 60


@pytest.mark.django_db
def test_a_limit_of_zero_counts_nothing():
    assert hits(10, limits=(Limit(0, 60, "minute"),)) == [None] * 10
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE scope = 'test'")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_purge_deletes_the_windows_that_ended():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # rows a live test committed; this transaction is rolled back
    hits(1, limits=(PER_MINUTE, PER_DAY))
    assert throttle_purge(now=T0) == 0
    assert throttle_purge(now=T0 + 60) == 1
    assert throttle_purge(now=T0 + 86_400) == 1


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8:1:2:a:b:c:d"}, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": ""}, "unknown"),
    ],
    ids=["ipv4", "forwarded-for-ignored", "ipv6-by-64", "ipv4-mapped", "none"],
)
def test_the_client_is_the_connection_address_only(meta, expected):
    request = RequestFactory().post("/", **meta)
    if not meta["REMOTE_ADDR"]:
        request.META.pop("REMOTE_ADDR")
    assert client_key(request) == expected


@pytest.mark.django_db
def test_a_decorated_view_answers_429_with_retry_after():
    @rate_limited("test-view", lambda: [Limit(2, 60, "minute")], refund_if=lambda r: r.status_code == 200)
    def view(request, status=201):
        return HttpResponse(status=int(request.GET.get("status", status)))

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 201  # GET is not counted
    assert [view(factory.post("/")).status_code for _ in range(2)] == [201, 201]
    refused = view(factory.post("/"))
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    body = json.loads(refused.content)
    assert body["code"] == "TooManyRequests" and body["limit"] == "2 per minute"
    assert view(factory.post("/", REMOTE_ADDR="198.51.100.9")).status_code == 201
    assert [view(factory.post("/?status=200", REMOTE_ADDR="192.0.2.1")).status_code for _ in range(4)] == [200] * 4
