"""Query parameters of the feature API's own resources: the format (``f`` or ``Accept``) of a page, the feature id,
and the items query: the selection (``layers.query.items``) answered in the format negotiated here."""
from __future__ import annotations

import dataclasses
import re

from django.http import QueryDict

from layers.errors import InvalidParameter
from layers.query.items import BIGINT, ItemsQuery, parse_selection
from layers.registry import Layer
from web.params import check_known, single

from .formats import negotiate

FEATURE_PARAMETERS = frozenset({"f", "crs"})
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_format(query: QueryDict, accept: str | None, *, allowed: frozenset[str] = frozenset({"f"})) -> str:
    """``json`` or ``html`` for a metadata resource that takes only ``f`` (landing page, collections...)."""
    check_known(query, allowed)
    return negotiate(single(query, "f"), accept)


def parse_items_query(layer: Layer, query: QueryDict, accept: str | None) -> ItemsQuery:
    """The typed query of ``/collections/{layer.id}/items`` and the format ``f`` or ``Accept`` negotiates; raises
    ``InvalidParameter`` naming the culprit."""
    selection = parse_selection(layer, query)
    return dataclasses.replace(selection, fmt=negotiate(single(query, "f"), accept))


def parse_feature_id(value: str) -> int:
    """The integer primary key of ``/items/{featureId}``; 400 naming ``featureId`` when it is not one."""
    if not _DIGITS.fullmatch(value) or int(value) > BIGINT:
        raise InvalidParameter(f"Feature id must be a positive integer, got {value[:40]!r}.", parameter="featureId")
    return int(value)
