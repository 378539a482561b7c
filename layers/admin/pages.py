"""The layer admin's pages that read or change a feature: the change form (add and change), delete, the feature's
history with revert, and the layer's deleted features with restore.

Every change is an ``Edit`` of ``layers.editing.services`` made with ``path="admin"`` and the username, against the
version the page was loaded at (a hidden field): a concurrent change is refused ("changed by someone else since
you opened it") and nothing is saved, as a 412 is in the API. A service's refusal is shown on the field it names.
"""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts.roles import user_principal
from layers.editing.services import Edit, create_feature, delete_feature, restore_feature, revert_feature, \
    update_feature
from layers.editing.inputs import clean_properties
from layers.history.selectors import current_versions, deleted_features, feature_history, feature_version
from layers.selectors import feature_get_versioned
from spatial.crs import CRS84
from spatial.errors import SpatialError
from web.errors import ApiError, PreconditionFailed

from .forms import GEOMETRY, VERSION, feature_form, field_of, geometry_of, initial_of, properties_of
from .versions import version_rows

REFUSED = (ApiError, SpatialError)


def _edit(model_admin, request) -> Edit:
    return Edit(view=model_admin.view_of(request), principal=user_principal(request.user), path="admin",
                actor=request.user.get_username())


def refusal(error: Exception) -> str:
    """What a person reads for a service's refusal (a stale version in the admin's words)."""
    if isinstance(error, PreconditionFailed):
        return ("This feature was changed by someone else since you opened it; nothing was saved. Reload it and "
                "make your change again.")
    return getattr(error, "description", None) or str(error)


def _url(model_admin, page: str, *args) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args,
                   current_app=model_admin.admin_site.name)


def _expected(request, name: str) -> frozenset[int]:
    value = request.POST.get(name, "")
    return frozenset({int(value)}) if value.isdigit() else frozenset()


def _loaded(view, feature_id: int) -> tuple[dict, int]:
    found = feature_get_versioned(layer=view, feature_id=feature_id, crs=CRS84)
    if found is None:
        raise PermissionDenied
    text, version = found
    return json.loads(text), version


def _save(model_admin, request, form, obj):
    view = model_admin.view_of(request)
    add = obj is None
    edit = _edit(model_admin, request)
    changed_geometry = add or GEOMETRY in form.changed_data
    geometry = geometry_of(view, form.cleaned_data[GEOMETRY]) if changed_geometry else None
    properties = clean_properties(view, properties_of(view, form, add=add))
    if add:
        return create_feature(edit, properties=properties, geometry=geometry)
    return update_feature(edit, obj.pk, expected=frozenset({form.cleaned_data[VERSION]}), properties=properties,
                          geometry=geometry)


def _saved(model_admin, request, written, add: bool):
    layer = model_admin.layer
    if written.changed:
        messages.success(request, f"{layer.title_zh} {layer.title}: feature {written.feature_id} saved "
                                  f"(version {written.version}).")
    else:
        messages.info(request, f"Nothing changed: feature {written.feature_id} stays at version {written.version}.")
    if "_addanother" in request.POST:
        return HttpResponseRedirect(_url(model_admin, "add"))
    if "_continue" in request.POST or (add and "_save" not in request.POST):
        return HttpResponseRedirect(_url(model_admin, "change", written.feature_id))
    return HttpResponseRedirect(_url(model_admin, "changelist"))


def change_form(model_admin, request, object_id, extra_context=None):
    """The add form (``object_id`` None) or the change form of a feature; read-only where the user may not write."""
    view = model_admin.view_of(request)
    obj = None
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
    else:
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
        if not model_admin.has_view_or_change_permission(request, obj):
            raise PermissionDenied
    add = obj is None
    editable = add or model_admin.has_change_permission(request, obj)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form_class = feature_form(view, add=add)
    initial = {} if add else initial_of(view, *_loaded(view, obj.pk))
    if request.method == "POST":
        form = form_class(request.POST, initial=initial)
        if form.is_valid():
            try:
                written = _save(model_admin, request, form, obj)
            except REFUSED as error:
                form.add_error(field_of(form, getattr(error, "parameter", None)), refusal(error))
            else:
                return _saved(model_admin, request, written, add)
    else:
        form = form_class(initial=initial)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return _render_form(model_admin, request, form, obj, object_id, extra_context)


def _render_form(model_admin, request, form, obj, object_id, extra_context):
    add = obj is None
    adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}, (), model_admin=model_admin)
    if add:
        title = f"Add a feature of {model_admin.layer.title_zh} {model_admin.layer.title}"
    else:
        verb = "Change" if model_admin.has_change_permission(request, obj) else "View"
        title = f"{verb} feature {obj.pk} of {model_admin.layer.title_zh} {model_admin.layer.title}"
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None if add else str(obj),
        "adminform": adminform,
        "object_id": object_id,
        "original": obj,
        "is_popup": False,
        "to_field": None,
        "media": model_admin.media + adminform.media,
        "inline_admin_formsets": [],
        "errors": helpers.AdminErrorList(form, []),
        "preserved_filters": model_admin.get_preserved_filters(request),
        "save_as": False,
        **(extra_context or {}),
    }
    return model_admin.render_change_form(request, context, add=add, change=not add, obj=obj)


