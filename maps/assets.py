"""The scripts and styles a folium page loads, from this server: county networks are intranets.

folium's ``Map`` loads Leaflet, jQuery, Bootstrap and Leaflet.awesome-markers from CDNs. The thematic map draws
no markers and no Bootstrap widgets, so it needs Leaflet only: vendored from npm by ``scripts/build_static.sh``
into ``maps/static/maps/vendor/leaflet/`` and named here by absolute URL, so that a downloaded page still finds it.
"""
from __future__ import annotations

from django.templatetags.static import static

LEAFLET_JS = "maps/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "maps/vendor/leaflet/leaflet.css"


def local_assets(base_url: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(default_js, default_css)`` for a folium ``Map``: Leaflet at ``base_url`` (scheme and host, no slash)."""
    return [("leaflet", base_url + static(LEAFLET_JS))], [("leaflet_css", base_url + static(LEAFLET_CSS))]
