"""The route of the WFS: ``/wfs`` (namespace ``wfs``), every operation at one URL."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.service, name="service"),
]
