"""Routes of ``/maps/``."""
from django.urls import path

from . import views

urlpatterns = [
    path("thematic", views.thematic, name="thematic"),
    path("print", views.print_page, name="print"),
]
