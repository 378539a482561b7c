"""The admin of one registry layer: its list, search and filters from the declaration, and its rights from the seam.

Who may see, add, change and delete is ``layers.access.layer_view(layer, principal)`` of the signed-in user (its
account's role, grids and department), never Django's permission tables: ``may_read`` to see the layer, ``may_write``
to change it, and a scoped writer (a grid member, a department) only the rows of its ``write_scope``. Every write
goes through ``layers.editing.services`` (:mod:`layers.admin.pages`), so the admin validates as the API does and the
history names the path ``admin``; the bulk delete action, which would go around them, is not offered.
"""
from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.urls import path

from accounts.roles import user_principal
from layers.access import LayerView, layer_view
from layers.registry import Layer, get_layer

from . import pages

NAME_FIELDS = ("name", "full_text", "description")
"""Properties that name a feature, shown beside its key in the list and searched, where a layer has them."""


def row_of(obj: models.Model) -> dict[str, object]:
    """A feature's values by column (the names scopes are written in)."""
    return {field.column: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _model_field(layer: Layer, column: str) -> models.Field:
    return next(f for f in layer.model._meta.concrete_fields if f.column == column)


def key_field(layer: Layer) -> str:
    """The model field that keys the layer's features for people: its first unique public field (the code)."""
    for column in layer.public_fields:
        field = layer.model._meta.get_field(column)
        if field.unique and not field.primary_key:
            return field.name
    return layer.model._meta.pk.name


def _code_column(field: models.Field):
    """A list column showing the code a foreign key holds (not the referenced row: no join, no query per row)."""
    def show(obj):
        return getattr(obj, field.attname)

    show.short_description = field.verbose_name
    show.admin_order_field = field.attname
    show.__name__ = f"{field.name}_code"
    return show


class LayerAdmin(admin.ModelAdmin):
    """The admin of the layer ``layer_id`` (set by :func:`layer_admin`); the declaration is read per request, so a
    changed registry is what the admin shows."""

    layer_id = ""
    key_field = "id"
    actions = None
    list_per_page = 50
    show_full_result_count = False
    change_list_template = "admin/layers/change_list.html"

    # --- rights, from the seam --------------------------------------------------------------------------------

    def view_of(self, request) -> LayerView:
        return layer_view(get_layer(self.layer_id), user_principal(request.user))

    def has_module_permission(self, request) -> bool:
        return self.view_of(request).may_read

    def has_view_permission(self, request, obj=None) -> bool:
        view = self.view_of(request)
        scope = view.row_scope
        return view.may_read and (obj is None or scope is None or row_of(obj).get(scope.column) in scope.grids)

    def has_add_permission(self, request) -> bool:
        return self.view_of(request).may_write

    def has_change_permission(self, request, obj=None) -> bool:
        view = self.view_of(request)
        return view.may_write and (obj is None or view.write_scope is None or view.write_scope.holds(row_of(obj)))

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = self.view_of(request).row_scope
        if scope is None:
            return queryset
        return queryset.filter(**{f"{_model_field(self.layer, scope.column).attname}__in": scope.grids})

    @property
    def layer(self) -> Layer:
        return get_layer(self.layer_id)

    # --- pages: every write through the services --------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return pages.change_form(self, request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return pages.delete_page(self, request, object_id)

    def history_view(self, request, object_id, extra_context=None):
        return pages.history_page(self, request, object_id)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("deleted/", wrap(self._deleted), name="%s_%s_deleted" % info),
            path("deleted/<int:feature_id>/restore/", wrap(self._restore), name="%s_%s_restore" % info),
            path("<int:feature_id>/history/revert/", wrap(self._revert), name="%s_%s_revert" % info),
            *super().get_urls(),
        ]

    def _deleted(self, request):
        return pages.deleted_page(self, request)

    def _restore(self, request, feature_id: int):
        return pages.restore(self, request, feature_id)

    def _revert(self, request, feature_id: int):
        return pages.revert(self, request, feature_id)


def layer_admin(layer: Layer) -> type[LayerAdmin]:
    """The admin class of ``layer``: list columns (its key, naming fields, enumerations, grid), search on the key
    and the naming fields, filters on the enumerations; all read from the declaration."""
    fields = {name: layer.model._meta.get_field(name) for name in layer.public_fields}
    key = key_field(layer)
    naming = [name for name in NAME_FIELDS if name in fields and name != key]
    enumerations = [name for name, field in fields.items() if field.choices and not field.is_relation]
    columns: list[object] = [key, *naming, *enumerations]
    if layer.snapped_to_grid:
        columns.append(_code_column(layer.model._meta.get_field("grid")))
    return type(f"{layer.model.__name__}LayerAdmin", (LayerAdmin,), {
        "layer_id": layer.id,
        "key_field": key,
        "list_display": tuple(columns),
        "list_display_links": (key,),
        "search_fields": (key, *naming),
        "list_filter": tuple(enumerations),
        "__module__": __name__,
    })
