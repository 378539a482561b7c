"""One table from exception class to status and code, one PascalCase vocabulary, read by both error writers."""
from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import DisallowedHost, PermissionDenied, RequestDataTooBig
from django.http import Http404

from cases.reports.open311.errors import from_exception
from spatial.errors import CodeError, CoordinateError, CrsUnavailable, SpatialError, UnknownCrs
from web.errors import STATUS_TABLE, ApiError, InvalidParameter, NotFound, error_body, status_and_code
from web.methods import declared_methods, refused_method

PASCAL = re.compile(r"[A-Z][A-Za-z0-9]+")


@pytest.mark.parametrize(("exception", "status", "code"), [
    (UnknownCrs("x", parameter="crs"), 400, "UnknownCrs"),
    (CrsUnavailable("x"), 500, "CrsUnavailable"),
    (CoordinateError("x"), 400, "InvalidCoordinate"),
    (CodeError("x", code="invalid_grid_code"), 400, "InvalidCode"),
    (SpatialError("x"), 400, "InvalidParameterValue"),
    (RequestDataTooBig(), 413, "PayloadTooLarge"),
    (DisallowedHost(), 400, "DisallowedHost"),
    (PermissionDenied(), 403, "Forbidden"),
    (Http404(), 404, "NotFound"),
    (InvalidParameter("x"), 400, "InvalidParameterValue"),
    (NotFound("x"), 404, "NotFound"),
    (ApiError("x", code="ServerLimit", status=503), 503, "ServerLimit"),
])
def test_status_and_code(exception, status, code):
    assert status_and_code(exception) == (status, code)


def test_every_code_of_the_table_is_pascal_case():
    assert all(PASCAL.fullmatch(code) for _, _, code in STATUS_TABLE)


def test_a_server_fault_is_not_in_the_table():
    assert status_and_code(RuntimeError("x")) is None and error_body(KeyError("x")) is None


def test_the_body_names_the_parameter_and_keeps_internals_out():
    assert error_body(UnknownCrs("EPSG:1 is unknown", parameter="crs")) == (
        400, {"code": "UnknownCrs", "description": "EPSG:1 is unknown", "parameter": "crs"}
    )
    status, body = error_body(DisallowedHost("Invalid HTTP_HOST header: 'db.internal'"))
    assert status == 400 and "db.internal" not in body["description"] and body["parameter"] == "Host"


def test_open311_reads_the_same_table_in_its_own_format():
    response = from_exception(UnknownCrs("unknown", parameter="crs"))
    assert response.status_code == 400
    assert json.loads(response.content) == [{"code": 400, "description": "unknown", "parameter": "crs", "error": "UnknownCrs"}]


def test_declared_methods_are_read_from_djangos_decorators():
    from django.views.decorators.csrf import csrf_exempt
    from django.views.decorators.http import require_POST, require_safe
    from django.views.decorators.vary import vary_on_headers

    def view(request):
        return None

    assert declared_methods(require_safe(vary_on_headers("Accept")(view))) == ("GET", "HEAD")
    assert declared_methods(csrf_exempt(require_POST(view))) == ("POST",)
    assert declared_methods(view) is None
    assert refused_method(view, "PUT") == ("GET", "HEAD")  # not csrf_exempt, nothing declared: read-only
    assert refused_method(csrf_exempt(view), "PUT") is None
    assert refused_method(require_POST(view), "POST") is None
    assert refused_method(require_POST(view), "GET") is None  # safe methods reach the view (its own 405)
