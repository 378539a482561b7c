"""OpenAPI of sign-in: the browser's login, logout and lockout pages, and the ``bearerAuth`` scheme of API tokens
(merged into the server-wide document by ``geoserver_app.openapi``)."""
from __future__ import annotations

_ERROR = {"$ref": "#/components/schemas/exception"}
_HTML = {"text/html": {"schema": {"type": "string"}}}


def _json_error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ERROR}}}


SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http", "scheme": "bearer", "bearerFormat": "pd_<8 hex digits>_<43 characters>",
        "description": "An API token from `manage.py account_create ... --token` or `account_token`. Without one, "
                       "a request is anonymous (public layers and fields). A malformed, unknown, expired or revoked "
                       "token answers 401 with `WWW-Authenticate: Bearer error=\"invalid_token\"`.",
    },
}

SECURITY = [{}, {"bearerAuth": []}]
"""Every operation: anonymous, or with a token (what it may read then depends on the token's role)."""

_FORM = {"application/x-www-form-urlencoded": {"schema": {
    "type": "object", "required": ["username", "password", "csrfmiddlewaretoken"],
    "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"},
                   "csrfmiddlewaretoken": {"type": "string"}, "next": {"type": "string"}},
}}}


def openapi_paths() -> dict:
    return {
        "/accounts/login": {
            "get": {
                "operationId": "getLoginPage", "summary": "The sign-in page of the browser (a session cookie)",
                "tags": ["accounts"], "security": [{}],
                "responses": {"200": {"description": "HTML page with the form and its CSRF token", "content": _HTML}},
            },
            "post": {
                "operationId": "postLogin", "summary": "Sign in with username and password (the page's form)",
                "tags": ["accounts"], "security": [{}], "requestBody": {"required": True, "content": _FORM},
                "responses": {
                    "302": {"description": "Signed in: the session cookie is set, `Location` is `next` or `/`"},
                    "200": {"description": "The page again, saying the username or password is wrong",
                            "content": _HTML},
                    "403": _json_error("No valid CSRF token (the form's hidden field and the csrftoken cookie)"),
                    "429": _json_error("Too many failed sign-ins for this username from this address; "
                                       "`Retry-After` says when to try again (a browser is redirected to "
                                       "`/accounts/locked`)"),
                },
            },
        },
        "/accounts/logout": {"post": {
            "operationId": "postLogout", "summary": "Sign out (ends the session)", "tags": ["accounts"],
            "responses": {"302": {"description": "Signed out, redirected to the sign-in page"},
                          "403": _json_error("No valid CSRF token")},
        }},
        "/accounts/locked": {"get": {
            "operationId": "getLockedPage", "summary": "The page a browser is sent to when sign-in is locked",
            "tags": ["accounts"], "security": [{}],
            "responses": {"200": {"description": "HTML page", "content": _HTML}},
        }},
    }


def openapi_schemas() -> dict:
    return {}
