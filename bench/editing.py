"""Editing benchmark (issue 9): what a signed-in caller pays for a page, and one PATCH against its SQL floor.

Reads: the page ``/ogc/collections/components/items?limit=100&offset=<varying>`` read anonymously and with
``Authorization: Bearer`` (a ``gis_editor`` account made for the run and deleted after it), each on a kept-alive
:class:`~bench.httpclient.LeanClient` of its own, through the nginx front and uWSGI (1 worker) as ``make run``
serves. Every offset is read both ways back to back, the order alternating, so both see the same load of a shared
machine and the same page. Target: signed-in p50 no more than 1.1x the anonymous p50. The median of the
differences between the two reads of one page says what signing in costs with less of the machine's drift in it.

One PATCH: ``PATCH /ogc/collections/components/items/{fid}`` with ``If-Match`` (the ETag of the last answer) and
``{"properties": {"state": ...}}`` as merge-patch JSON, timed to its last byte. Floor: psycopg2 on the same
database, the same ``UPDATE`` in its own transaction after the history context the API sets (``BEGIN``,
``set_config``, ``UPDATE``, ``COMMIT``), its triggers writing the history row and invalidating tiles as they do
for the API. Each side edits rows of its own (intact components), every edit changing the row: each row is set
``damaged`` then back to ``intact`` in every round, so a run leaves the states as it found them (and their
history, two versions a row a round). Target: ours p95 no more than the floor's p95 + 5 ms.
"""
from __future__ import annotations

import json
import time

from django.contrib.auth import get_user_model
from django.db import connection

from accounts.services import create_account, new_token

from .httpclient import LeanClient
from .server import app_server
from .stats import median, percentile

COLLECTION = "components"
PAGE = 100
PAGES = 200
READ_TARGET = 1.1
"""Target of the signed-in p50 over the anonymous p50."""
PATCH_TARGET_MS = 5.0
"""Target of ours p95 over the floor's p95, in milliseconds."""
ROWS = 20
"""Rows each side edits per round (two edits a row a round)."""
USERNAME = "bench.editor"
STATES = ("damaged", "intact")
ITEMS = f"/ogc/collections/{COLLECTION}/items"
FLOOR_CONTEXT = ("SELECT set_config('pingding.actor_id', %s, true), set_config('pingding.actor_name', %s, true),"
                 " set_config('pingding.path', 'api', true)")
FLOOR_UPDATE = "UPDATE layers_component SET state = %s, updated_at = now() WHERE id = %s"


