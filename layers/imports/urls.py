"""Imports, under /api/ (namespace ``imports``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("imports", views.imports, name="upload"),
    path("imports/<uuid:import_id>", views.import_detail, name="detail"),
    path("imports/<uuid:import_id>/rows", views.import_rows_view, name="rows"),
    path("imports/<uuid:import_id>/commit", views.import_commit_view, name="commit"),
]
