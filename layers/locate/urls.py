"""Routes of the snapping service, under /api/ (namespace ``locate``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("snap", views.snap, name="snap"),
    path("reverse", views.reverse, name="reverse"),
    path("addresses/nearest", views.addresses_nearest, name="addresses-nearest"),
]
