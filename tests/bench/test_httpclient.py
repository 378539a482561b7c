"""``bench.httpclient.LeanClient``, the benchmarks' HTTP client, reads what ``requests`` reads from the live server."""
from __future__ import annotations

import json

import pytest
import requests

from bench.httpclient import LeanClient

pytestmark = pytest.mark.live


def test_lengths_chunks_and_empty_answers_on_one_kept_alive_connection(live_url, county_counts):
    client = LeanClient(live_url)
    status, headers, body = client.get("/healthz", headers={})
    assert status == 200 and int(headers["content-length"]) == len(body) and json.loads(body)["status"] == "ok"
    first = client.sock
    path = f"/ogc/collections/grids/items?limit={county_counts.grids}&f=json"
    status, headers, body = client.get(path, headers={})  # streamed: chunked
    assert status == 200 and headers["transfer-encoding"] == "chunked"
    ours, theirs = json.loads(body), requests.get(live_url + path, timeout=30).json()
    ours.pop("timeStamp"), theirs.pop("timeStamp")  # the time of each answer, to the second
    assert ours == theirs and len(ours["features"]) == county_counts.grids
    status, _, body = client.get("/tiles/grids/2/0/0.mvt", headers={"Accept-Encoding": "gzip"})  # no layer: 204
    assert status == 204 and body == b""
    status, _, body = client.get("/ogc/collections/nosuch", headers={})
    assert status == 404 and json.loads(body)["code"]
    assert client.sock is first
    client.close()


def test_a_connection_the_server_dropped_is_replaced(live_url):
    client = LeanClient(live_url)
    assert client.get("/healthz", headers={})[0] == 200
    client.sock.shutdown(2)  # as if the server had closed it while idle
    assert client.get("/healthz", headers={})[0] == 200
    client.close()


def test_a_body_is_sent_with_its_length_and_the_connection_kept(live_url):
    client = LeanClient(live_url)
    body = json.dumps({"properties": {"state": "damaged"}}).encode()
    status, headers, answer = client.request(
        "PATCH", "/healthz", headers={"Content-Type": "application/merge-patch+json"}, body=body)
    assert status == 405 and json.loads(answer)["code"] == "MethodNotAllowed" and "GET" in headers["allow"]
    first = client.sock
    assert client.get("/healthz", headers={})[0] == 200  # the body was not read as the next request
    assert client.sock is first
    client.close()
