"""Errors of WFS requests and the one writer of OWS 1.1 exception reports (WFS 2.0, 7.5).

Codes are those of OWS Common and WFS 2.0 (Table 3); ``locator`` names the parameter (KVP) or element (XML) at
fault. Statuses: 400 for a request that cannot be answered as sent (OperationNotSupported and OptionNotSupported
included: they are the client's to change, not the server's failure), 403 for a caller who may not, 404 for an id
that names no feature (GetFeatureById).
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse

from .names import OWS_NS, OWS_SCHEMA, XSI_NS

XML_TYPE = "application/xml; charset=utf-8"


class WfsError(Exception):
    status = 400

    def __init__(self, code: str, text: str, *, locator: str | None = None, status: int | None = None):
        super().__init__(text)
        self.code = code
        self.text = text
        self.locator = locator
        if status is not None:
            self.status = status


def missing(parameter: str, text: str | None = None) -> WfsError:
    return WfsError("MissingParameterValue", text or f"Parameter {parameter} is required.", locator=parameter)


def invalid(parameter: str, text: str) -> WfsError:
    return WfsError("InvalidParameterValue", text, locator=parameter)


def report_body(error: WfsError) -> bytes:
    """The report, in OWS 1.1's namespace as the default one: clients that look for the element names without a
    prefix (QGIS 3.22 shows ``ExceptionReport/Exception/ExceptionText`` to the user only so) read it too."""
    locator = f" locator={quoteattr(error.locator)}" if error.locator else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ExceptionReport xmlns="{OWS_NS}" xmlns:xsi="{XSI_NS}" version="2.0.0" xml:lang="en" '
        f'xsi:schemaLocation="{OWS_NS} {OWS_SCHEMA}">'
        f'<Exception exceptionCode={quoteattr(error.code)}{locator}>'
        f"<ExceptionText>{escape(error.text)}</ExceptionText></Exception></ExceptionReport>"
    ).encode()


def report_response(error: WfsError) -> HttpResponse:
    """The report as an answer; marked as an error document of its own, which the JSON error middleware keeps."""
    response = HttpResponse(report_body(error), status=error.status, content_type=XML_TYPE)
    response.error_document = True
    return response
