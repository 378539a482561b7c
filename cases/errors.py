"""Errors of the case loop, in the edge's family (``web.errors`` maps each to its status and code)."""
from __future__ import annotations

from web.errors import ApiError, Forbidden, InvalidParameter, NotFound


class UnknownAction(InvalidParameter):
    """400: an action the loop does not have."""

    code = "UnknownAction"


class CaseNotFound(NotFound):
    """404: no such case, or one outside the caller's scope (the same answer, so scope does not leak)."""

    code = "CaseNotFound"


class ActionNotAllowed(ApiError):
    """409: the case's state does not allow the action."""

    status = 409
    code = "ActionNotAllowedInState"


class RoleMayNotAct(Forbidden):
    """403: the caller's roles may not take the action."""

    code = "RoleMayNotAct"


class StepRefused(ApiError):
    """422: the step lacks what it needs (a reason, a location near enough, a known department)."""

    status = 422
    code = "StepRefused"


class VerificationTooFar(StepRefused):
    """422: a verification taken further from the case than the set distance."""

    code = "VerificationTooFar"
