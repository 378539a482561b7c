"""Route of the evaluation under /api/ (namespace ``evaluation``)."""
from django.urls import path

from . import views

urlpatterns = [path("evaluation", views.evaluation, name="evaluation")]
