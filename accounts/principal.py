"""The principal: who is asking, as every read and write path sees it (through ``layers.access``).

A request that names nobody is :data:`ANONYMOUS`; :mod:`accounts.middleware` builds the principal of an API token or
a session from the user's account. Downstream nothing knows how: the paths ask
``layers.access.layer_view(layer, principal)`` what the principal may read and write.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

PUBLIC_AUDIENCE = "public"
"""The audience of anonymous callers: the only one the tile front answers and whose tiles it shares."""

ROLES = ("api_client", "reporter", "grid_member", "department", "gis_editor", "leader", "admin",
         "operator", "dispatcher", "shift_leader")
"""The roles a signed-in principal may hold (anonymous holds none). ``operator`` (受理员, files reports),
``dispatcher`` (派遣员) and ``shift_leader`` (值班长, closes, reopens, extends) are the county centre's case-loop
roles (``cases.loop``)."""


@dataclass(frozen=True)
class Principal:
    """A caller: ``user_id`` (None when anonymous), its ``roles``, the ``grids`` it is assigned to (grid codes), its
    ``department`` (None for none) and the ``layers`` it is granted to write (layer ids; empty: no narrowing, every
    layer its roles may write). Hashable, so it can key caches of what it may see."""

    user_id: int | None = None
    roles: frozenset[str] = frozenset()
    grids: frozenset[str] = frozenset()
    department: str | None = None
    layers: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(unknown)}; use some of: {', '.join(ROLES)}")
        object.__setattr__(self, "roles", frozenset(self.roles))
        object.__setattr__(self, "grids", frozenset(self.grids))
        object.__setattr__(self, "layers", frozenset(self.layers))

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and not self.roles

    @property
    def audience(self) -> str:
        """The visibility class: callers of one audience see exactly the same data, so they may share cached
        answers (tiles). ``public`` for anonymous; otherwise the roles, with a digest of the grids and department
        that scope them (at most 64 characters, the width of the tile cache's column). The granted ``layers`` are
        not part of it: they narrow writes, not reads."""
        if self.is_anonymous:
            return PUBLIC_AUDIENCE
        audience = "+".join(sorted(self.roles)) or "user"
        if self.grids or self.department:
            scope = "\n".join([*sorted(self.grids), f"department={self.department or ''}"])
            audience += "@" + hashlib.sha256(scope.encode()).hexdigest()[:16]
        return audience


ANONYMOUS = Principal()
