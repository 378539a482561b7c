"""The case loop of GB/T 30428.8 as ONE table: (state, action) -> (next state, roles allowed, deadline kind).

信息采集 ``reported`` -> 案件建立 ``filed`` (or ``rejected``, with a reason of the filing standard) ->
任务派遣 ``dispatched`` -> 任务处理 ``handling`` -> 处理反馈 ``handled`` (photos) -> 核查 ``verified`` ->
结案 ``closed``;
rework sends a handled or verified case back to ``dispatched``; a department returns a wrongly dispatched case to
the dispatcher (``filed``); a shift leader extends a deadline, suspends a case and resumes it (to the state it was
suspended in: :data:`PREVIOUS`). ``admin`` may take every step. Nothing else in the code decides what may follow
what: the services, the ``actions`` of a case's document and the OpenAPI enum all read this table.
"""
from __future__ import annotations

from dataclasses import dataclass

STATES = ("reported", "filed", "rejected", "dispatched", "handling", "handled", "verified", "closed", "suspended")
STATE_LABELS = {
    "reported": "信息采集", "filed": "案件建立", "rejected": "不予立案", "dispatched": "任务派遣",
    "handling": "任务处理", "handled": "处理反馈", "verified": "核查", "closed": "结案", "suspended": "挂起",
}
OPEN_STATES = frozenset(STATES) - {"rejected", "closed"}
"""States of a case that still needs someone (an open Open311 request)."""

PREVIOUS = "previous"
"""Next state of ``resume``: the state the case was suspended in."""
SAME = "same"
"""Next state of ``extend``: the case stays where it is, with a later deadline."""

ADMIN = "admin"
"""Takes every step of the table."""


@dataclass(frozen=True)
class Transition:
    """One row: ``action`` taken in ``state`` leads to ``next_state`` (or :data:`PREVIOUS` / :data:`SAME`); ``roles``
    may take it; ``deadline`` names the limit the next state runs against (None: no limit; ``keep``: the current
    one; ``extend``: the current one pushed back). ``needs`` names what the step must carry (``reason``,
    ``location``, ``photos``)."""

    state: str
    action: str
    next_state: str
    roles: tuple[str, ...]
    deadline: str | None
    needs: tuple[str, ...] = ()


TABLE: tuple[Transition, ...] = (
    Transition("reported", "file", "filed", ("operator",), "dispatch"),
    Transition("reported", "reject", "rejected", ("operator",), None, needs=("reason",)),
    Transition("filed", "dispatch", "dispatched", ("dispatcher",), "handle"),
    Transition("dispatched", "accept", "handling", ("department",), "keep"),
    Transition("dispatched", "return", "filed", ("department",), "dispatch"),
    Transition("handling", "return", "filed", ("department",), "dispatch"),
    Transition("handling", "feed_back", "handled", ("department",), "verify"),
    Transition("handled", "verify", "verified", ("grid_member",), "close", needs=("location",)),
    Transition("handled", "reopen", "dispatched", ("shift_leader",), "handle"),
    Transition("verified", "reopen", "dispatched", ("shift_leader",), "handle"),
    Transition("verified", "close", "closed", ("shift_leader",), None),
    Transition("dispatched", "extend", SAME, ("shift_leader",), "extend"),
    Transition("handling", "extend", SAME, ("shift_leader",), "extend"),
    Transition("filed", "suspend", "suspended", ("shift_leader",), None),
    Transition("dispatched", "suspend", "suspended", ("shift_leader",), None),
    Transition("handling", "suspend", "suspended", ("shift_leader",), None),
    Transition("suspended", "resume", PREVIOUS, ("shift_leader",), "keep"),
)

ACTIONS = tuple(dict.fromkeys(t.action for t in TABLE))
"""Every action, in table order."""
ACTION_LABELS = {
    "file": "立案", "reject": "不予立案", "dispatch": "派遣", "accept": "接单处理", "return": "退回",
    "feed_back": "处理反馈", "verify": "核查", "reopen": "返工", "close": "结案", "extend": "延期", "suspend": "挂起",
    "resume": "恢复",
}
ROLES = ("grid_member", "operator", "dispatcher", "department", "shift_leader", "leader", "admin")
"""The roles that work the loop (``leader`` reads it, ``grid_member`` also collects the reports)."""

_BY_KEY = {(t.state, t.action): t for t in TABLE}


def transition(state: str, action: str) -> Transition | None:
    """The row of ``action`` in ``state``; None when the state does not allow it."""
    return _BY_KEY.get((state, action))


def actions_in(state: str) -> tuple[str, ...]:
    """The actions ``state`` allows, whoever takes them."""
    return tuple(t.action for t in TABLE if t.state == state)


def may_take(row: Transition, roles: frozenset[str]) -> bool:
    return ADMIN in roles or bool(roles & set(row.roles))


def actions_for(state: str, roles: frozenset[str]) -> tuple[str, ...]:
    """The actions ``roles`` may take in ``state``."""
    return tuple(t.action for t in TABLE if t.state == state and may_take(t, roles))


def next_state(row: Transition, *, current: str, suspended_from: str) -> str:
    if row.next_state == PREVIOUS:
        return suspended_from
    return current if row.next_state == SAME else row.next_state


INCIDENT_STATUS = {
    "reported": "reported", "filed": "accepted", "rejected": "closed", "dispatched": "dispatched",
    "handling": "dispatched", "handled": "resolved", "verified": "resolved", "closed": "closed",
}
"""The incidents layer's ``status`` of each case state (a suspended case keeps the status it had)."""
