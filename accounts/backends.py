"""Authentication backends: the lockout check of django-axes, and Django's own with the account joined."""
from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first in ``AUTHENTICATION_BACKENDS``: refuses a locked-out username and address. A
    sign-in without a request (``authenticate()`` from code, the test client's ``login``) has no address to count
    against, and passes to the next backend instead of failing as axes' own would."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AccountBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` (the session's user, once per request) joins the account, so building
    the principal costs no second query."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("account").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
