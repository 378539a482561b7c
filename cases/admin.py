"""The admin of the case loop: the dispatch rules and the rejection reasons, which the centre edits (admins only),
and the cases with their steps, read-only (a case moves only by its steps, ``POST /api/cases/{id}/actions``)."""
from __future__ import annotations

from django.contrib import admin

from accounts.roles import user_principal

from .models import Case, CaseStep, DispatchRule, RejectReason


def _is_admin(request) -> bool:
    return request.user.is_active and "admin" in user_principal(request.user).roles


class CentreTableAdmin(admin.ModelAdmin):
    """A table only admins see and edit (whatever Django's permission tables say)."""

    def has_module_permission(self, request) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_admin(request)

    def has_add_permission(self, request) -> bool:
        return _is_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_admin(request)


@admin.register(DispatchRule)
class DispatchRuleAdmin(CentreTableAdmin):
    list_display = ("event_class", "department")
    search_fields = ("event_class", "department")


@admin.register(RejectReason)
class RejectReasonAdmin(CentreTableAdmin):
    list_display = ("code", "name")


class CaseStepInline(admin.TabularInline):
    model = CaseStep
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_state", "to_state", "actor", "role", "note", "reason", "distance_m")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(CentreTableAdmin):
    list_display = ("incident", "state", "department", "urgency", "level", "deadline_at", "updated_at")
    list_filter = ("state", "urgency", "level")
    search_fields = ("incident__code", "department")
    list_select_related = ("incident",)
    inlines = [CaseStepInline]
    readonly_fields = ("incident", "state", "department", "urgency", "level", "deadline_at", "suspended_from",
                       "reject_reason", "updated_at", "version")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
