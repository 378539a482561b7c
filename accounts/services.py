"""Creating accounts and tokens, as the management commands (and tests) do."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Account, ApiToken, unknown_grids, unknown_layers
from .principal import ROLES


STAFF_ROLES = ("grid_member", "department", "gis_editor", "leader", "admin")
"""Roles whose accounts are staff (Django's ``is_staff``): they sign in to the layer admin (/admin), where the layer
registry, not Django's permission tables, says what each may see and change (``layers.admin``)."""


def parse_list(text: str | None) -> list[str]:
    """``"A,B"`` -> ``["A", "B"]`` (blanks dropped): grid codes, layer ids."""
    return [code.strip() for code in (text or "").split(",") if code.strip()]


def check_account(role: str, grids: list[str], layers: list[str] = ()) -> None:
    """:class:`ValidationError` naming an unknown role, unknown grid codes or unknown layers."""
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    unknown = unknown_grids(grids)
    if unknown:
        raise ValidationError(f"unknown grid codes: {', '.join(unknown)}")
    unknown = unknown_layers(layers)
    if unknown:
        raise ValidationError(f"unknown layers: {', '.join(unknown)}")


@transaction.atomic
def create_account(username: str, role: str, *, grids: list[str] = (), department: str = "",
                   layers: list[str] = (), password: str | None = None):
    """A new user with its account; no usable password unless ``password`` is given (tokens only). ``layers``: the
    layers it may write (empty: every layer its role may write). A role of :data:`STAFF_ROLES` makes the user staff,
    so it reaches the layer admin."""
    grids, layers = list(grids), list(layers)
    check_account(role, grids, layers)
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise ValidationError(f"a user named {username!r} exists already")
    user = users.objects.create_user(username=username, password=password, is_staff=role in STAFF_ROLES)
    Account.objects.create(user=user, role=role, grids=grids, department=department, layers=layers)
    return user


def new_token(username: str, name: str = "") -> tuple[ApiToken, str]:
    """A new token of user ``username``: the row and the token's text (shown once)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(f"no user named {username!r}")
    return ApiToken.objects.create_token(user, name=name)
