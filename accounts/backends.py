"""The authentication backend of sessions: Django's, with the user's account read in the same query."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` (the session's user, once per request) joins the account, so building
    the principal costs no second query."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("account").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
