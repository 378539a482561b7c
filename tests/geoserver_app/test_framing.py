"""``geoserver_app.framing.ChunkedFraming``: answers without a length are sent chunked under uWSGI's HTTP/1.1 socket,
everything else passes untouched."""
from __future__ import annotations

import pytest

from geoserver_app.framing import ChunkedFraming

UWSGI_11 = {"uwsgi.version": b"2.0.31", "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": "GET"}


class Body(list):
    """An answer's iterable that records whether the server closed it (PEP 3333)."""

    closed = False

    def close(self):
        self.closed = True


def app_answering(status: str, headers: list, body: Body):
    def app(environ, start_response):
        start_response(status, headers)
        return body
    return app


def run(app, environ: dict) -> tuple[str, dict, bytes, object]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=headers)

    result = app(environ, start_response)
    body = b"".join(result)
    return seen["status"], dict(seen["headers"]), body, result


def dechunk(body: bytes) -> bytes:
    """Decode a chunked body strictly: sizes in hex, CRLF after each chunk, a last chunk of 0 and nothing after."""
    out, rest = b"", body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            assert rest == b"\r\n", "nothing may follow the last chunk"
            return out
        assert size > 0 and rest[size:size + 2] == b"\r\n"
        out, rest = out + rest[:size], rest[size + 2:]


def test_a_body_without_a_length_is_sent_chunked_and_closed():
    body = Body([b'{"type":', b"", b'"FeatureCollection"}'])  # an empty piece must not end the body early
    app = ChunkedFraming(app_answering("200 OK", [("Content-Type", "application/json")], body))
    status, headers, sent, _ = run(app, UWSGI_11)
    assert status == "200 OK" and headers["Transfer-Encoding"] == "chunked"
    assert dechunk(sent) == b'{"type":"FeatureCollection"}'
    assert body.closed


def test_a_body_with_a_length_passes_as_it_is():
    body = Body([b"abc"])
    app = ChunkedFraming(app_answering("200 OK", [("Content-Length", "3")], body))
    status, headers, sent, result = run(app, UWSGI_11)
    assert sent == b"abc" and "Transfer-Encoding" not in headers and result is body  # not even wrapped


@pytest.mark.parametrize("status", ["204 No Content", "304 Not Modified"])
def test_answers_without_a_body_are_not_chunked(status):
    _, headers, sent, _ = run(ChunkedFraming(app_answering(status, [], Body([]))), UWSGI_11)
    assert "Transfer-Encoding" not in headers and sent == b""


@pytest.mark.parametrize("environ", [
    {**UWSGI_11, "SERVER_PROTOCOL": "HTTP/1.0"},  # uWSGI closes HTTP/1.0 connections after the answer
    {"SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": "GET"},  # another server frames the answer itself
    {"SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": "HEAD"},  # and drops a HEAD body itself
])
def test_http_1_0_and_other_servers_pass_untouched(environ):
    body = Body([b"streamed"])
    _, headers, sent, result = run(ChunkedFraming(app_answering("200 OK", [], body)), environ)
    assert "Transfer-Encoding" not in headers and sent == b"streamed" and result is body


def test_an_application_that_starts_the_answer_lazily_is_framed_too():
    def lazy(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        yield b"late"

    _, headers, sent, _ = run(ChunkedFraming(lazy), UWSGI_11)
    assert headers["Transfer-Encoding"] == "chunked" and dechunk(sent) == b"late"


@pytest.mark.parametrize("protocol", ["HTTP/1.1", "HTTP/1.0"])
@pytest.mark.parametrize("headers", [[("Content-Length", "8")], []])
def test_a_head_answer_keeps_the_headers_of_the_get_and_sends_no_body(protocol, headers):
    body = Body([b"streamed"])
    environ = {**UWSGI_11, "REQUEST_METHOD": "HEAD", "SERVER_PROTOCOL": protocol}
    status, sent_headers, sent, _ = run(ChunkedFraming(app_answering("200 OK", headers, body)), environ)
    assert status == "200 OK" and sent_headers == dict(headers) and sent == b"" and body.closed
