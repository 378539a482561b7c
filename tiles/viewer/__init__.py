"""The map viewer: ``/map/``, MapLibre GL JS over the standard map and every public vector layer, served locally."""
