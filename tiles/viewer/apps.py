from django.apps import AppConfig


class ViewerConfig(AppConfig):
    """Installed as ``tiles.viewer`` so its templates and static files (MapLibre GL JS) are found."""

    name = "tiles.viewer"
    label = "viewer"
