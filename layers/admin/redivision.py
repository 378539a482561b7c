"""Grid re-division in the grids admin: the list action "merge the selected grids" (a confirmation page showing the
versions it was read at, and an optional new code) and a split page per grid (a line or polygons as GeoJSON).

Both call the services of ``layers.grids`` with the path ``admin`` and the versions the page was loaded at, so a
grid changed meanwhile is refused ("changed by someone else") and nothing is re-divided; the report (grids
created, features moved per layer, accounts re-assigned) is the page's message.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path

from accounts.roles import user_principal
from layers.editing.geometry import parse_geometry
from layers.grids.report import Redivision
from layers.grids.services import grids_merge, grids_split
from layers.history.selectors import current_versions
from spatial.crs import CRS84
from web.bodies import load_json
from web.errors import InvalidParameter

from .pages import REFUSED, _page, _url, refusal


def _versions(model_admin, request, ids) -> dict[int, frozenset[int]]:
    """The version each grid was shown at (hidden ``version_<id>`` fields)."""
    posted = {int(i): request.POST.get(f"version_{i}", "") for i in ids}
    return {i: frozenset({int(v)}) if v.isdigit() else frozenset() for i, v in posted.items()}


def _report(request, report: Redivision) -> None:
    lines = report.lines()
    messages.success(request, lines[0] + (": " + "; ".join(line.strip() for line in lines[1:]) if lines[1:] else ""))


def _codes(text: str) -> list[str] | None:
    codes = [code.strip() for code in text.replace("，", ",").split(",") if code.strip()]
    return codes or None


class GridRedivisionAdmin:
    """What the grids admin adds to the generated layer admin (``layers.admin.options.layer_admin``)."""

    actions = ["merge_grids"]
    change_form_template = "admin/layers/grid_change_form.html"

    def get_actions(self, request):
        view = self.view_of(request)
        if not view.may_write or view.write_scope is not None:
            return {}
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would go around the services
        return actions

    def merge_grids(self, request, queryset):
        """Merge the selected grids into one (after a confirmation page)."""
        grids = list(queryset.order_by("code"))
        if request.POST.get("confirm") == "yes":
            try:
                report = grids_merge(
                    principal=user_principal(request.user), codes=[g.code for g in grids],
                    new_code=request.POST.get("new_code", "").strip() or None,
                    expected=_versions(self, request, [g.pk for g in grids]), path="admin",
                    actor=request.user.get_username())
            except REFUSED as error:
                messages.error(request, refusal(error))
            else:
                _report(request, report)
            return None
        versions = current_versions(self.layer, [g.pk for g in grids])
        return _page(self, request, "admin/layers/merge.html", f"Merge {len(grids)} grids?", {
            "grids": [(g, versions[g.pk]) for g in grids], "action_checkbox_name": "_selected_action"})

    merge_grids.short_description = "Merge the selected grids · 合并所选网格"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [path("<int:feature_id>/split/", self.admin_site.admin_view(self._split),
                     name="%s_%s_split" % info), *super().get_urls()]

    def _split(self, request, feature_id: int):
        grid = self.get_object(request, str(feature_id))
        if grid is None or not self.has_change_permission(request, grid) or self.view_of(request).write_scope:
            raise PermissionDenied
        text, codes = request.POST.get("by", ""), request.POST.get("codes", "")
        if request.method == "POST":
            try:
                report = grids_split(principal=user_principal(request.user), code=grid.code, by=_by(text),
                                     codes=_codes(codes), expected=_versions(self, request, [grid.pk]),
                                     path="admin", actor=request.user.get_username())
            except REFUSED as error:
                messages.error(request, refusal(error))
            else:
                _report(request, report)
                return HttpResponseRedirect(_url(self, "changelist"))
        version = current_versions(self.layer, [grid.pk])[grid.pk]
        return _page(self, request, "admin/layers/split.html", f"Split grid {grid.code}", {
            "object": grid, "version": version, "by": text, "codes": codes})


def _by(text: str):
    """The GeoJSON a person pasted (CRS84): one LineString, or a list (or FeatureCollection) of Polygons."""
    document = load_json(text, parameter="by")
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        document = [feature.get("geometry") for feature in document.get("features") or [] if isinstance(feature, dict)]
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = document.get("geometry")
    if isinstance(document, list):
        return [parse_geometry(part, crs=CRS84, declared="MultiPolygon") for part in document]
    if not isinstance(document, dict):
        raise InvalidParameter("Paste a GeoJSON LineString, or Polygons (a list or a FeatureCollection).",
                               parameter="by")
    return parse_geometry(document, crs=CRS84, declared="MultiLineString")


__all__ = ["GridRedivisionAdmin"]
