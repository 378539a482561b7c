"""What a map request draws, read through the caller's views: the choropleth areas and the chosen layers."""
from __future__ import annotations

from accounts.principal import Principal
from layers.access import LayerView, readable_layer

from .extent import lonlat_extent
from .measures import AREAS
from .params import PrintQuery, ThematicQuery
from .printing import PrintMap
from .selectors import AreaCount, choropleth_read, features_read
from .thematic import SEAT, ThematicMap

MAX_FEATURES = 5_000
"""Features of one chosen layer drawn at most (a page, not an export: the exports take whole layers)."""


def _overlays(layer_ids, principal: Principal, bbox) -> list[tuple[LayerView, dict]]:
    views = [readable_layer(layer_id, principal) for layer_id in layer_ids]
    return [(view, features_read(view=view, bbox=bbox, limit=MAX_FEATURES)) for view in views]


def thematic_spec(query: ThematicQuery, principal: Principal) -> ThematicMap:
    areas = choropleth_read(principal=principal, by=query.by, measure=query.measure, state=query.state)
    return ThematicMap(areas=areas, measure=query.measure, by=query.by, state_label=query.state_label,
                       overlays=_overlays(query.layers, principal, query.bbox))


def _extent(areas: list[AreaCount], overlays) -> tuple[float, float, float, float]:
    """What the page draws, or the county seat's surroundings when it draws nothing."""
    geometries = [a.geometry for a in areas] + [f["geometry"] for _, c in overlays for f in c["features"]]
    return lonlat_extent(geometries) or (SEAT[1] - 0.05, SEAT[0] - 0.04, SEAT[1] + 0.05, SEAT[0] + 0.04)


def print_spec(query: PrintQuery, principal: Principal) -> PrintMap:
    areas = []
    caption = None
    if query.measure is not None:
        areas = choropleth_read(principal=principal, by=query.by, measure=query.measure, state=query.state)
        caption = f"{query.measure.title_zh}（按{AREAS[query.by]}）"
        if query.state_label:
            caption = f"{query.state_label}{caption}"
    overlays = _overlays(query.layers, principal, query.bbox)
    title = query.title or "平定县" + ("、".join(view.title_zh for view, _ in overlays) or caption or "")
    return PrintMap(title=title, areas=areas, area_caption=caption, overlays=overlays,
                    bbox=query.bbox or _extent(areas, overlays), size=query.size, orientation=query.orientation)
