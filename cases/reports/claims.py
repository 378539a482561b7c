"""Who may claim what in a report: its ``source`` and its reporter's ``role`` follow from the caller, not the body.

One table each, (claimed value) -> (roles that may claim it); ``admin`` may claim anything and ``public_app`` /
``resident`` are anyone's, anonymous callers included. A phone app posting anonymously cannot pass its report off
as the case system's or an officer's: that is a 403 naming the field, before anything is stored.
"""
from __future__ import annotations

from collections.abc import Mapping

from accounts.principal import Principal
from layers.errors import ApiError
from cases.models import ReporterRole, ReportSource

from .inputs import ReportInput

ANYONE = None
"""In a claim table: no role needed."""

SOURCE_CLAIMS: dict[str, frozenset[str] | None] = {
    ReportSource.PUBLIC_APP: ANYONE,
    ReportSource.GRID_MEMBER_APP: frozenset({"grid_member"}),
    ReportSource.OFFICER: frozenset({"department"}),
    ReportSource.HOTLINE_12345: frozenset({"api_client"}),
    ReportSource.CASE_SYSTEM: frozenset({"api_client"}),
}
ROLE_CLAIMS: dict[str, frozenset[str] | None] = {
    ReporterRole.RESIDENT: ANYONE,
    ReporterRole.GRID_MEMBER: frozenset({"grid_member"}),
    ReporterRole.OFFICER: frozenset({"department"}),
}


class ClaimForbidden(ApiError):
    status = 403
    code = "Forbidden"


def _may_claim(table: dict[str, frozenset[str] | None], value: str, principal: Principal) -> bool:
    needed = table[value]
    return needed is ANYONE or bool(principal.roles & (needed | {"admin"}))


def check_claims(*, report: ReportInput, principal: Principal, parameters: Mapping[str, str]) -> None:
    """403 when ``principal`` may not claim the report's source or its reporter's role (``parameters`` names the
    fields as the caller's format spells them)."""
    for table, value, field in (
        (SOURCE_CLAIMS, report.source, "source"),
        (ROLE_CLAIMS, report.reporter.role, "reporter.role"),
    ):
        if not _may_claim(table, value, principal):
            roles = ", ".join(sorted((table[value] or frozenset()) | {"admin"}))
            raise ClaimForbidden(
                f"{field} {value!r} is claimed only by callers signed in with the role {roles}; "
                "send a token of such an account, or leave it out.",
                parameter=parameters.get(field, field),
            )
