"""Who sees the dashboard: the centre's leaders, shift leaders, dispatchers and admins (every case of the county)."""
from __future__ import annotations

from accounts.principal import Principal
from web.errors import Forbidden, NotAuthenticated

DASHBOARD_ROLES = frozenset({"leader", "shift_leader", "dispatcher", "admin"})


def may_see(principal: Principal) -> bool:
    return bool(principal.roles & DASHBOARD_ROLES)


def check_viewer(principal: Principal) -> None:
    """401 for an anonymous caller, 403 for a role that does not see the dashboard."""
    if principal.is_anonymous:
        raise NotAuthenticated("The dashboard is read with an API token (Authorization: Bearer) or a signed-in "
                               "session.", parameter="Authorization")
    if not may_see(principal):
        raise Forbidden("The dashboard is seen by leaders, shift leaders, dispatchers and admins.",
                        parameter="Authorization")
