"""Conditional requests (RFC 9110 section 13): the ETag of a versioned resource, and ``If-Match`` /
``If-None-Match`` read against it.

A resource's ETag is strong and names its version: ``"<kind>.<id>.<version>"`` (``"components.812.3"``). It changes
with every change of the resource, so ``If-Match`` with an older one is a 412, and a change sent without ``If-Match``
is a 428: the server never guesses which version an edit was made against (``*`` is refused for the same reason).
Every representation of one version (JSON or HTML, any CRS) shares the ETag: what ``If-Match`` protects is the
version of the data.
"""
from __future__ import annotations

import re

from django.http import HttpRequest

from .errors import InvalidParameter, PreconditionFailed, PreconditionRequired

_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')


def etag(kind: str, resource_id: object, version: int) -> str:
    """The strong ETag of version ``version`` of resource ``resource_id`` of ``kind``."""
    return f'"{kind}.{resource_id}.{version}"'


def _tags(header: str, parameter: str) -> list[tuple[bool, str]]:
    """``(weak, opaque tag)`` of each entity tag of an ``If-Match`` / ``If-None-Match`` list."""
    tags, position = [], 0
    header = header.strip()
    while position < len(header):
        match = _ENTITY_TAG.match(header, position)
        if match is None:
            raise InvalidParameter(
                f"Header {parameter} is not a list of entity tags (send the ETag as it came, quotes included).",
                parameter=parameter,
            )
        tags.append((bool(match.group(1)), f'"{match.group(2)}"'))
        position = match.end()
    return tags


def if_match_versions(request: HttpRequest, kind: str, resource_id: object) -> frozenset[int]:
    """The versions of the resource that ``If-Match`` accepts (strong comparison: weak tags and tags of other
    resources accept none). 428 without the header or with ``*``; the caller compares the current version under
    the row lock and answers 412 (:func:`stale`) when it is not one of them."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        raise PreconditionRequired(
            "Send If-Match with the ETag of the version you changed (GET the feature first); "
            "without it a change could overwrite someone else's." if header is None else
            "If-Match: * is not accepted here; send the ETag of the version you changed.",
            parameter="If-Match",
        )
    prefix = etag(kind, resource_id, 0)[:-2]  # '"kind.id.'
    versions = set()
    for weak, tag in _tags(header, "If-Match"):
        if not weak and tag.startswith(prefix) and tag[len(prefix):-1].isdigit():
            versions.add(int(tag[len(prefix):-1]))
    return frozenset(versions)


def if_match_each(request: HttpRequest, kind: str) -> dict[str, frozenset[int]]:
    """For a change of several resources of ``kind`` at once: the versions ``If-Match`` accepts per resource id
    (each strong ETag ``"<kind>.<id>.<version>"`` names one; other tags accept nothing). 428 without the header or
    with ``*``, as :func:`if_match_versions`."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        raise PreconditionRequired(
            f"Send If-Match with the ETags of every {kind} item you change (GET them first); without them a change "
            "could overwrite someone else's." if header is None else
            "If-Match: * is not accepted here; send the ETags of the items you change.",
            parameter="If-Match",
        )
    versions: dict[str, set[int]] = {}
    for weak, tag in _tags(header, "If-Match"):
        resource, _, version = tag[1:-1].removeprefix(f"{kind}.").rpartition(".")
        if not weak and tag.startswith(f'"{kind}.') and resource and version.isdigit():
            versions.setdefault(resource, set()).add(int(version))
    return {resource: frozenset(found) for resource, found in versions.items()}


def stale(kind: str, resource_id: object, current_version: int) -> PreconditionFailed:
    """412: ``If-Match`` does not name the current version; the answer says which one is."""
    error = PreconditionFailed(
        f"The {kind} item {resource_id} was changed by someone else (its ETag is now "
        f"{etag(kind, resource_id, current_version)}); nothing was changed. GET it again and re-apply your change.",
        parameter="If-Match",
    )
    error.headers = {"ETag": etag(kind, resource_id, current_version)}
    return error


def none_match(request: HttpRequest, current: str) -> bool:
    """Whether ``If-None-Match`` names ``current`` (weak comparison) or is ``*``: a GET then answers 304."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    try:
        return any(tag == current for _, tag in _tags(header, "If-None-Match"))
    except InvalidParameter:
        return False
