"""Anonymous report posts are limited per client address, across ``/api/reports`` and Open311 together."""
from __future__ import annotations

import pytest

from .conftest import event_body
from .test_open311 import BASE, open311_request


@pytest.fixture(autouse=True)
def two_a_minute(settings):
    settings.PINGDING_REPORTS_RATE_PER_MINUTE = 2
    settings.PINGDING_REPORTS_RATE_PER_DAY = 100


@pytest.fixture
def post_from(db, client):
    """``post_from(address, key=None)``: POST one report to /api/reports from client ``address``."""

    def post(address: str, *, key: str | None = None, **headers):
        if key:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        return client.post(
            "/api/reports", data=event_body(), content_type="application/json", REMOTE_ADDR=address, **headers
        )

    return post


def test_the_third_report_of_a_minute_gets_429_with_retry_after(post_from):
    assert [post_from("203.0.113.7").status_code for _ in range(2)] == [201, 201]
    refused = post_from("203.0.113.7")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["code"] == "TooManyRequests" and body["limit"] == "2 per minute"
    assert body["retryAfter"] == int(refused["Retry-After"])


def test_another_address_is_not_affected_and_forwarded_for_is_ignored(post_from):
    for _ in range(3):
        post_from("203.0.113.7")
    assert post_from("203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert post_from("198.51.100.1").status_code == 201


def test_open311_posts_share_the_count_and_answer_in_open311_form(post_from, client):
    post_from("203.0.113.7")
    form = open311_request()
    assert client.post(f"{BASE}/requests.json", form, REMOTE_ADDR="203.0.113.7").status_code == 201
    refused = client.post(f"{BASE}/requests.json", form, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    [item] = refused.json()
    assert item["code"] == 429 and item["error"] == "TooManyRequests" and item["limit"] == "2 per minute"
    assert client.get(f"{BASE}/requests.json", REMOTE_ADDR="203.0.113.7").status_code == 200  # reads are not limited


def test_replays_of_one_key_are_not_counted(post_from):
    answers = [post_from("203.0.113.7", key="wx-retry-1") for _ in range(5)]
    assert [a.status_code for a in answers] == [201] * 5
    assert post_from("203.0.113.7").status_code == 201
    assert post_from("203.0.113.7").status_code == 429
