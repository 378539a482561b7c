"""Patrol tracks and roads in the admin, for the admins: tracks are read (uploaded only over the API, by their
members); roads, the lines coverage is measured on, are named, classed or deleted."""
from django.contrib import admin

from accounts.middleware import principal_of

from .models import Road, Track


class AdminsOnly:
    def _admin(self, request) -> bool:
        return request.user.is_superuser or "admin" in principal_of(request).roles

    def has_module_permission(self, request) -> bool:
        return self._admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._admin(request) and self.model is Road

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._admin(request)


@admin.register(Track)
class TrackAdmin(AdminsOnly, admin.ModelAdmin):
    list_display = ["id", "owner", "day", "started_at", "ended_at", "length_m", "points", "source_format"]
    list_filter = ["day", "source_format"]
    search_fields = ["owner__username", "owner__first_name"]
    exclude = ["times", "geom"]


@admin.register(Road)
class RoadAdmin(AdminsOnly, admin.ModelAdmin):
    list_display = ["id", "name", "source", "length_m"]
    list_filter = ["source"]
    search_fields = ["name"]
    exclude = ["geom"]  # lines are loaded (seed, SQL); the admin names and classes them
    readonly_fields = ["length_m"]
