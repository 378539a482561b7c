"""A feature's history in the admin (who, when, which path, what changed, cut to what the user reads), reverting to
a version, and restoring a deleted feature: each an edit the history records with the path ``admin``."""
from __future__ import annotations

import pytest

from accounts.principal import Principal
from layers.access import layer_view
from layers.editing.services import Edit, update_feature
from layers.history.selectors import current_versions
from layers.models import Component, Incident
from layers.registry import get_layer

from .conftest import admin_url, form_data, history, shown_form

pytestmark = pytest.mark.django_db


def point_component() -> Component:
    return Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[5]


def change_state(client, target, state: str) -> None:
    url = admin_url(Component, "change", target.pk)
    assert client.post(url, form_data(shown_form(client.get(url)), state=state)).status_code == 302


def test_history_lists_each_version_with_who_when_path_and_changes_and_reverts_to_one(client, signed_in):
    user = signed_in("gis_editor")
    target = point_component()
    start = current_versions(get_layer("components"), [target.pk])[target.pk]
    original = target.state
    first, second = [s for s in ("damaged", "missing", "occupied") if s != original][:2]
    change_state(client, target, first)
    change_state(client, target, second)
    page = client.get(admin_url(Component, "history", target.pk))
    assert page.status_code == 200
    rows = page.context["versions"]
    assert [row.version.version for row in rows][:2] == [start + 2, start + 1]
    newest = rows[0]
    assert (newest.version.path, newest.version.actor_name, newest.version.operation) == ("admin", user.username,
                                                                                          "update")
    assert [(c.name, c.before, c.after) for c in newest.changes] == [("state", first, second)]
    html = page.content.decode()
    assert user.username in html and "Revert to this version" in html

    answer = client.post(admin_url(Component, "revert", target.pk), {"version": start + 1, "expected": start + 2})
    assert answer.status_code == 302 and answer["Location"] == admin_url(Component, "history", target.pk)
    assert Component.objects.get(pk=target.pk).state == first
    assert history("components", target.pk)[-1] == (start + 3, "update", "admin", user.username)

    stale = client.post(admin_url(Component, "revert", target.pk), {"version": start + 2, "expected": start + 2})
    assert stale.status_code == 302
    assert Component.objects.get(pk=target.pk).state == first  # refused: the page was stale
    assert history("components", target.pk)[-1][0] == start + 3
    messages = [str(m) for m in client.get(admin_url(Component, "history", target.pk)).context["messages"]]
    assert any("changed by someone else since you opened it" in m for m in messages)


def test_history_shows_only_the_fields_the_user_may_read(client, signed_in, account):
    incident = Incident.objects.order_by("pk").first()
    admin_user, _ = account("admin")
    principal = Principal(user_id=admin_user.pk, roles={"admin"})
    view = layer_view(get_layer("incidents"), principal)
    version = current_versions(view, [incident.pk])[incident.pk]
    update_feature(Edit(view=view, principal=principal, path="api", actor=admin_user.username), incident.pk,
                   expected=frozenset({version}), properties={"reporter_phone": "13900000001", "description": "看见"},
                   geometry=None)
    signed_in("gis_editor")  # reads incidents, not their restricted fields
    form = client.get(admin_url(Incident, "change", incident.pk)).context["adminform"].form
    assert "description" in form.fields and "reporter_phone" not in form.fields
    page = client.get(admin_url(Incident, "history", incident.pk))
    assert [c.name for c in page.context["versions"][0].changes] == ["description"]
    assert "13900000001" not in page.content.decode() and "reporter_phone" not in page.content.decode()
    client.force_login(admin_user)
    shown = client.get(admin_url(Incident, "history", incident.pk))
    assert "reporter_phone" in client.get(admin_url(Incident, "change", incident.pk)).context["adminform"].form.fields
    assert {c.name for c in shown.context["versions"][0].changes} == {"description", "reporter_phone"}


def test_a_deleted_feature_is_listed_and_restored_from_the_admin(client, signed_in):
    user = signed_in("gis_editor")
    target = point_component()
    delete_url = admin_url(Component, "delete", target.pk)
    assert client.post(delete_url, {"version": client.get(delete_url).context["version"]}).status_code == 302
    listed = client.get(admin_url(Component, "deleted"))
    row = next(row for row in listed.context["rows"] if row["deleted"].feature_id == target.pk)
    assert row["key"] == target.code and row["may_restore"]
    history_page = client.get(admin_url(Component, "history", target.pk))
    assert history_page.status_code == 200 and history_page.context["deleted"]
    answer = client.post(admin_url(Component, "restore", target.pk), {"version": row["deleted"].version})
    assert answer.status_code == 302 and answer["Location"] == admin_url(Component, "change", target.pk)
    restored = Component.objects.get(pk=target.pk)
    assert (restored.code, restored.state, restored.geom.ewkb) == (target.code, target.state, target.geom.ewkb)
    assert history("components", target.pk)[-1][1:] == ("insert", "admin", user.username)
    assert all(r["deleted"].feature_id != target.pk for r in client.get(admin_url(Component, "deleted")).context["rows"])


def test_a_leader_reads_history_and_deleted_features_but_reverts_and_restores_nothing(client, signed_in):
    signed_in("gis_editor")
    target = point_component()
    delete_url = admin_url(Component, "delete", target.pk)
    client.post(delete_url, {"version": client.get(delete_url).context["version"]})
    signed_in("leader")
    listed = client.get(admin_url(Component, "deleted"))
    row = next(row for row in listed.context["rows"] if row["deleted"].feature_id == target.pk)
    assert not row["may_restore"] and "Restore" not in listed.content.decode()
    assert client.post(admin_url(Component, "restore", target.pk), {"version": row["deleted"].version}).status_code == 403
    assert not Component.objects.filter(pk=target.pk).exists()
    other = Component.objects.order_by("pk").first()
    assert "Revert to this version" not in client.get(admin_url(Component, "history", other.pk)).content.decode()
    assert client.post(admin_url(Component, "revert", other.pk), {"version": 1, "expected": 1}).status_code == 403
