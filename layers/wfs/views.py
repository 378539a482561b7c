"""The one WFS endpoint: read the request (KVP in the query or a form body, or an XML body), answer the operation,
and answer every client error as an OWS exception report, never as the JSON of the other APIs."""
from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.middleware import principal_of
from spatial.errors import SpatialError
from web.errors import ApiError
from web.responses import BEARER_CHALLENGE

from . import capabilities, describe, getfeature, storedqueries, transaction
from . import requests as r
from .exceptions import XML_TYPE, WfsError, report_response
from .kvp import parse_kvp
from .transaction_requests import Transaction
from .types import feature_types
from .xmlrequests import parse_body

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def read_request(request: HttpRequest) -> r.Request | Transaction:
    if request.method != "POST":
        return parse_kvp(dict(request.GET.lists()))
    if request.content_type in FORM_TYPES:
        return parse_kvp(dict(request.POST.lists()))
    body = request.body
    if not body.strip():
        raise WfsError("MissingParameterValue", "A POST request carries a WFS request in XML as its body.",
                       locator="request")
    return parse_body(body)


def answer(request: HttpRequest, wanted: r.Request | Transaction) -> HttpResponse:
    if isinstance(wanted, Transaction):
        return transaction.transact(request, wanted)
    if isinstance(wanted, r.GetFeature):
        return getfeature.get_feature(request, wanted)
    if isinstance(wanted, r.GetCapabilities):
        return HttpResponse(capabilities.capabilities_document(request), content_type=XML_TYPE)
    principal = principal_of(request)
    if isinstance(wanted, r.DescribeFeatureType):
        views = tuple(dict.fromkeys(getfeature.resolve_type(name, principal, "typeName") for name in wanted.type_names))
        return HttpResponse(describe.schema_document(views or feature_types(principal)), content_type=XML_TYPE)
    if isinstance(wanted, r.ListStoredQueries):
        return HttpResponse(storedqueries.list_document(feature_types(principal)), content_type=XML_TYPE)
    return HttpResponse(storedqueries.describe_document(feature_types(principal), wanted.ids), content_type=XML_TYPE)


def as_wfs_error(error: Exception) -> WfsError:
    """Errors of the shared parsers and of the spatial rules, as exception reports with the same locator."""
    if isinstance(error, RequestDataTooBig):
        return WfsError("OperationParsingFailed", "The request body is larger than the server accepts; send less.",
                        locator="request", status=413)
    if isinstance(error, ApiError):  # a 401 keeps its own code (NotAuthenticated, InvalidToken)
        code = "InvalidParameterValue" if error.status == 400 else error.code
        return WfsError(code, error.description, locator=error.parameter, status=error.status)
    return WfsError("InvalidParameterValue", str(error), locator=getattr(error, "parameter", None))


@csrf_exempt  # a Transaction checks a session's CSRF itself (accounts.middleware.check_writer), after the 401
@require_http_methods(["GET", "HEAD", "POST"])
def service(request: HttpRequest) -> HttpResponse:
    """WFS 2.0: GetCapabilities, DescribeFeatureType, GetFeature, ListStoredQueries, DescribeStoredQueries and
    (POST XML) Transaction."""
    try:
        return answer(request, read_request(request))
    except WfsError as error:
        return report_response(error)
    except (ApiError, SpatialError, RequestDataTooBig) as error:
        response = report_response(as_wfs_error(error))
        if response.status_code == 401:
            response["WWW-Authenticate"] = BEARER_CHALLENGE
        return response
