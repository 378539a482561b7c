"""``account_create``, ``account_token`` and ``account_token_revoke``: the token printed on the last line works in a
request; unknown roles and grids are refused with a clear message."""
from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Account, ApiToken

from .conftest import bearer, body_json


def run(*args, **options) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue().strip().splitlines()


def test_account_create_prints_a_working_token_on_its_last_line(client, db, grid_codes, redeclared):
    redeclared("incidents", grid_scoped_roles=("grid_member",))
    lines = run("account_create", "wang.wei", "--role", "grid_member", "--grids", grid_codes[0],
                "--department", "冠山镇", "--token")
    account = Account.objects.get(user__username="wang.wei")
    assert (account.role, account.grids, account.department) == ("grid_member", [grid_codes[0]], "冠山镇")
    answer = client.get("/ogc/collections/incidents/items?limit=10000&f=json", **bearer(lines[-1]))
    assert answer.status_code == 200
    seen = body_json(answer)["features"]
    assert seen and all(f["properties"]["grid_code"] == grid_codes[0] and "reporter" in f["properties"] for f in seen)
    assert not get_user_model().objects.get(username="wang.wei").has_usable_password()


def test_account_create_without_token_prints_none(db):
    lines = run("account_create", "li.na", "--role", "leader")
    assert lines == ["created li.na (leader)"] and not ApiToken.objects.exists()


def test_a_password_may_come_on_stdin(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    run("account_create", "zhao.lei", "--role", "gis_editor", "--password-stdin")
    assert get_user_model().objects.get(username="zhao.lei").check_password("s3cret-pass")


@pytest.mark.parametrize("args, words", [
    (("--role", "superuser"), "unknown role 'superuser'; use one of: api_client"),
    (("--role", "grid_member", "--grids", "140321999999999"), "unknown grid codes: 140321999999999"),
])
def test_an_unknown_role_or_grid_is_refused(db, args, words):
    with pytest.raises(CommandError, match=words.replace("(", r"\(")):
        run("account_create", "nobody", *args)
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_account_create_refuses_an_existing_username(db):
    run("account_create", "twice", "--role", "reporter")
    with pytest.raises(CommandError, match="exists already"):
        run("account_create", "twice", "--role", "reporter")


def test_account_token_makes_another_token_and_revoke_ends_it(client, db):
    run("account_create", "system.12345", "--role", "api_client")
    token = run("account_token", "system.12345", "--name", "12345 hotline")[-1]
    page = "/ogc/collections/grids/items?limit=1&f=json"
    assert client.get(page, **bearer(token)).status_code == 200
    assert ApiToken.objects.get(prefix=token[3:11]).name == "12345 hotline"
    assert run("account_token_revoke", token[:11])[-1].startswith(f"revoked {token[3:11]} of system.12345")
    assert client.get(page, **bearer(token)).status_code == 401
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        run("account_token", "ghost")
    with pytest.raises(CommandError, match="no token with prefix"):
        run("account_token_revoke", "ffffffff")
