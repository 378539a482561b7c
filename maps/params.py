"""Query parameters of ``/maps/thematic`` and ``/maps/print``, parsed to typed values; a bad one is a 400 naming it."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from layers.query.items import DEFAULT_CRS, parse_bbox
from web.errors import InvalidParameter
from web.params import check_known, single

from .measures import AREAS, MEASURES, Measure
from .paper import ORIENTATIONS, SIZES

MAX_LAYERS = 6
MAX_SPAN_DEG = 2.0
"""Widest box a map is drawn for, degrees each way: the county spans about 0.6 by 0.4; a province-wide box would
read thousands of base map tiles for one page."""


def choice(query: QueryDict, name: str, options, default: str | None) -> str | None:
    value = single(query, name)
    if value is None:
        return default
    if value not in options:
        raise InvalidParameter(f"Parameter '{name}' must be one of {', '.join(options)}; got '{value}'.", parameter=name)
    return value


def layer_ids(query: QueryDict, name: str = "layers") -> tuple[str, ...]:
    """Comma-separated layer ids (which exist and may be read is the selector's question: one answer for both)."""
    value = single(query, name)
    ids = tuple(dict.fromkeys(part.strip() for part in (value or "").split(",") if part.strip()))
    if len(ids) > MAX_LAYERS:
        raise InvalidParameter(f"Parameter '{name}' names {len(ids)} layers; at most {MAX_LAYERS}.", parameter=name)
    return ids


def state_of(query: QueryDict, measure: Measure | None) -> tuple[str | None, str | None]:
    """``(state, its Chinese label)`` of ``state=``, a value of the measure's state column."""
    value = single(query, "state")
    if value is None:
        return None, None
    states = dict(measure.states) if measure else {}
    if value not in states:
        allowed = ", ".join(states) or "nothing without measure"
        raise InvalidParameter(f"Parameter 'state' must be one of {allowed}; got '{value}'.", parameter="state")
    return value, states[value]


@dataclass(frozen=True)
class ThematicQuery:
    by: str
    measure: Measure
    state: str | None
    state_label: str | None
    layers: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None
    download: bool


def _bbox(query: QueryDict) -> tuple[float, float, float, float] | None:
    box = parse_bbox(single(query, "bbox"), DEFAULT_CRS)
    if box is None:
        return None
    if box.maxx - box.minx > MAX_SPAN_DEG or box.maxy - box.miny > MAX_SPAN_DEG:
        raise InvalidParameter(f"Parameter 'bbox' spans more than {MAX_SPAN_DEG:g} degrees; maps are drawn for the "
                               "county (about 0.6 by 0.4 degrees): send a smaller box.", parameter="bbox")
    return box.minx, box.miny, box.maxx, box.maxy


def parse_thematic(query: QueryDict) -> ThematicQuery:
    check_known(query, {"by", "measure", "state", "layers", "bbox", "f"})
    measure = MEASURES[choice(query, "measure", tuple(MEASURES), "incidents")]
    state, label = state_of(query, measure)
    return ThematicQuery(
        by=choice(query, "by", tuple(AREAS), "grid"), measure=measure, state=state, state_label=label,
        layers=layer_ids(query), bbox=_bbox(query), download=choice(query, "f", ("html",), None) == "html",
    )


@dataclass(frozen=True)
class PrintQuery:
    layers: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None
    size: str
    orientation: str
    fmt: str
    title: str | None
    by: str | None
    measure: Measure | None
    state: str | None
    state_label: str | None


def parse_print(query: QueryDict) -> PrintQuery:
    check_known(query, {"layers", "bbox", "size", "orientation", "f", "title", "by", "measure", "state"})
    measure_id = choice(query, "measure", tuple(MEASURES), None)
    measure = MEASURES[measure_id] if measure_id else None
    state, label = state_of(query, measure)
    title = single(query, "title")
    if title is not None and len(title) > 80:
        raise InvalidParameter("Parameter 'title' is longer than 80 characters.", parameter="title")
    layers = layer_ids(query)
    if not layers and measure is None:
        raise InvalidParameter("Give 'layers' (layer ids, comma-separated), 'measure', or both.", parameter="layers")
    return PrintQuery(
        layers=layers, bbox=_bbox(query), size=choice(query, "size", tuple(SIZES), "A4"),
        orientation=choice(query, "orientation", ORIENTATIONS, "landscape"), fmt=choice(query, "f", ("pdf", "png"), "pdf"),
        title=title, by=choice(query, "by", tuple(AREAS), "grid") if measure else None, measure=measure,
        state=state, state_label=label,
    )
