"""The query of ``GET /api/jobs`` and the body of ``POST /api/jobs``, parsed at the edge; 400 naming the culprit."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from web.bodies import load_json_object
from web.errors import InvalidParameter
from web.params import Integer, Param, check_known, single

from .models import JobState
from .registry import job_kinds

LIMIT = Integer("limit", "Jobs per page (newest first).", minimum=1, maximum=100, default=20)
OFFSET = Integer("offset", "Jobs to skip (paging; follow the next link).", minimum=0, default=0)
STATE = Param("state", "Only jobs in this state: " + ", ".join(s.value for s in JobState) + ".")
KIND = Param("kind", "Only jobs of this kind (resnap, seed, export...).")
LIST_PARAMETERS = (LIMIT, OFFSET, STATE, KIND)


@dataclass(frozen=True)
class JobListQuery:
    limit: int
    offset: int
    state: str | None
    kind: str | None


def parse_job_list(query: QueryDict) -> JobListQuery:
    check_known(query, {param.name for param in LIST_PARAMETERS})
    state, kind = single(query, "state"), single(query, "kind")
    if state is not None and state not in JobState.values:
        raise InvalidParameter(f"Unknown state {state[:40]!r}; use one of: {', '.join(JobState.values)}.",
                               parameter="state")
    if kind is not None and kind not in job_kinds():
        raise InvalidParameter(f"Unknown job kind {kind[:40]!r}; use one of: {', '.join(job_kinds())}.",
                               parameter="kind")
    return JobListQuery(limit=LIMIT.parse(single(query, "limit")), offset=OFFSET.parse(single(query, "offset")),
                        state=state, kind=kind)


def parse_job_start(body: bytes) -> tuple[str, dict[str, Any]]:
    """``{"kind": ..., "params": {...}}`` (params optional) as (kind, params)."""
    document = load_json_object(body)
    unknown = set(document) - {"kind", "params"}
    if unknown:
        raise InvalidParameter(f"Unknown member {sorted(unknown)[0]!r}; a job is {{\"kind\", \"params\"}}.",
                               parameter=sorted(unknown)[0])
    kind, params = document.get("kind"), document.get("params", {})
    if not isinstance(kind, str) or not kind:
        raise InvalidParameter("'kind' is required: the kind of job to start (e.g. resnap).", parameter="kind")
    if not isinstance(params, dict):
        raise InvalidParameter("'params' must be a JSON object of the job's options.", parameter="params")
    return kind, params
