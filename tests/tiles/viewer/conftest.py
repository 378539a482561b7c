"""Fixtures of the map page tests: a headless Chromium that can reach only 127.0.0.1, driven over the
Chrome DevTools Protocol (CDP) with ``websocket-client``.

Chromium is Debian's ``chromium`` package. It runs with a throwaway profile, no background networking, and a
host resolver that maps every name except 127.0.0.1 to "not found", so a page that tried to load anything
from outside this machine would show a failed request. WebGL (for MapLibre) is rendered by SwiftShader.
"""
from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
VENDOR = REPO / "tiles" / "viewer" / "static" / "vendor" / "maplibre-gl"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)
LIVE_PASSWORD = "live-sign-in-2026"
"""The password of the accounts :func:`live_account` makes."""


class Chromium:
    """One headless Chromium page; :meth:`send` runs a CDP command, events are collected in :attr:`events`."""

    def __init__(self, profile: Path, *, width: int = 1280, height: int = 800) -> None:
        import websocket  # websocket-client

        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if binary is None:
            pytest.fail("Chromium is not installed: apt-get install -y chromium (Debian package 'chromium').")
        profile.mkdir(parents=True, exist_ok=True)
        self.log = profile.parent / "chromium.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"],
                stdout=subprocess.DEVNULL, stderr=log,
            )
        port = self._devtools_port(profile / "DevToolsActivePort")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            pages = [t for t in json.load(answer) if t["type"] == "page"]
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        self.workers: list[str] = []

    def _devtools_port(self, path: Path, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if path.exists() and path.read_text().strip():
                return int(path.read_text().split()[0])
            if self.process.poll() is not None:
                pytest.fail(f"Chromium exited ({self.process.returncode}): {self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        pytest.fail(f"Chromium did not open its DevTools port in {timeout} s: {self.log.read_text()[-2000:]}")

    def send(self, method: str, session_id: str | None = None, **params: Any) -> dict:
        """Run one CDP command (in the page, or in the attached worker ``session_id``) and return its result;
        events that arrive meanwhile go to :attr:`events`."""
        message_id = next(self.ids)
        command = {"id": message_id, "method": method, "params": params}
        if session_id is not None:
            command["sessionId"] = session_id
        self.socket.send(json.dumps(command))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == message_id and message.get("sessionId") == session_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result = message.get("result", {})
                break
            if "method" in message:
                self.events.append(message)
                if message["method"] == "Target.attachedToTarget":
                    self.workers.append(message["params"]["sessionId"])
        if session_id is None:
            while self.workers:
                worker = self.workers.pop()
                self.send("Network.enable", session_id=worker)
                self.send("Runtime.runIfWaitingForDebugger", session_id=worker)
        return result

    def watch_network(self) -> None:
        """Record the requests of the page and of its workers (MapLibre fetches tiles in Web Workers)."""
        self.send("Network.enable")
        self.send("Target.setAutoAttach", autoAttach=True, waitForDebuggerOnStart=True, flatten=True)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page (promises are awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 60.0) -> Any:
        """Poll ``expression`` until it is truthy; its value, or a test failure after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.25)
        pytest.fail(f"timed out after {timeout} s waiting for: {expression}")

    def sign_in(self, url: str, username: str, password: str, *, arrived: str, timeout: float = 60.0) -> None:
        """Open ``url`` (the login page, or a page that sends there), sign in with the form as a person would, and
        wait until the expression ``arrived`` holds on the page it lands on."""
        self.send("Runtime.enable")
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && !!document.querySelector('#id_username')", timeout=30)
        self.evaluate(f"document.querySelector('#id_username').value = {json.dumps(username)};"
                      f"document.querySelector('#id_password').value = {json.dumps(password)};"
                      "document.querySelector('form').submit(); null")
        self.wait_for(arrived, timeout=timeout)

    def events_named(self, method: str) -> list[dict]:
        return [event["params"] for event in self.events if event["method"] == method]

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:  # the browser may already be gone; it is killed below either way
            pass
        self.socket.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def chromium(tmp_path):
    """A started headless Chromium (see :class:`Chromium`), closed after the test."""
    browser = Chromium(tmp_path / "chromium-profile")
    yield browser
    browser.close()


@pytest.fixture
def live_account(django_db_blocker):
    """``live_account(username, role)``: a committed account (the live server sees it) that signs in with
    :data:`LIVE_PASSWORD`; its username. Deleted after the test."""
    from django.contrib.auth import get_user_model

    from accounts.services import create_account

    made: list[str] = []

    def make(username: str, role: str) -> str:
        with django_db_blocker.unblock():
            made.append(create_account(username, role, password=LIVE_PASSWORD).username)
        return made[-1]

    yield make
    with django_db_blocker.unblock():
        get_user_model().objects.filter(username__in=made).delete()


@pytest.fixture(scope="session")
def maplibre_static():
    """The vendored MapLibre GL JS files (and terra-draw's, for the editor), built by ``scripts/build_static.sh``
    when missing."""
    if not (VENDOR / "maplibre-gl.js").exists() or not (VENDOR.parent / "terra-draw" / "terra-draw.umd.js").exists():
        subprocess.run(["bash", str(REPO / "scripts" / "build_static.sh")], check=True, cwd=REPO)
    return VENDOR
