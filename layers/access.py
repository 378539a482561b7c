"""The access seam: what a principal may read and write of a layer, computed once from the layer registry.

Every read path (feature SQL and documents, tiles and their cache, TileJSON, snap answers, Open311) asks
:func:`layer_view` and reads through the :class:`LayerView` it returns, never around it: the fields it may read,
the rows it may read (``row_scope``), whether it may read the layer at all and whether it may change it. A bare
:class:`~layers.registry.Layer` given to a read path is read as anonymous callers see it (:func:`as_view`).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from accounts.principal import ANONYMOUS, Principal

from . import registry
from .registry import PUBLIC, READS_EVERY_LAYER, Layer, LayerField, UnknownLayer, get_layer


class Fields(Mapping[str, LayerField]):
    """Readable fields by name (the column), in declaration order: a read-only, hashable mapping."""

    __slots__ = ("_fields", "_hash")

    def __init__(self, fields: Mapping[str, LayerField]):
        self._fields = dict(fields)
        self._hash = hash(tuple(self._fields.items()))

    def __getitem__(self, name: str) -> LayerField:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fields) and list(self._fields.items()) == list(other._fields.items())

    def __repr__(self) -> str:
        return f"Fields({', '.join(self._fields)})"


@dataclass(frozen=True)
class RowScope:
    """The rows a principal may read: those whose grid code (``column``) is one of ``grids``."""

    column: str
    grids: tuple[str, ...]


@dataclass(frozen=True)
class LayerView:
    """A layer as one principal sees it. ``fields``: the readable fields; ``row_scope``: None for every row, else
    the rows it may read; ``may_read`` (False: the layer does not exist for this principal) and ``may_write``.

    Every other attribute (``id``, ``table``, ``geometry_column``, zooms, titles...) is the layer's own, so a view
    goes wherever a layer's declaration is read."""

    layer: Layer
    fields: Fields
    row_scope: RowScope | None
    may_read: bool
    may_write: bool

    def __post_init__(self) -> None:
        # The layer's declaration, copied to the instance once: read paths look these up per feature page and per
        # tile, and a lookup that falls through to __getattr__ costs an AttributeError (~1 us) each time.
        for name in (*(f.name for f in dataclasses.fields(Layer)), *FORWARDED_PROPERTIES):
            self.__dict__.setdefault(name, getattr(self.layer, name))

    def __getattr__(self, name: str):
        if name == "layer":  # not yet set (copy, unpickling): never recurse
            raise AttributeError(name)
        return getattr(self.layer, name)


FORWARDED_PROPERTIES = ("table", "geometry_column", "id_column", "snapped_to_grid", "grid_column", "restricted")


def _may_read(layer: Layer, principal: Principal) -> bool:
    return PUBLIC in layer.read_roles or bool(principal.roles & {*layer.read_roles, *READS_EVERY_LAYER})


def _row_scope(layer: Layer, principal: Principal) -> RowScope | None:
    """Grid-scoped when every role of the principal is a grid-scoped one of the layer (one unscoped role that
    reads the layer, or public reading, is not enough to narrow it: public layers are read whole by anyone)."""
    scoped = principal.roles and principal.roles <= set(layer.grid_scoped_roles)
    if not scoped or layer.grid_column is None:
        return None
    return RowScope(column=layer.grid_column, grids=tuple(sorted(principal.grids)))


@lru_cache(maxsize=1024)
def layer_view(layer: Layer, principal: Principal = ANONYMOUS) -> LayerView:
    """What ``principal`` may read and write of ``layer`` (both immutable, so the answer is computed once)."""
    if not _may_read(layer, principal):
        return LayerView(layer=layer, fields=Fields({}), row_scope=None, may_read=False, may_write=False)
    fields = dict(layer.fields)
    if principal.roles & set(layer.restricted_read_roles):
        fields.update(layer.restricted)
    return LayerView(
        layer=layer,
        fields=Fields(fields),
        row_scope=_row_scope(layer, principal),
        may_read=True,
        may_write=bool(principal.roles & set(layer.edit_roles)),
    )


LayerOrView = Layer | LayerView
"""What a read path takes: a view, or a bare layer read as anonymous callers see it."""


def as_view(layer: LayerOrView) -> LayerView:
    """``layer`` itself when it is a view, else the anonymous view of the layer."""
    return layer if isinstance(layer, LayerView) else layer_view(layer, ANONYMOUS)


def readable_layer(layer_id: str, principal: Principal = ANONYMOUS) -> LayerView:
    """The view of layer ``layer_id``; :class:`UnknownLayer` when there is none or the principal may not read it
    (the same error, so a caller cannot tell a hidden layer from a missing one)."""
    view = layer_view(get_layer(layer_id), principal)
    if not view.may_read:
        raise UnknownLayer(layer_id)
    return view


def visible_layers(principal: Principal = ANONYMOUS) -> tuple[LayerView, ...]:
    """The views of the layers ``principal`` may read, in registry order."""
    return tuple(view for view in (layer_view(layer, principal) for layer in registry.LAYERS) if view.may_read)
