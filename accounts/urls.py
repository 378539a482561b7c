"""Sign-in routes of the browser, under ``/accounts/``."""
from django.urls import path

from . import views


def _taking(view, *methods: str):
    """``view`` with the methods it takes declared (``web.methods``: others are a 405 before the CSRF check)."""
    view.allowed_methods = methods
    return view


urlpatterns = [
    path("login", _taking(views.LoginView.as_view(), "GET", "HEAD", "POST"), name="login"),
    path("logout", _taking(views.LogoutView.as_view(), "POST"), name="logout"),
    path("locked", views.locked, name="locked"),
]
