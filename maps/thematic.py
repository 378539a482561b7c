"""The thematic map page: a folium (Leaflet) map over the standard map tiles of this server, a choropleth of one
measure per grid or town with its legend and popups, and the layers the caller chose, each as it may read them."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

import folium
from branca.element import Element

from layers.access import LayerView

from .assets import local_assets
from .colours import class_breaks, colour_of, legend_rows
from .extent import lonlat_extent
from .measures import AREAS, Measure
from .selectors import AreaCount

SEAT = (37.795, 113.627)
"""The county seat (lat, lon), where the map opens when there is nothing to fit."""


@dataclass(frozen=True)
class ThematicMap:
    """What to draw: the counted areas, the measure and area kind, and overlay layers (view, FeatureCollection)."""

    areas: list[AreaCount]
    measure: Measure
    by: str
    state_label: str | None
    overlays: list[tuple[LayerView, dict]]


def _title(spec: ThematicMap) -> str:
    state = f"（{spec.state_label}）" if spec.state_label else ""
    return f"平定县 按{AREAS[spec.by]}统计{spec.measure.title_zh}{state}"


def _legend(spec: ThematicMap, breaks: list[int]) -> Element:
    rows = "".join(
        f'<div><i style="background:{colour};display:inline-block;width:14px;height:14px;margin-right:6px;'
        f'border:1px solid #999"></i>{escape(label)}</div>'
        for colour, label in legend_rows(breaks)
    )
    overlays = "".join(
        f'<div><i style="background:{view.colour};display:inline-block;width:14px;height:4px;margin:0 6px 3px 0">'
        f"</i>{escape(view.title_zh)}</div>" for view, _ in spec.overlays
    )
    return Element(
        f'<div id="map-legend" style="position:absolute;bottom:24px;right:12px;z-index:1000;background:#fff;'
        f'padding:8px 10px;font:13px sans-serif;border:1px solid #888;border-radius:4px">'
        f"<b>{escape(_title(spec))}</b>{rows}{overlays}</div>"
    )


def _choropleth(spec: ThematicMap, breaks: list[int]) -> folium.GeoJson:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": a.geometry,
             "properties": {"code": a.code, "name": a.name, "count": a.count, "fill": colour_of(a.count, breaks)}}
            for a in spec.areas
        ],
    }
    return folium.GeoJson(
        collection,
        name=_title(spec),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.7, "color": "#555", "weight": 1},
        popup=folium.GeoJsonPopup(fields=["name", "code", "count"], aliases=["名称", "编码", spec.measure.title_zh]),
        tooltip=folium.GeoJsonTooltip(fields=["name", "count"], aliases=["", spec.measure.title_zh]),
    )


def _overlay(view: LayerView, collection: dict) -> folium.GeoJson:
    fields = [name for name in view.fields][:8]
    colour = view.colour
    return folium.GeoJson(
        collection,
        name=view.title_zh,
        style_function=lambda f: {"color": colour, "weight": 2, "fillOpacity": 0.1},
        marker=folium.CircleMarker(radius=4, color=colour, fill=True, fill_opacity=0.9),
        popup=folium.GeoJsonPopup(fields=fields, aliases=[view.fields[n].label or n for n in fields]) if fields and collection["features"] else None,
    )


def thematic_html(spec: ThematicMap, *, base_url: str, tile_template: str) -> str:
    """The page, a complete HTML document whose scripts, styles and tiles all come from ``base_url``."""
    page = folium.Map(location=SEAT, zoom_start=11, tiles=None, control_scale=True)
    page.default_js, page.default_css = local_assets(base_url)
    folium.TileLayer(tiles=tile_template, attr="平定县标准作业图 (synthetic)", name="标准作业图", max_zoom=18).add_to(page)
    breaks = class_breaks([a.count for a in spec.areas])
    _choropleth(spec, breaks).add_to(page)
    for view, collection in spec.overlays:
        _overlay(view, collection).add_to(page)
    folium.LayerControl(collapsed=False).add_to(page)
    page.get_root().html.add_child(_legend(spec, breaks))
    page.get_root().header.add_child(Element(f"<title>{escape(_title(spec))}</title>"))
    extent = lonlat_extent(a.geometry for a in spec.areas)
    if extent is not None:
        page.fit_bounds([[extent[1], extent[0]], [extent[3], extent[2]]])
    return page.get_root().render()