def delete_page(model_admin, request, object_id):
    """Confirm, then delete a feature (it stays in its history, and can be restored from the deleted page)."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    if not model_admin.has_delete_permission(request, obj):
        raise PermissionDenied
    if request.method == "POST":
        try:
            written = delete_feature(_edit(model_admin, request), obj.pk, expected=_expected(request, VERSION))
        except REFUSED as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, f"Feature {obj.pk} deleted (version {written.version}); restore it from the "
                                      "deleted features page.")
            return HttpResponseRedirect(_url(model_admin, "changelist"))
    version = current_versions(model_admin.layer, [obj.pk])[obj.pk]
    return _page(model_admin, request, "admin/layers/delete.html", f"Delete feature {obj.pk}?",
                 {"object": obj, "version": version})


def _page(model_admin, request, template: str, title: str, context: dict) -> TemplateResponse:
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, template, {
        **model_admin.admin_site.each_context(request),
        "title": title, "opts": model_admin.opts, "layer": model_admin.layer, **context,
    })


def _history_scope(model_admin, request, feature_id: int):
    """``(the feature or None when deleted, its history)``, after checking the user may see it."""
    view = model_admin.view_of(request)
    obj = model_admin.get_object(request, str(feature_id))
    history = feature_history(view, feature_id)
    if obj is not None:
        if not model_admin.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj, history
    if not history or history[0].operation != "delete" or not view.may_read:
        return None, None
    scope, row = view.row_scope, history[0].attributes_before or {}
    if scope is not None and row.get(scope.column) not in scope.grids:
        return None, None
    return None, history


def history_page(model_admin, request, object_id):
    """The versions of a feature (who, when, through which path, what changed), each with "revert to this"."""
    feature_id = int(object_id) if str(object_id).isdigit() else None
    obj, history = _history_scope(model_admin, request, feature_id) if feature_id else (None, None)
    if history is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    view = model_admin.view_of(request)
    may_revert = obj is not None and model_admin.has_change_permission(request, obj)
    return _page(model_admin, request, "admin/layers/history.html", f"History of feature {feature_id}", {
        "object": obj, "feature_id": feature_id, "versions": version_rows(view, history),
        "current": history[0].version if history else 0, "may_revert": may_revert,
        "revert_url": _url(model_admin, "revert", feature_id),
        "deleted": obj is None,
    })


def revert(model_admin, request, feature_id: int):
    """POST: the feature put back as it was after the version chosen on its history page."""
    if request.method != "POST":
        return HttpResponseRedirect(_url(model_admin, "history", feature_id))
    obj = model_admin.get_object(request, str(feature_id))
    if obj is None or not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    version = request.POST.get(VERSION, "")
    try:
        written = revert_feature(_edit(model_admin, request), feature_id, version=int(version) if version.isdigit()
                                 else -1, expected=_expected(request, "expected"))
    except REFUSED as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"Feature {feature_id} reverted to its version {version} (now version "
                                  f"{written.version}).")
    return HttpResponseRedirect(_url(model_admin, "history", feature_id))


DELETED_PAGE = 100
"""Deleted features listed per page."""


def deleted_page(model_admin, request):
    """The layer's features whose latest change is their deletion, newest first, each with "restore"."""
    view = model_admin.view_of(request)
    if not view.may_read:
        raise PermissionDenied
    page = int(request.GET["p"]) if request.GET.get("p", "").isdigit() else 0
    found = deleted_features(view, limit=DELETED_PAGE + 1, offset=page * DELETED_PAGE)
    key = model_admin.opts.get_field(model_admin.key_field).column
    rows = []
    for deleted in found[:DELETED_PAGE]:
        last = feature_version(view, deleted.feature_id, deleted.version)
        before = (last.attributes_before if last else None) or {}
        may_restore = view.may_write and (view.write_scope is None or view.write_scope.holds(before))
        rows.append({"deleted": deleted, "key": before.get(key), "may_restore": may_restore})
    return _page(model_admin, request, "admin/layers/deleted.html", f"Deleted features of {view.title_zh}", {
        "rows": rows, "key_label": key, "previous": page - 1 if page else None,
        "next": page + 1 if len(found) > DELETED_PAGE else None,
    })


def restore(model_admin, request, feature_id: int):
    """POST: a deleted feature brought back as it was, with its id."""
    if request.method != "POST":
        return HttpResponseRedirect(_url(model_admin, "deleted"))
    if not model_admin.view_of(request).may_write:
        raise PermissionDenied
    try:
        written = restore_feature(_edit(model_admin, request), feature_id, expected=_expected(request, VERSION))
    except REFUSED as error:
        messages.error(request, refusal(error))
        return HttpResponseRedirect(_url(model_admin, "deleted"))
    messages.success(request, f"Feature {feature_id} restored (version {written.version}).")
    return HttpResponseRedirect(_url(model_admin, "change", feature_id))
