"""Routes of ``/tiles/``. The raster routes of ``tiles.raster.urls`` come first: they must win over the vector
``{tileset}`` patterns, which would otherwise take every name."""
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("tiles.raster.urls")),
    path("", views.tileset_list, name="index"),
    path("<str:tileset>.json", views.tileset_tilejson, name="tilejson"),
    path("<str:tileset>/<str:z>/<str:x>/<str:y>.<str:ext>", views.tile, name="tile"),
]
