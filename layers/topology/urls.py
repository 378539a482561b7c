"""The topology report, under /api/ (namespace ``topology``)."""
from django.urls import path

from . import views

urlpatterns = [path("topology", views.topology, name="topology")]
