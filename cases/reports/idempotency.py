"""``Idempotency-Key``: any number of retries of one request create exactly one report.

Design. A request with an ``Idempotency-Key`` header runs in one transaction that first takes
``pg_advisory_xact_lock(hashtextextended('idempotency:' || key, 0))``. Concurrent requests with the same key
therefore run one after the other: the first creates the report and inserts an :class:`IdempotencyKey` row with
its answer before committing (which releases the lock); each later one, once it holds the lock, finds that
committed row (READ COMMITTED: every statement sees what committed before it started) and replays the stored
answer with ``Idempotent-Replayed: true``. The unique constraint on ``key`` is the backstop: should two
transactions ever get past the lock together, the second insert fails and its report is rolled back.

A request is identified by ``request_sha256``: the SHA-256 of the canonical JSON (sorted keys, no spaces,
UTF-8) of its method, path, body (the parsed JSON or form fields, so spacing and key order do not matter) and
the SHA-256 of each photo in order. The same key with another request is a 409 naming ``Idempotency-Key``.

Only successful answers are stored: a request that fails (4xx) leaves no row, so a corrected retry with the same
key is accepted. Keys expire ``PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS`` after their first use; an expired row is
deleted and the key starts afresh; ``manage.py purge_idempotency_keys`` deletes expired rows in bulk.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from layers.errors import ApiError, InvalidParameter
from cases.models import IdempotencyKey
from layers.models import Incident

from . import conf

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_RE = re.compile(r"[\x21-\x7e]{1,200}")
"""1 to 200 visible ASCII characters (no space, no control character)."""


class IdempotencyConflict(ApiError):
    status = 409
    code = "IdempotencyKeyReused"


@dataclass(frozen=True)
class Answer:
    """An answer to store and to replay: HTTP status and JSON body; ``replayed`` when it comes from the store."""

    status: int
    body: Any
    replayed: bool = False


def parse_key(value: str | None) -> str | None:
    """The ``Idempotency-Key`` header, or ``None`` when absent; 400 naming it when it is not 1-200 visible ASCII."""
    if value is None:
        return None
    if not KEY_RE.fullmatch(value):
        shown = value if len(value) <= 40 else f"{value[:40]}…"
        raise InvalidParameter(
            f"{HEADER} must be 1 to 200 visible ASCII characters (no spaces), e.g. a UUID; got {shown!r} "
            f"({len(value)} characters).",
            parameter=HEADER,
        )
    return value


def request_fingerprint(*, method: str, path: str, content: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``{"method", "path", "content"}``; ``content`` is the parsed body."""
    canonical = json.dumps(
        {"method": method.upper(), "path": path, "content": content},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def expires_before(now: datetime | None = None) -> datetime:
    """Rows created before this instant are expired."""
    return (now or timezone.now()) - timedelta(hours=conf.idempotency_ttl_hours())


def key_lock(*, key: str) -> None:
    """Wait for and take the transaction-level advisory lock of ``key`` (released at commit or rollback)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"idempotency:{key}"])


def key_replay(*, key: str, fingerprint: str) -> Answer | None:
    """The stored answer of ``key`` (``replayed``), ``None`` when the key is new or expired (an expired row is
    deleted), or :class:`IdempotencyConflict` when the key was used for another request. Hold :func:`key_lock`."""
    row = IdempotencyKey.objects.filter(key=key).first()
    if row is None:
        return None
    if row.created_at < expires_before():
        row.delete()
        return None
    if row.request_sha256 != fingerprint:
        raise IdempotencyConflict(
            f"{HEADER} {key!r} was already used for a different request at "
            f"{timezone.localtime(row.created_at):%Y-%m-%d %H:%M:%S%z}; use a new key for a new report (retries must resend exactly the same body and photos).",
            parameter=HEADER,
        )
    return Answer(status=row.response_status, body=row.response_body, replayed=True)


def key_store(*, key: str, fingerprint: str, answer: Answer, incident: Incident | None) -> IdempotencyKey:
    """Remember ``answer`` for ``key``. Hold :func:`key_lock`, in the transaction that made the answer."""
    return IdempotencyKey.objects.create(
        key=key, request_sha256=fingerprint, response_status=answer.status, response_body=answer.body,
        incident=incident, created_at=timezone.now(),
    )


def keys_purge(*, now: datetime | None = None) -> int:
    """Delete every expired key; return how many."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=expires_before(now)).delete()
    return deleted
