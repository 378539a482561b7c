"""Jobs, under /api/ (namespace ``jobs``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("jobs", views.job_collection, name="collection"),
    path("jobs/<uuid:job_id>", views.job_detail, name="detail"),
    path("jobs/<uuid:job_id>/cancel", views.job_cancel_view, name="cancel"),
    path("jobs/<uuid:job_id>/result", views.job_result, name="result"),
]
