"""Patrols, under /api/patrols/ (namespace ``patrols``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("tracks", views.tracks, name="tracks"),
    path("coverage", views.coverage, name="coverage"),
]
