"""A user's principal from its account: the one rule, for tokens and sessions alike."""
from __future__ import annotations

from collections.abc import Iterable

from .principal import Principal


def account_principal(user_id: int, *, superuser: bool, role: str | None, grids: Iterable[str] | None,
                      department: str | None, layers: Iterable[str] | None = None) -> Principal:
    """The principal of an active user: its account's role, grids, department and granted layers (``role`` None: no
    account; a superuser without one is an admin, anyone else without one has no role and reads what anonymous
    callers read)."""
    roles = {role} if role else ({"admin"} if superuser else set())
    return Principal(user_id=user_id, roles=frozenset(roles), grids=frozenset(grids or ()),
                     department=department or None, layers=frozenset(layers or ()))


def user_principal(user) -> Principal:
    """The principal of an active, signed-in ``user`` (its ``account`` joined by ``accounts.backends``)."""
    account = getattr(user, "account", None)
    return account_principal(
        user.pk, superuser=user.is_superuser, role=account.role if account else None,
        grids=account.grids if account else None, department=account.department if account else None,
        layers=account.layers if account else None,
    )
