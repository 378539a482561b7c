"""Every route of the server."""
from django.urls import include, path

from . import views

handler404 = "geoserver_app.errors.not_found"
handler500 = "geoserver_app.errors.server_error"

urlpatterns = [
    path("", views.api_root, name="api-root"),
    path("healthz", views.healthz, name="healthz"),
    path("ogc/", include(("layers.ogc.urls", "ogc"), namespace="ogc")),
    path("tiles/", include(("tiles.urls", "tiles"), namespace="tiles")),
]
