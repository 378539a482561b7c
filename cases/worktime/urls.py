"""The working calendar, at /api/worktime (namespace ``worktime``)."""
from django.urls import path

from . import views

urlpatterns = [path("", views.worktime, name="calendar")]
