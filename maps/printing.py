"""The print map: one page (A4 / A3, portrait / landscape) as PDF or PNG, drawn by matplotlib over the standard map,
with title, legend, scale bar, north arrow, CRS, date and Chinese labels (:mod:`.fonts`).

Drawn in EPSG:3857, the standard map's own CRS, so its tiles are placed without resampling; the data (CGCS2000
lon/lat, EPSG:4490, taken as EPSG:4326 at print scale) are projected by geopandas. The scale bar measures ground
metres: Web Mercator metres times cos(latitude) at the middle of the page.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.lines import Line2D

from layers.access import LayerView
from tiles.grid import lonlat_to_mercator, mercator_to_lonlat

from .basemap import mosaic, zoom_for
from .colours import class_breaks, colour_of, legend_rows
from .fonts import cjk_family
from .paper import PNG_DPI, page_inches
from .selectors import AreaCount

MAP_BOX = (0.05, 0.10, 0.90, 0.80)
"""Where the map sits on the page: left, bottom, width, height as fractions of the page."""
CRS_NOTE = "坐标系 CRS：数据 CGCS2000 (EPSG:4490)，制图投影 Web Mercator (EPSG:3857)"


@dataclass(frozen=True)
class PrintMap:
    title: str
    areas: list[AreaCount]
    area_caption: str | None
    overlays: list[tuple[LayerView, dict]]
    bbox: tuple[float, float, float, float]
    size: str
    orientation: str


def _frame(bbox, aspect: float) -> tuple[float, float, float, float]:
    """The EPSG:3857 (xmin, xmax, ymin, ymax) around lon/lat ``bbox`` grown to the map box's width / height."""
    (x0, y0), (x1, y1) = lonlat_to_mercator(bbox[0], bbox[1]), lonlat_to_mercator(bbox[2], bbox[3])
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    w, h = max(w, h * aspect), max(h, w / aspect)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _nice(metres: float) -> float:
    magnitude = 10 ** math.floor(math.log10(metres))
    return max(m * magnitude for m in (1, 2, 5) if m * magnitude <= metres)


def _scale_bar(ax, frame) -> None:
    xmin, xmax, ymin, ymax = frame
    lat = mercator_to_lonlat((xmin + xmax) / 2, (ymin + ymax) / 2)[1]
    factor = math.cos(math.radians(lat))
    ground = _nice((xmax - xmin) * factor / 5)
    length = ground / factor
    x, y = xmin + (xmax - xmin) * 0.04, ymin + (ymax - ymin) * 0.04
    height = (ymax - ymin) * 0.008
    ax.add_patch(Rectangle((x, y), length / 2, height, facecolor="black", edgecolor="black", zorder=10))
    ax.add_patch(Rectangle((x + length / 2, y), length / 2, height, facecolor="white", edgecolor="black", zorder=10))
    label = f"{ground / 1000:g} 千米 km" if ground >= 1000 else f"{ground:g} 米 m"
    ax.text(x + length / 2, y + height * 2, label, ha="center", va="bottom", fontsize=9, zorder=10)


def _north_arrow(ax) -> None:
    ax.annotate("北\nN", xy=(0.95, 0.95), xytext=(0.95, 0.84), xycoords="axes fraction", ha="center", va="center",
                fontsize=11, fontweight="bold", arrowprops={"facecolor": "black", "width": 4, "headwidth": 12}, zorder=10)


def _draw(ax, spec: PrintMap) -> list:
    handles = []
    if spec.areas:
        breaks = class_breaks([a.count for a in spec.areas])
        frame = gpd.GeoDataFrame.from_features(
            [{"type": "Feature", "geometry": a.geometry, "properties": {"count": a.count, "name": a.name}} for a in spec.areas],
            crs="EPSG:4326").to_crs(3857)
        frame.plot(ax=ax, color=[colour_of(c, breaks) for c in frame["count"]], edgecolor="#555", linewidth=0.4, alpha=0.75)
        handles += [Patch(facecolor=c, edgecolor="#555", label=label) for c, label in legend_rows(breaks)]
        if len(spec.areas) <= 40:
            for point, name in zip(frame.representative_point(), frame["name"]):
                ax.text(point.x, point.y, name, ha="center", va="center", fontsize=7, zorder=6)
    for view, collection in spec.overlays:
        if collection["features"]:
            layer = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326").to_crs(3857)
            points = layer.geom_type.isin(["Point", "MultiPoint"])
            if (~points).any():
                layer[~points].plot(ax=ax, facecolor="none", edgecolor=view.colour, linewidth=0.8, zorder=4)
            if points.any():
                layer[points].plot(ax=ax, color=view.colour, markersize=6, zorder=5)
        handles.append(Line2D([], [], color=view.colour, marker="o", markersize=5, label=view.title_zh))
    return handles


def print_map(spec: PrintMap, *, fmt: str) -> bytes:
    """The page as ``fmt`` (``pdf`` with the CJK font embedded as TrueType, or ``png`` at :data:`PNG_DPI` dpi)."""
    width_in, height_in = page_inches(spec.size, spec.orientation)
    with rc_context({"font.family": [cjk_family()], "pdf.fonttype": 42, "axes.unicode_minus": False}):
        figure = Figure(figsize=(width_in, height_in))
        ax = figure.add_axes(MAP_BOX)
        frame = _frame(spec.bbox, (MAP_BOX[2] * width_in) / (MAP_BOX[3] * height_in))
        pixels, extent = mosaic(spec.bbox, zoom_for(spec.bbox, int(MAP_BOX[2] * width_in * PNG_DPI)))
        ax.imshow(pixels, extent=extent, interpolation="bilinear", zorder=0)
        handles = _draw(ax, spec)
        ax.set_xlim(frame[0], frame[1])
        ax.set_ylim(frame[2], frame[3])
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        _scale_bar(ax, frame)
        _north_arrow(ax)
        if handles:
            ax.legend(handles=handles, title=spec.area_caption or "图例", loc="lower right", fontsize=8, framealpha=0.9)
        figure.text(0.5, 0.95, spec.title, ha="center", va="center", fontsize=18)
        figure.text(0.05, 0.06, CRS_NOTE, fontsize=8)
        figure.text(0.05, 0.04, f"制图日期 {date.today().isoformat()}　底图：平定县标准作业图（合成数据）", fontsize=8)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata={"Title": spec.title})
    return buffer.getvalue()
