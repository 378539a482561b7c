"""Accounts: a Django user's role, grids and department (:class:`Account`), and its API tokens (:class:`ApiToken`)."""
from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import conf
from .principal import ROLES
from .tokens import digest, new_token_text


def unknown_grids(codes) -> list[str]:
    """The codes in ``codes`` that are not grids of ``layers.Grid`` (sorted)."""
    grid_model = apps.get_model("layers", "Grid")  # looked up, not imported: accounts sits below layers
    codes = set(codes)
    known = set(grid_model.objects.filter(code__in=codes).values_list("code", flat=True))
    return sorted(codes - known)


def validate_grids(codes) -> None:
    unknown = unknown_grids(codes)
    if unknown:
        raise ValidationError(f"unknown grid codes: {', '.join(unknown)} (see the grids layer, /ogc/collections/grids)")


def unknown_layers(layer_ids) -> list[str]:
    """The ids in ``layer_ids`` that are not layers of the registry (sorted)."""
    known = set(apps.get_app_config("layers").layer_ids())  # asked, not imported: accounts sits below layers
    return sorted(set(layer_ids) - known)


def validate_layers(layer_ids) -> None:
    unknown = unknown_layers(layer_ids)
    if unknown:
        known = ", ".join(apps.get_app_config("layers").layer_ids())
        raise ValidationError(f"unknown layers: {', '.join(unknown)} (the layers are: {known})")


class Account(models.Model):
    """What the server knows of a user besides Django's fields: its ``role`` (one of ``accounts.principal.ROLES``),
    the ``grids`` it is assigned to (``layers.Grid`` codes), its ``department`` (empty: none) and the ``layers`` it
    is granted to write (registry ids; empty: every layer whose declaration grants its role)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField(max_length=20, choices=[(role, role) for role in ROLES])
    grids = ArrayField(models.CharField(max_length=18), default=list, blank=True, validators=[validate_grids],
                       help_text="grid codes (网格编码), comma-separated")
    department = models.CharField(max_length=80, blank=True, help_text="部门")
    layers = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, validators=[validate_layers],
        help_text="layers it may write (可编辑图层), comma-separated ids; empty: every layer its role may write",
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(role__in=ROLES), name="account_role_known")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


def default_expiry():
    return timezone.now() + timedelta(days=conf.get("PINGDING_TOKEN_DAYS"))


class ApiTokenQuerySet(models.QuerySet):
    def create_token(self, user, name: str = "", expires_at=None) -> tuple["ApiToken", str]:
        """A new token of ``user``: the stored row and the token's text, which exists only in this answer."""
        for _ in range(5):  # a prefix is 32 random bits: a collision is rare, and retried
            text = new_token_text()
            try:
                with transaction.atomic():
                    token = self.create(user=user, name=name, prefix=text.prefix, digest=digest(text.secret),
                                        expires_at=expires_at or default_expiry())
                return token, str(text)
            except IntegrityError:
                continue
        raise RuntimeError("five token prefixes in a row were taken; try again")


class ApiToken(models.Model):
    """An API token of a user. ``prefix`` finds it; ``digest`` is the SHA-256 of its secret (the secret itself is
    never stored); usable until ``expires_at`` unless ``revoked_at`` is set. ``last_used_at`` is written at most once
    a minute (``PINGDING_TOKEN_TOUCH_SECONDS``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, blank=True, help_text="what the token is for")
    prefix = models.CharField(max_length=8, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"pd_{self.prefix}_… ({self.user}{', ' + self.name if self.name else ''})"

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
