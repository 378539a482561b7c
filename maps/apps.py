from django.apps import AppConfig


class MapsConfig(AppConfig):
    """Thematic maps (folium HTML) and print maps (PDF / PNG); its static folder holds the vendored Leaflet."""

    name = "maps"
