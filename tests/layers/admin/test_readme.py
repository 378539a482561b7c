"""The README's layer admin line, run as written: the account it makes signs in to /admin on the admin's own sign-in
form and may change a layer."""
from __future__ import annotations

import io
import re
import shlex
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from layers.models import Component

from .conftest import admin_url

README = Path(__file__).resolve().parents[3] / "README.md"

pytestmark = pytest.mark.django_db


def test_the_readme_s_admin_account_signs_in_to_the_layer_admin(client, monkeypatch):
    text = README.read_text()
    line = next(line for line in text.splitlines() if "account_create" in line and "--password-stdin" in line)
    password = re.search(r"printf '([^']+)\\n'", line).group(1)
    command = shlex.split(line.split("manage.py ", 1)[1])
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    call_command(*command, stdout=io.StringIO())
    username = command[1]
    signed = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    assert signed.status_code == 302 and signed["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200 and admin_url(Component) in index.content.decode()
    change = client.get(admin_url(Component, "change", Component.objects.order_by("pk").first().pk))
    assert change.context["has_change_permission"] is True
