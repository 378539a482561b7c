"""Routes of the map page, included under ``/map/`` (namespace ``viewer``)."""
from django.urls import path

from . import views

app_name = "viewer"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("coords", views.coords, name="coords"),
]
