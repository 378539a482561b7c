"""The layer admin (/admin): every layer of the registry, generated from its declaration, none special-cased.

Lists with the key code, naming fields and grid, search and filters on enumerations (:mod:`.options`); the change
form of the writable properties and the geometry as GeoJSON with a map preview (:mod:`.forms`, :mod:`.widgets`);
each feature's history with "revert to this version", and the layer's deleted features with "restore"
(:mod:`.pages`). Rights come from ``layers.access``, writes go through ``layers.editing.services`` with the
history path ``admin``. Staff accounts reach /admin (``accounts.services.STAFF_ROLES``).
"""
from django.contrib import admin

from layers.registry import LAYERS

from .options import LayerAdmin, layer_admin

for _layer in LAYERS:
    admin.site.register(_layer.model, layer_admin(_layer))

__all__ = ["LayerAdmin", "layer_admin"]
