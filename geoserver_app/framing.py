"""Message framing for uWSGI's HTTP/1.1 socket (``deploy/uwsgi.ini``): chunked answers of unknown length, no body
for HEAD.

That socket keeps every HTTP/1.1 connection open after an answer and frames nothing itself:

- it neither adds ``Transfer-Encoding: chunked`` nor closes the connection after a body of unknown length (and it
  does not honour ``Connection: close``). A client reading such a body, which ends only when the connection closes,
  would wait for the server's idle timeout (4 s) after the last byte. So every answer to an HTTP/1.1 request that
  carries a body and no ``Content-Length`` (the streamed feature collections) is sent chunked here (RFC 9112
  section 7.1). Answers with a length, 1xx, 204 and 304 pass untouched.
- it sends the body the application gives to a HEAD request, which Django does. On a kept-alive connection the
  client then reads that body as the start of the next answer. So the body of a HEAD answer is dropped here (its
  headers, ``Content-Length`` included, are those of the GET, as RFC 9110 section 9.3.2 wants).

Everything under another server (gunicorn, or Django's test client), which frames answers itself, passes untouched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]

LAST_CHUNK = b"0\r\n\r\n"


class ChunkedFraming:
    """WSGI middleware: ``Transfer-Encoding: chunked`` for the answers that need it under uWSGI's HTTP/1.1 socket,
    and no body for HEAD under uWSGI."""

    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if "uwsgi.version" not in environ:
            return self.app(environ, start_response)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return _without_body(self.app(environ, start_response))
        if environ.get("SERVER_PROTOCOL") != "HTTP/1.1":
            return self.app(environ, start_response)
        framing = _Framing(start_response)
        result = self.app(environ, framing.start_response)
        if framing.decided and not framing.chunked:
            return result  # the common case (tiles, JSON with a length): no wrapper on the way out
        return framing.frame(result)


def _without_body(result: Iterable[bytes]) -> list[bytes]:
    """Nothing of the body (a streamed one is not even started); the iterable is closed as PEP 3333 asks."""
    close = getattr(result, "close", None)
    if close is not None:
        close()
    return []


class _Framing:
    def __init__(self, start_response: Callable):
        self._start_response = start_response
        self.decided = False
        self.chunked = False

    def start_response(self, status: str, headers: list, exc_info=None):
        names = {name.lower() for name, _ in headers}
        code = int(status[:3])
        self.chunked = (
            code >= 200 and code not in (204, 304) and "content-length" not in names
            and "transfer-encoding" not in names
        )
        self.decided = True
        if self.chunked:
            headers = [*headers, ("Transfer-Encoding", "chunked")]
        return self._start_response(status, headers, exc_info) if exc_info else self._start_response(status, headers)

    def frame(self, result: Iterable[bytes]) -> Iterator[bytes]:
        """The body as chunks (empty pieces skipped: a zero-length chunk would end the body), then the last chunk."""
        try:
            for piece in result:
                if not self.chunked:
                    yield piece
                elif piece:
                    yield b"%x\r\n%b\r\n" % (len(piece), piece)
            if self.chunked:
                yield LAST_CHUNK
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
