"""Routes of the dashboard: the page under ``/dashboard/`` (namespace ``dashboard``) and its figures under ``/api/``
(namespace ``dashboard-api``)."""
from django.urls import path

from . import views

page_urls = ([path("", views.page, name="page")], "dashboard")
api_urls = ([path("dashboard", views.figures, name="figures")], "dashboard-api")