def summary(times: list[float]) -> dict:
    return {"p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000, "n": len(times)}


def editor_token() -> tuple[int, str]:
    """A fresh ``gis_editor`` account named :data:`USERNAME` (one left by an interrupted run is replaced): its user
    id and the text of a new API token."""
    get_user_model().objects.filter(username=USERNAME).delete()
    user = create_account(USERNAME, "gis_editor")
    return user.pk, new_token(USERNAME, name="bench")[1]


def checked_page(path: str, status: int, body: bytes) -> None:
    """A whole page, or :class:`RuntimeError` (an error or a short page is never timed as a page)."""
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    count = len(json.loads(body)["features"])
    if count != PAGE:
        raise RuntimeError(f"GET {path} returned {count} features, not {PAGE}")


def timed_get(client: LeanClient, path: str, headers: dict[str, str]) -> float:
    sock = client.sock
    started = time.perf_counter()
    status, _, body = client.get(path, headers=headers)
    elapsed = time.perf_counter() - started
    if sock is not None and client.sock is not sock:
        raise RuntimeError("the server closed the kept-alive connection")
    checked_page(path, status, body)
    return elapsed


def paired_reads(base: str, token: str, pages: int) -> tuple[list[float], list[float]]:
    """Seconds of each page read anonymously and signed in, back to back, the order alternating."""
    accept = {"Accept": "application/geo+json"}
    sides = {"anonymous": (LeanClient(base), accept),
             "signed_in": (LeanClient(base), {**accept, "Authorization": f"Bearer {token}"})}
    times: dict[str, list[float]] = {"anonymous": [], "signed_in": []}
    try:
        for page in range(pages):
            path = f"{ITEMS}?limit={PAGE}&offset={page * PAGE}"
            for side in (("anonymous", "signed_in") if page % 2 else ("signed_in", "anonymous")):
                client, headers = sides[side]
                times[side].append(timed_get(client, path, headers))
    finally:
        for client, _ in sides.values():
            client.close()
    return times["anonymous"], times["signed_in"]


class EndpointMissing(RuntimeError):
    """The server has no PATCH of features yet (the item has no ETag, or PATCH is not a method of its path)."""


def new_etag(method: str, path: str, status: int, headers: dict[str, str], body: bytes) -> str:
    """The ETag of a 200 answer; :class:`EndpointMissing` when the server does not edit features (a GET without
    an ETag, a PATCH refused as a method), else :class:`RuntimeError` naming the answer."""
    without = " without an ETag" if status == 200 else ""
    if (method == "GET" and status == 200 and "etag" not in headers) or (method == "PATCH" and status in (404, 405)):
        raise EndpointMissing(f"{method} {path} answered {status}{without}")
    if status != 200 or "etag" not in headers:
        raise RuntimeError(f"{method} {path} answered {status}{without}: {body[:300]!r}")
    return headers["etag"]


class Editor:
    """Ours: PATCHes features on one kept-alive connection, as the signed-in editor, each with the ETag of the
    feature's last answer."""

    def __init__(self, base: str, token: str):
        self.client = LeanClient(base)
        self.auth = {"Authorization": f"Bearer {token}"}
        self.etags: dict[int, str] = {}

    def fetch_etag(self, fid: int) -> None:
        path = f"{ITEMS}/{fid}"
        status, headers, body = self.client.get(path, headers={**self.auth, "Accept": "application/geo+json"})
        self.etags[fid] = new_etag("GET", path, status, headers, body)

    def patch(self, fid: int, state: str) -> float:
        """Seconds of one PATCH setting the feature's ``state``, to the answer's last byte."""
        headers = {**self.auth, "Content-Type": "application/merge-patch+json", "If-Match": self.etags[fid]}
        body = json.dumps({"properties": {"state": state}}).encode()
        path = f"{ITEMS}/{fid}"
        started = time.perf_counter()
        status, answer_headers, answer = self.client.request("PATCH", path, headers=headers, body=body)
        elapsed = time.perf_counter() - started
        self.etags[fid] = new_etag("PATCH", path, status, answer_headers, answer)
        return elapsed

    def close(self) -> None:
        self.client.close()


def floor_edit(raw, fid: int, state: str, user_id: int) -> float:
    """Seconds of the API's UPDATE in a transaction of its own through psycopg2, history context first."""
    with raw.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("BEGIN")
        try:
            cursor.execute(FLOOR_CONTEXT, [str(user_id), USERNAME])
            cursor.execute(FLOOR_UPDATE, [state, fid])
            if cursor.rowcount != 1:
                raise RuntimeError(f"the floor's UPDATE changed {cursor.rowcount} rows of id {fid}, not one")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
        return time.perf_counter() - started


def intact_rows(count: int) -> list[int]:
    """Ids of ``count`` intact components spread over the table (the first of each of ``count`` equal parts)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id) FROM (SELECT id, ntile(%s) OVER (ORDER BY id) AS part FROM layers_component"
            " WHERE state = 'intact') AS t GROUP BY part ORDER BY part", [count])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) != count:
        raise RuntimeError(f"only {len(ids)} intact components to edit, {count} needed")
    return ids


def paired_edits(editor: Editor, raw, user_id: int, ours_rows: list[int], floor_rows: list[int]) -> tuple[
        list[float], list[float]]:
    """One round: each row set to each of :data:`STATES` in turn, ours and the floor back to back (ours first on
    even rows: a server without PATCH is found before the floor has changed anything)."""
    ours, floor = [], []
    for state in STATES:
        for i, (ours_fid, floor_fid) in enumerate(zip(ours_rows, floor_rows)):
            if i % 2:
                floor.append(floor_edit(raw, floor_fid, state, user_id))
            ours.append(editor.patch(ours_fid, state))
            if not i % 2:
                floor.append(floor_edit(raw, floor_fid, state, user_id))
    return ours, floor


def run_edits(base: str, token: str, user_id: int, rounds: int) -> dict:
    """p50/p95 of ours and the floor over ``rounds`` rounds after a warm-up round, or ``unavailable``."""
    rows = intact_rows(2 * ROWS)
    ours_rows, floor_rows = rows[0::2], rows[1::2]
    raw = connection.cursor().connection
    editor = Editor(base, token)
    ours, floor = [], []
    try:
        for fid in ours_rows:
            editor.fetch_etag(fid)
        for round_ in range(rounds + 1):
            round_ours, round_floor = paired_edits(editor, raw, user_id, ours_rows, floor_rows)
            if round_:  # the first round warms the worker, the triggers' plans and the rows' pages
                ours += round_ours
                floor += round_floor
    except EndpointMissing as error:
        return {"unavailable": str(error)}
    finally:
        editor.close()
        _restore(rows)
    result = {"rows": ROWS, "rounds": rounds, "ours": summary(ours), "floor": summary(floor)}
    result["p95_difference_ms"] = result["ours"]["p95_ms"] - result["floor"]["p95_ms"]
    return result


def _restore(rows: list[int]) -> None:
    """Rows an interrupted run left damaged are intact again (a whole run leaves none)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_component SET state = 'intact', updated_at = now()"
                       " WHERE id = ANY(%s) AND state <> 'intact'", [rows])


