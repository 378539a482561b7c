"""The route of forward geocoding, mounted at ``/api/geocode`` (namespace ``geocoding``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.geocode, name="geocode"),
]
