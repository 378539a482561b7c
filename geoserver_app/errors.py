"""JSON answers for Django's own error paths (404, 500)."""
from django.http import JsonResponse


def not_found(request, exception=None):
    return JsonResponse(
        {"code": "NotFound", "description": f"No resource at {request.path}; see / for the API root."}, status=404
    )


def server_error(request):
    return JsonResponse({"code": "ServerError", "description": "The server failed on this request; the error is logged."}, status=500)

