"""The layer admin (/admin): every layer of the registry, generated from its declaration, none special-cased.

Lists with the key code, naming fields and grid, search and filters on enumerations (:mod:`.options`); the change
form of the writable properties and the geometry as GeoJSON with a map preview (:mod:`.forms`, :mod:`.widgets`);
each feature's history with "revert to this version", and the layer's deleted features with "restore"
(:mod:`.pages`); the grids' re-division, merge and split (:mod:`.redivision`). Rights come from ``layers.access``, writes go through ``layers.editing.services`` with the
history path ``admin``. Staff accounts reach /admin (``accounts.services.STAFF_ROLES``).
"""
from django.contrib import admin

from layers.registry import LAYERS

from .options import LayerAdmin, layer_admin
from .redivision import GridRedivisionAdmin

EXTRAS = {"grids": GridRedivisionAdmin}
"""What a layer's admin adds to the generated one: the grids' re-division (merge action, split page)."""

for _layer in LAYERS:
    _generated = layer_admin(_layer)
    _extra = EXTRAS.get(_layer.id)
    if _extra is not None:
        _generated = type(f"{_generated.__name__}WithExtras", (_extra, _generated), {"__module__": _generated.__module__})
    admin.site.register(_layer.model, _generated)

__all__ = ["LayerAdmin", "layer_admin"]
