"""A lean keep-alive HTTP/1.1 client over one raw socket, for timing servers.

``http.client`` parses every response's headers with the ``email`` package: about 0.05 ms a response on the benchmark
machine (0.087 ms against 0.038 ms for this client on a bare uWSGI answer), which would count against the server
while the floor's client, psycopg2, is C. This one sends the request line and headers, reads the status line, the
headers and the whole body (``Content-Length``, chunked, or none for 204/304), and reconnects once when the server
has closed a kept-alive connection. Enough for GET against our server, lighttpd and MapServer; not a general client.
"""
from __future__ import annotations

import socket
from urllib.parse import urlsplit


class ServerClosed(ConnectionError):
    """The server closed the connection before a whole answer."""


class LeanClient:
    def __init__(self, base: str, *, timeout_s: float = 300.0):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout_s = timeout_s
        self.sock: socket.socket | None = None
        self.buffer = bytearray()

    def get(self, path: str, *, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names; repeated ones joined by ", ") and the whole body of ``GET path``."""
        fresh = self.sock is None
        try:
            return self._request("GET", path, headers, b"")
        except (ServerClosed, BrokenPipeError, ConnectionResetError):
            self.close()
            if fresh:
                raise
            # a kept-alive connection the server dropped: once more on a new one
            return self._request("GET", path, headers, b"")

    def request(self, method: str, path: str, *, headers: dict[str, str], body: bytes = b"") -> tuple[
            int, dict[str, str], bytes]:
        """As :meth:`get`, for any method, ``body`` sent with its ``Content-Length``; never sent twice (a write the
        server may have applied is not repeated on a new connection)."""
        try:
            return self._request(method, path, headers, body)
        except (ServerClosed, BrokenPipeError, ConnectionResetError):
            self.close()
            raise

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buffer.clear()

    def _request(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[
            int, dict[str, str], bytes]:
        if self.sock is None:
            self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout_s)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 *(f"{k}: {v}" for k, v in headers.items())]
        if body or method not in ("GET", "HEAD"):
            lines.append(f"Content-Length: {len(body)}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = self._until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        fields: dict[str, str] = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            fields[name] = f"{fields[name]}, {value.strip()}" if name in fields else value.strip()
        if status in (204, 304) or 100 <= status < 200:
            body = b""
        elif "content-length" in fields:
            body = self._exactly(int(fields["content-length"]))
        elif "chunked" in fields.get("transfer-encoding", "").lower():
            body = self._chunked()
        else:  # delimited by the close
            body = bytes(self.buffer) + self._rest()
            self.close()
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, fields, body

    def _fill(self) -> None:
        data = self.sock.recv(262144)
        if not data:
            raise ServerClosed(f"{self.host}:{self.port} closed the connection")
        self.buffer += data

    def _until(self, marker: bytes) -> bytes:
        while (end := self.buffer.find(marker)) < 0:
            self._fill()
        found = bytes(self.buffer[:end])
        del self.buffer[:end + len(marker)]
        return found

    def _exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        found = bytes(self.buffer[:size])
        del self.buffer[:size]
        return found

    def _chunked(self) -> bytes:
        body = bytearray()
        while True:
            size = int(self._until(b"\r\n").split(b";")[0], 16)
            if size == 0:
                while self._until(b"\r\n"):  # trailers, up to the empty line
                    pass
                return bytes(body)
            body += self._exactly(size)
            self._exactly(2)

    def _rest(self) -> bytes:
        chunks = []
        while data := self.sock.recv(262144):
            chunks.append(data)
        return b"".join(chunks)
