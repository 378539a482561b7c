"""Every route of the server."""
from django.urls import include, path

from accounts.admin import admin_urls
from apidocs.views import docs_page
from maps.dashboard.urls import api_urls as dashboard_api_urls, page_urls as dashboard_page_urls
from metrics.views import metrics

from . import views

handler404 = "geoserver_app.errors.not_found"
handler500 = "geoserver_app.errors.server_error"

urlpatterns = [
    path("", views.api_root, name="api-root"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("accounts/", include(("accounts.urls", "accounts"), namespace="accounts")),
    path("admin/", admin_urls()),
    path("openapi.json", views.openapi, name="openapi"),
    path("api/docs", docs_page, name="api-docs"),
    path("ogc", views.ogc_without_slash, name="ogc-without-slash"),
    path("ogc/", include(("layers.ogc.urls", "ogc"), namespace="ogc")),
    path("wfs", include(("layers.wfs.urls", "wfs"), namespace="wfs")),
    path("tiles/", include(("tiles.urls", "tiles"), namespace="tiles")),
    path("api/", include(("layers.locate.urls", "locate"), namespace="locate")),
    path("api/", include(("layers.topology.urls", "topology"), namespace="topology")),
    path("api/", include(("layers.grids.urls", "grids"), namespace="grids")),
    path("api/", include(("jobs.urls", "jobs"), namespace="jobs")),
    path("api/", include(("layers.imports.urls", "imports"), namespace="imports")),
    path("api/", include(("cases.urls", "cases"), namespace="cases")),
    path("api/", include(("cases.evaluation.urls", "evaluation"), namespace="evaluation")),
    path("api/patrols/", include(("cases.patrols.urls", "patrols"), namespace="patrols")),
    path("api/worktime", include(("cases.worktime.urls", "worktime"), namespace="worktime")),
    path("api/geocode", include(("layers.geocoding.urls", "geocoding"), namespace="geocoding")),
    path("map/", include("tiles.viewer.urls")),
    path("maps/", include(("maps.urls", "maps"), namespace="maps")),
    path("dashboard/", include(dashboard_page_urls)),
    path("api/", include(dashboard_api_urls)),
    path("api/reports", include(("cases.reports.urls", "reports"), namespace="reports")),
    path("open311/v2/", include(("cases.reports.open311.urls", "open311"), namespace="open311")),
]
