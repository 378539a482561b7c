"""Routes of Open311 GeoReport v2, under ``/open311/v2/`` (namespace ``open311``). The format is part of each path
(``services.json``); any other format is answered with a 400 saying JSON only."""
from django.urls import path

from . import views

urlpatterns = [
    path("services.<str:fmt>", views.services, name="services"),
    path("services/<str:service_code>.<str:fmt>", views.service, name="service"),
    path("requests.<str:fmt>", views.requests, name="requests"),
    path("requests/<str:service_request_id>.<str:fmt>", views.request_detail, name="request"),
]
