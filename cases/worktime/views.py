"""``/api/worktime``: the default working calendar (GET), replaced by an admin (PUT)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.middleware import check_writer, principal_of
from web.errors import Conflict, Forbidden, InvalidParameter, NotAuthenticated
from web.responses import json_response, method_not_allowed

from .body import parse_calendar_body
from .documents import calendar_document
from .models import WorkCalendar
from .services import calendar_replace


def _admin(request: HttpRequest) -> None:
    principal = principal_of(request)
    if principal.is_anonymous:
        raise NotAuthenticated("The working calendar is kept by admins: send an API token or sign in.",
                               parameter="Authorization")
    if "admin" not in principal.roles:
        raise Forbidden("Only an admin reads and changes the working calendar.", parameter="Authorization")


def _default() -> WorkCalendar:
    calendar = WorkCalendar.objects.filter(is_default=True).first()
    if calendar is None:
        raise Conflict("No working calendar is marked default; mark one in the admin.", parameter="calendar")
    return calendar


@csrf_exempt
def worktime(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        _admin(request)
        return json_response(calendar_document(_default()))
    if request.method != "PUT":
        return method_not_allowed(request, ("GET", "HEAD", "PUT"))
    refused = check_writer(request)
    if refused is not None:
        return refused
    _admin(request)
    _default()
    try:
        calendar = calendar_replace(**parse_calendar_body(request.body))
    except ValidationError as error:
        code = "OverlappingHolidays" if error.code == "holiday_overlap" else "InvalidHolidayRange"
        raise InvalidParameter(" ".join(error.messages), parameter="holidays", code=code) from None
    return json_response(calendar_document(calendar))
