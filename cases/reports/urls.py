"""The route of ``/api/reports`` (namespace ``reports``), included at exactly that path."""
from django.urls import path

from . import views

urlpatterns = [path("", views.reports, name="create")]
