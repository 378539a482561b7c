"""A URL configuration for edge tests: the server's routes plus a view that takes session writes (CSRF checked)."""
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from geoserver_app.urls import urlpatterns as server_patterns


@require_POST
def session_write(request):
    return HttpResponse(status=204)


urlpatterns = [*server_patterns, path("test-session-write", session_write)]
