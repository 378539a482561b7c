"""JSON answers for Django's own error paths (404, 500, the CSRF 403)."""
from django.http import HttpRequest, HttpResponse

from web.responses import json_response, server_error_response


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return json_response({"code": "NotFound", "description": "No resource at this address; see / for the API root."},
                         status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return server_error_response()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a write from a browser session without its CSRF token."""
    return json_response({
        "code": "Forbidden",
        "description": f"The CSRF check failed ({reason}); send the csrftoken cookie's value in X-CSRFToken.",
        "parameter": "X-CSRFToken",
    }, status=403)

