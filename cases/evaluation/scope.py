"""Who reads which evaluation: leaders, shift leaders and admins every grouping over every case; a department its
own row (``by=department``); a grid member its grids (``by=grid``); anyone else nothing."""
from __future__ import annotations

from accounts.principal import Principal
from web.errors import Forbidden, NotAuthenticated

from .selectors import Scope

READS_ALL = frozenset({"leader", "shift_leader", "admin"})


def require_known(principal: Principal) -> None:
    """401 for an anonymous caller (before its parameters are looked at)."""
    if principal.is_anonymous:
        raise NotAuthenticated("The evaluation is read with an API token (Authorization: Bearer) or a signed-in "
                               "session.", parameter="Authorization")


def evaluation_scope(principal: Principal, by: str) -> Scope:
    """The cases ``principal`` may evaluate grouped ``by``; 401 for an anonymous caller, 403 otherwise."""
    require_known(principal)
    if principal.roles & READS_ALL:
        return Scope()
    if "department" in principal.roles and principal.department and by == "department":
        return Scope(department=principal.department)
    if "grid_member" in principal.roles and principal.grids and by == "grid":
        return Scope(grids=tuple(sorted(principal.grids)))
    if principal.roles & {"department", "grid_member"}:
        raise Forbidden("A department reads its own row (by=department), a grid member its grids (by=grid).",
                        parameter="by")
    raise Forbidden("The evaluation is read by leaders, shift leaders and admins, a department its own row and a "
                    "grid member its grids.", parameter="Authorization")
