"""Routes of the case API under /api/ (namespace ``cases``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("cases", views.case_list, name="list"),
    path("cases/<int:case_id>", views.case_detail, name="detail"),
    path("cases/<int:case_id>/actions", views.case_actions, name="actions"),
]
