"""The working-hours calendar in the admin: a calendar with its periods and holiday ranges inline (overlapping
ranges are refused, naming both), and the time limits."""
from django import forms
from django.contrib import admin

from accounts.middleware import principal_of

from .models import Holiday, TimeLimit, WorkCalendar, WorkPeriod
from .validation import DayRange, check_ranges


class HolidayFormSet(forms.BaseInlineFormSet):
    """Checks the ranges as they will be saved together: the edited rows and the new ones, not the deleted ones."""

    def clean(self) -> None:
        super().clean()
        ranges = [
            DayRange(form.cleaned_data["name"], form.cleaned_data["date_from"], form.cleaned_data["date_to"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            and all(form.cleaned_data.get(k) for k in ("name", "date_from", "date_to"))
        ]
        check_ranges(ranges)


class AdminsOnly:
    """The calendar is the admins' (role ``admin``), whatever Django's permission tables say."""

    def _admin(self, request) -> bool:
        return request.user.is_superuser or "admin" in principal_of(request).roles

    def has_module_permission(self, request) -> bool:
        return self._admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._admin(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._admin(request)


class PeriodInline(AdminsOnly, admin.TabularInline):
    model = WorkPeriod
    extra = 0


class HolidayInline(AdminsOnly, admin.TabularInline):
    model = Holiday
    formset = HolidayFormSet
    extra = 1


@admin.register(WorkCalendar)
class WorkCalendarAdmin(AdminsOnly, admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [PeriodInline, HolidayInline]


@admin.register(TimeLimit)
class TimeLimitAdmin(AdminsOnly, admin.ModelAdmin):
    list_display = ["major_code", "minor_code", "urgency", "working_hours"]
    list_filter = ["urgency"]
