"""The layer admin driven as a browser drives it: the Django test client signed in with a session, GETting a page
and POSTing its form back with the values it showed (disabled fields are not sent, as a browser does not)."""
from __future__ import annotations

import pytest
from django import forms
from django.db import connection

from tests.accounts.conftest import account  # noqa: F401  (fixture)


@pytest.fixture
def signed_in(client, account):
    """``signed_in(role, grids=..., department=...)``: the test client signed in as a new user of that role."""
    def sign_in(role: str, **scope):
        user, _ = account(role, **scope)
        client.force_login(user)
        return user

    return sign_in


def admin_url(model, page: str = "changelist", *args) -> str:
    from django.urls import reverse

    return reverse(f"admin:layers_{model._meta.model_name}_{page}", args=args)


def shown_form(answer) -> forms.Form:
    assert answer.status_code == 200, answer.content[:500]
    return answer.context["adminform"].form


def _posted_value(field: forms.Field, value):
    if isinstance(field, forms.NullBooleanField):
        return {True: "true", False: "false"}.get(value, "unknown")
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if isinstance(field, forms.ChoiceField):
        return "" if value is None else str(value)
    formatted = field.widget.format_value(value)
    return "" if formatted is None else formatted


def form_data(form: forms.Form, **changes) -> dict[str, str]:
    """What a browser posts back for ``form`` as shown, with ``changes`` typed in (values as text)."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = _posted_value(field, form[name].value())
        if value is not None:
            data[name] = value
    data.update(changes)
    return data


def history(layer_id: str, feature_id: int) -> list[tuple]:
    """``(version, operation, path, actor_name)`` of a feature's recorded changes, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, operation, path, actor_name FROM layers_history WHERE layer = %s AND"
                       " feature_id = %s ORDER BY version", [layer_id, feature_id])
        return cursor.fetchall()


def form_errors(answer) -> dict[str, list[str]]:
    """The errors of the form a refused POST shows again (``__all__`` for those of the whole form)."""
    assert answer.status_code == 200, answer.status_code
    return {name: list(errors) for name, errors in answer.context["adminform"].form.errors.items()}