def run(*, repeat: int = 5) -> dict:
    rounds = max(2, min(repeat, 4))
    anonymous, signed_in = [], []
    user_id, token = editor_token()
    try:
        with app_server() as (base, _):
            for round_ in range(rounds):
                round_anonymous, round_signed_in = paired_reads(base, token, PAGES)
                if round_:  # the first round warms PostgreSQL's buffers and the worker
                    anonymous += round_anonymous
                    signed_in += round_signed_in
            edits = run_edits(base, token, user_id, rounds - 1)
    finally:
        get_user_model().objects.filter(username=USERNAME).delete()
    reads = {"pages": PAGES, "page_size": PAGE, "rounds": rounds - 1,
             "anonymous": summary(anonymous), "signed_in": summary(signed_in)}
    reads["ratio_p50"] = reads["signed_in"]["p50_ms"] / reads["anonymous"]["p50_ms"]
    reads["ratio_p95"] = reads["signed_in"]["p95_ms"] / reads["anonymous"]["p95_ms"]
    reads["pair_difference_p50_ms"] = median([b - a for a, b in zip(anonymous, signed_in)]) * 1000
    return {"reads": reads, "patch": edits}


def report(results: dict) -> list[str]:
    reads, edits = results["reads"], results["patch"]
    anonymous, signed_in = reads["anonymous"], reads["signed_in"]
    lines = [
        f"editing: a page of {reads['page_size']} {COLLECTION} at {reads['pages']} offsets, anonymous and signed in "
        f"(gis_editor token), back to back on kept-alive connections, {reads['rounds']} rounds",
        f"  anonymous  p50 {anonymous['p50_ms']:.2f} ms  p95 {anonymous['p95_ms']:.2f} ms",
        f"  signed in  p50 {signed_in['p50_ms']:.2f} ms  p95 {signed_in['p95_ms']:.2f} ms",
        f"  ratio signed in/anonymous p50 {reads['ratio_p50']:.3f}x (target <= {READ_TARGET}x), "
        f"p95 {reads['ratio_p95']:.3f}x; signed in - anonymous of the same page, median "
        f"{reads['pair_difference_p50_ms']:.3f} ms",
    ]
    if "unavailable" in edits:
        return [*lines, f"  PATCH not measured: {edits['unavailable']}"]
    ours, floor = edits["ours"], edits["floor"]
    return [
        *lines,
        f"  one PATCH of a component's state, {edits['rows']} rows a side, each set twice a round, "
        f"{edits['rounds']} rounds",
        f"  floor (UPDATE + history, psycopg2)  p50 {floor['p50_ms']:.2f} ms  p95 {floor['p95_ms']:.2f} ms",
        f"  ours  (PATCH, nginx + uWSGI)        p50 {ours['p50_ms']:.2f} ms  p95 {ours['p95_ms']:.2f} ms",
        f"  p95 ours - floor {edits['p95_difference_ms']:.2f} ms (target <= {PATCH_TARGET_MS:.0f} ms)",
    ]
