"""The editing benchmark times only whole pages and PATCHes that answered 200 with an ETag, tells a server without
PATCH apart from a failing one, and edits only intact rows of its own."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from accounts.token_auth import token_principal
from bench import editing
from bench.editing import EndpointMissing, checked_page, new_etag
from layers.models import Component


def page(count: int) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [{}] * count}).encode()


def test_a_whole_page_passes():
    checked_page("/p", 200, page(editing.PAGE))


@pytest.mark.parametrize(("status", "body", "message"), [
    (401, b'{"code":"InvalidToken"}', "answered 401"),
    (200, page(editing.PAGE - 1), f"returned {editing.PAGE - 1} features"),
])
def test_an_error_or_a_short_page_stops_the_run(status, body, message):
    with pytest.raises(RuntimeError, match=message):
        checked_page("/p", status, body)


def test_the_etag_of_an_answer_is_kept():
    assert new_etag("PATCH", "/i/1", 200, {"etag": '"v2"'}, b"{}") == '"v2"'


@pytest.mark.parametrize(("method", "status", "headers"), [
    ("GET", 200, {}),
    ("PATCH", 405, {}),
    ("PATCH", 404, {}),
])
def test_a_server_without_patch_is_reported_as_such(method, status, headers):
    with pytest.raises(EndpointMissing, match=f"{method} /i/1 answered {status}"):
        new_etag(method, "/i/1", status, headers, b"")


@pytest.mark.parametrize(("status", "headers", "message"), [
    (412, {}, "answered 412"),
    (428, {}, "answered 428"),
    (500, {"etag": '"v1"'}, "answered 500"),
    (200, {}, "answered 200 without an ETag"),
])
def test_a_refused_or_failed_patch_stops_the_run(status, headers, message):
    with pytest.raises(RuntimeError, match=message) as raised:
        new_etag("PATCH", "/i/1", status, headers, b'{"code":"x"}')
    assert not isinstance(raised.value, EndpointMissing)


def test_the_report_says_when_patch_was_not_measured():
    figures = {"p50_ms": 5.0, "p95_ms": 7.0, "n": 3}
    reads = {"pages": 2, "page_size": 100, "rounds": 1, "anonymous": figures, "signed_in": figures,
             "ratio_p50": 1.0, "ratio_p95": 1.0, "pair_difference_p50_ms": 0.0}
    lines = editing.report({"reads": reads, "patch": {"unavailable": "PATCH /i/1 answered 405"}})
    assert lines[-1] == "  PATCH not measured: PATCH /i/1 answered 405"
    patch = {"rows": 2, "rounds": 1, "ours": figures, "floor": {**figures, "p95_ms": 3.0}, "p95_difference_ms": 4.0}
    assert "p95 ours - floor 4.00 ms (target <= 5 ms)" in editing.report({"reads": reads, "patch": patch})[-1]


def test_rows_to_edit_are_intact_and_distinct(db):
    rows = editing.intact_rows(6)
    assert len(set(rows)) == 6 and rows == sorted(rows)
    assert set(Component.objects.filter(pk__in=rows).values_list("state", flat=True)) == {"intact"}


def test_the_editor_is_a_gis_editor_whose_token_is_accepted(db):
    first_id, _ = editing.editor_token()
    user_id, token = editing.editor_token()  # one left by an interrupted run is replaced
    assert user_id != first_id and get_user_model().objects.filter(username=editing.USERNAME).count() == 1
    principal = token_principal(f"Bearer {token}")
    assert principal.user_id == user_id and principal.roles == {"gis_editor"}


@pytest.mark.live
def test_pages_are_read_both_ways_on_the_live_server(live_url, django_db_blocker):
    with django_db_blocker.unblock():
        _, token = editing.editor_token()
    try:
        anonymous, signed_in = editing.paired_reads(live_url, token, 2)
        assert len(anonymous) == len(signed_in) == 2 and all(t > 0 for t in anonymous + signed_in)
        with pytest.raises(RuntimeError, match="answered 401"):
            editing.paired_reads(live_url, "pd_0123abcd_" + "A" * 43, 1)
    finally:
        with django_db_blocker.unblock():
            get_user_model().objects.filter(username=editing.USERNAME).delete()
