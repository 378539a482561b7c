"""Routes of the standard map under ``/tiles/``, matched before the vector ``{tileset}`` routes.

z, x and y are taken as any path segment so that a malformed one is a 400 naming it, not a 404.
"""
from django.urls import path

from . import views

urlpatterns = [
    path("standard-map.json", views.standard_map_tilejson, name="standard-map-tilejson"),
    path("standard-map/<str:z>/<str:x>/<str:y>.png", views.standard_map_tile, name="standard-map-tile"),
]
