"""``filter=`` on a vector tile URL: the CQL2 of the items URL (``layers.query``) restricting a tile's features.

The filter is compiled on each drawn layer's view, so it names the caller's queryables only: a restricted field
is unknown to a caller who cannot read it (400, as on items). The rule for a tileset of several layers (``all``):
the filter applies to the layers on which every property it names is a queryable for the caller, each filtered;
the layers it cannot apply to are left out of the tile (a filtered tile shows only what matched); a filter that
applies to no layer of the tileset is a 400 naming ``filter``. A filter on ``geometry`` alone applies to every layer.

A filtered tile is rendered for its request only: never read from or written to the tile cache (``tiles.cache``),
never prepared or kept as a statement (its literals are bound per request).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from django.http import QueryDict

from layers.access import LayerView
from layers.query.items import FILTER_CRS
from layers.sqltext import ALIAS, Sql
from layers.query.compile import GEOMETRY, compile_filter
from layers.query.parse import InvalidFilter, parse_filter
from web.params import single

from .catalog import Tileset

PARAMETERS = ("filter", "filter-lang", "filter-crs")


@dataclass(frozen=True)
class FilteredView(LayerView):
    """A layer's view whose tile rows are those of ``condition``: SQL on the rows aliased ``t`` with named
    parameters (``%(cql_N)s``) that :attr:`TileFilter.params` binds."""

    condition: str = ""


@dataclass(frozen=True)
class TileFilter:
    """The filtered tileset (only the layers the filter applies to, as :class:`FilteredView`) and the values its
    conditions bind."""

    tileset: Tileset
    params: dict[str, object]


def filter_requested(query: QueryDict) -> bool:
    return any(name in query for name in PARAMETERS)


def parse_tile_filter(tileset: Tileset, query: QueryDict) -> TileFilter | None:
    """The filter of a tile request on ``tileset`` (as its audience reads it), or None without ``filter``; 400
    naming ``filter``, ``filter-lang`` or ``filter-crs`` when it does not parse or applies to no layer."""
    text = single(query, "filter")
    language, crs = single(query, "filter-lang"), FILTER_CRS.parse(single(query, "filter-crs"))
    if text is None:
        if language is not None or single(query, "filter-crs") is not None:
            raise InvalidFilter("'filter-lang' and 'filter-crs' describe a 'filter'; give the filter too.")
        return None
    tree = parse_filter(text, language or "cql2-text")
    names = property_names(tree) - {GEOMETRY}
    applies = [view for view in tileset.views if names <= set(view.fields)]
    if not applies:
        unknown = sorted(names - set().union(*(set(view.fields) for view in tileset.views)))
        raise InvalidFilter(
            f"Parameter 'filter' names {', '.join(unknown or sorted(names))}, not a queryable of "
            f"{'any layer of ' if len(tileset.views) > 1 else ''}tileset {tileset.id!r} for you "
            f"(its queryables: /ogc/collections/{{layer}}/queryables)."
        )
    params: dict[str, object] = {}
    views = tuple(_filtered(view, compile_filter(tree, view, crs), params) for view in applies)
    return TileFilter(tileset=dataclasses.replace(tileset, views=views), params=params)


def property_names(node: object) -> set[str]:
    """Every ``{"property": name}`` of a CQL2-JSON tree."""
    if isinstance(node, dict):
        if isinstance(node.get("property"), str):
            return {node["property"]}
        return set().union(*(property_names(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(property_names(value) for value in node))
    return set()


def _filtered(view: LayerView, condition: Sql, params: dict[str, object]) -> FilteredView:
    """``view`` with ``condition`` renamed from positional ``%s`` to named parameters added to ``params``."""

    def name(match: re.Match) -> str:
        if match[0] == "%%":
            return "%%"
        key = f"cql_{len(params)}"
        params[key] = values.pop(0)
        return f"%({key})s"

    values = list(condition.params)
    text = re.sub(r"%s|%%", name, condition.text)
    fields = {f.name: getattr(view, f.name) for f in dataclasses.fields(LayerView)}
    return FilteredView(**fields, condition=text)


def filtered_source(view: LayerView, table: str) -> str:
    """What a tile statement reads ``view``'s rows from: its table, or the rows its filter keeps (a subquery that
    PostgreSQL flattens, so the tile's ``&&`` still probes the GiST index)."""
    if isinstance(view, FilteredView):
        return f"(SELECT * FROM {table} AS {ALIAS} WHERE {view.condition})"
    return table
