"""Grid re-division, under /api/ (namespace ``grids``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("grids/merge", views.merge, name="merge"),
    path("grids/split", views.split, name="split"),
]
