"""The geometry of the change form: GeoJSON text with a small map preview.

The preview is MapLibre GL JS, served by this server (the map viewer's vendored copy, ``scripts/build_static.sh``),
over a plain background: no CDN and no outside tiles (county networks are intranets), which is why Django's
OpenLayers / OSM widgets are not used.
"""
from __future__ import annotations

from django import forms


class GeoJSONWidget(forms.Textarea):
    template_name = "admin/layers/widgets/geojson.html"

    class Media:
        css = {"all": ("vendor/maplibre-gl/maplibre-gl.css", "layers/admin/geojson.css")}
        js = ("vendor/maplibre-gl/maplibre-gl.js", "layers/admin/geojson.js")

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, "cols": 80, "spellcheck": "false", "class": "vLargeTextField geojson", **(attrs or {})})
