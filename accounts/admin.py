"""The admin of accounts: a user's role, grids, department and granted layers inline on Django's user page, and API
tokens (never their secret: only its prefix; tokens are made by ``manage.py account_token``, and revoked here)."""
from __future__ import annotations

import functools
import types

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone

from .models import Account, ApiToken
from .services import STAFF_ROLES


class AccountInline(admin.StackedInline):
    model = Account
    can_delete = False
    fields = ("role", "grids", "department", "layers")


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("prefix", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a token's secret is shown once, by the command that makes it


class AccountUserAdmin(UserAdmin):
    inlines = [AccountInline, ApiTokenInline]
    list_display = ("username", "role", "department", "is_active", "is_staff", "last_login")
    list_select_related = ("account",)

    def save_related(self, request, form, formsets, change) -> None:
        """After the account is saved: a user of a staff role (``accounts.services.STAFF_ROLES``) is staff, and one
        moved to another role is not (unless a superuser), as ``account_create`` makes them."""
        super().save_related(request, form, formsets, change)
        user = form.instance
        account = Account.objects.filter(user=user).first()
        staff = user.is_superuser or (account is not None and account.role in STAFF_ROLES)
        if account is not None and user.is_staff != staff:
            type(user).objects.filter(pk=user.pk).update(is_staff=staff)

    @admin.display(description="role")
    def role(self, user) -> str:
        return getattr(getattr(user, "account", None), "role", "")

    @admin.display(description="department")
    def department(self, user) -> str:
        return getattr(getattr(user, "account", None), "department", "")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    fields = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "user", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token(s) revoked.")


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountUserAdmin)


def admin_urls():
    """``admin.site.urls`` with each view's methods declared (GET, HEAD and POST, CSRF-checked): ``web.methods``
    answers 405 for an undeclared POST before the CSRF check, and the admin's forms post."""
    patterns, app_name, namespace = admin.site.urls
    _declare(patterns)
    return patterns, app_name, namespace


def _declare(patterns) -> None:
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _declare(pattern.url_patterns)
        else:
            pattern.callback = _taking_posts(pattern.callback)


def _taking_posts(view):
    if not isinstance(view, types.FunctionType):  # a bound method of the site (login, logout...): wrap it
        bound = view

        @functools.wraps(bound)
        def view(*args, **kwargs):
            return bound(*args, **kwargs)

    view.allowed_methods = ("GET", "HEAD", "POST")
    return view
