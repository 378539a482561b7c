"""The server-wide OpenAPI document: every route of the server is in it, and it is well formed."""
from __future__ import annotations

import fnmatch
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from geoserver_app.openapi import CONTRIBUTORS

# Served by the framework, not API endpoints.
UNDOCUMENTED = ("/static/*", "/admin/*")


def _routes(patterns, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_routes(pattern.url_patterns, text))
        elif isinstance(pattern, URLPattern):
            routes.append("/" + text)
    return routes


def _wildcards(path: str) -> str:
    return re.sub(r"<[^>]+>|\{[^}]+\}", "*", path)


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_every_route_is_documented(document):
    documented = [_wildcards(path) for path in document["paths"]]
    missing = [
        route for route in _routes(get_resolver().url_patterns)
        if not any(fnmatch.fnmatch(route, pattern) for pattern in UNDOCUMENTED)
        and not any(fnmatch.fnmatchcase(path, _wildcards(route)) for path in documented)
    ]
    assert missing == []


def test_every_contributor_adds_paths(document):
    from importlib import import_module

    for name in CONTRIBUTORS:
        paths = import_module(name).openapi_paths()
        assert paths, f"{name} declares no path"
        assert set(paths) <= set(document["paths"])


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_reference_resolves(document):
    for ref in set(_refs(document)):
        assert ref.startswith("#/"), ref
        node = document
        for part in ref[2:].split("/"):
            assert part in node, f"{ref} does not resolve"
            node = node[part]


def test_every_path_parameter_is_declared(document):
    parameters = document["components"].get("parameters", {})
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete", "head"}:
                continue
            declared = set()
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                if "$ref" in parameter:
                    parameter = parameters[parameter["$ref"].rsplit("/", 1)[1]]
                if parameter["in"] == "path":
                    declared.add(parameter["name"])
            assert set(re.findall(r"\{([^}]+)\}", path)) == declared, f"{method.upper()} {path}"


def test_operation_ids_are_unique(document):
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op]
    assert len(ids) == len(set(ids))
