"""``/api/docs``: the page that reads the server's OpenAPI document."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def docs_page(request: HttpRequest) -> HttpResponse:
    """Swagger UI over ``/openapi.json``; the document's URL is a path, resolved against the page's address."""
    return render(request, "apidocs/index.html", {"openapi_url": reverse("openapi")})
