"""The browser's sign-in pages: log in (Django's LoginView, django-axes counting failures), log out, locked out."""
from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .lockout import cool_off_seconds


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = False


class LogoutView(auth_views.LogoutView):
    """POST only (Django's), with the CSRF token of the page that signed in; then to the login page
    (``LOGOUT_REDIRECT_URL``)."""


@require_GET
def locked(request):
    """Where a browser is sent after too many failed sign-ins."""
    return render(request, "accounts/locked.html", {"minutes": max(1, cool_off_seconds() // 60)})
