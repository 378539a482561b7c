"""JSON answers for Django's own error paths (404, 500) and for Django REST framework."""
from django.http import JsonResponse
from rest_framework.views import exception_handler


def not_found(request, exception=None):
    return JsonResponse(
        {"code": "NotFound", "description": f"No resource at {request.path}; see / for the API root."}, status=404
    )


def server_error(request):
    return JsonResponse({"code": "ServerError", "description": "The server failed on this request; the error is logged."}, status=500)


def drf_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = {
            "code": getattr(exc, "default_code", "invalid"),
            "description": str(detail) if detail else "The request is not valid.",
            "errors": response.data,
        }
    return response
