"""Every route of OGC API - Features, under /ogc/ (namespace ``ogc``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("api", views.openapi, name="openapi"),
    path("conformance", views.conformance, name="conformance"),
    path("collections", views.collections, name="collections"),
    path("collections/<str:collection_id>", views.collection, name="collection"),
    path("collections/<str:collection_id>/queryables", views.queryables, name="queryables"),
    path("collections/<str:collection_id>/schema", views.schema, name="schema"),
    path("collections/<str:collection_id>/items", views.items, name="items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", views.feature, name="feature"),
    path("collections/<str:collection_id>/items/<str:feature_id>/history", views.feature_history, name="feature_history"),
    path("collections/<str:collection_id>/items/<str:feature_id>/revert", views.feature_revert, name="feature_revert"),
    path("collections/<str:collection_id>/items/<str:feature_id>/restore", views.feature_restore, name="feature_restore"),
    path("collections/<str:collection_id>/deleted", views.deleted, name="deleted"),
    path("collections/<str:collection_id>/as-of/<str:instant>/items", views.as_of_items, name="as_of_items"),
]
