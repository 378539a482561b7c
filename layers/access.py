"""The access seam: what a principal may read and write of a layer, computed once from the layer registry.

Every read path (feature SQL and documents, tiles and their cache, TileJSON, snap answers, Open311) asks
:func:`layer_view` and reads through the :class:`LayerView` it returns, never around it: the fields it may read,
the rows it may read (``row_scope``), whether it may read the layer at all and whether it may change it. Every write
path (``layers.editing``) changes through the same view: the fields it may write (``writable``) and the rows
(``write_scope``). A bare
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
class WriteScope:
    """The rows a scoped writer may change: those where one of ``columns`` holds one of ``values`` (its grids, or
    its department), before and after the change. ``why`` says whose rows they are, for a refusal."""

    columns: tuple[str, ...]
    values: tuple[str, ...]
    why: str

    def holds(self, row: Mapping[str, object]) -> bool:
        return any(row.get(column) in self.values for column in self.columns)


@dataclass(frozen=True)
class LayerView:
    """A layer as one principal sees it. ``fields``: the readable fields; ``row_scope``: None for every row, else
    the rows it may read; ``may_read`` (False: the layer does not exist for this principal) and ``may_write``;
    ``writable``: the columns it may set (readable, not derived; no keeper field for a scoped writer);
    ``write_scope``: None for every row it reads, else the rows it may change.

    Every other attribute (``id``, ``table``, ``geometry_column``, zooms, titles...) is the layer's own, so a view
    goes wherever a layer's declaration is read."""

    layer: Layer
    fields: Fields
    row_scope: RowScope | None
    may_read: bool
    may_write: bool
    writable: frozenset[str] = frozenset()
    write_scope: WriteScope | None = None

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


def _write_scope(layer: Layer, principal: Principal) -> tuple[bool, WriteScope | None]:
    """``(may write, scope)``: no write at all to a layer the principal's grant list (``layers``, when not empty)
    does not name; unscoped for an editor of the layer; else the rows of the principal's grids or department when
    the layer grants its role that; else no write at all."""
    if principal.layers and layer.id not in principal.layers:
        return False, None
    if principal.roles & set(layer.edit_roles):
        return True, None
    if principal.roles & set(layer.grid_edit_roles) and principal.grids:
        grids = tuple(sorted(principal.grids))
        return True, WriteScope((layer.grid_column,), grids, f"the rows of your grids ({', '.join(grids)})")
    if principal.roles & set(layer.department_edit_roles) and principal.department:
        why = f"the rows whose {' or '.join(layer.department_fields)} is {principal.department}"
        return True, WriteScope(layer.department_columns, (principal.department,), why)
    return False, None


@lru_cache(maxsize=1024)
def layer_view(layer: Layer, principal: Principal = ANONYMOUS) -> LayerView:
    """What ``principal`` may read and write of ``layer`` (both immutable, so the answer is computed once)."""
    if not _may_read(layer, principal):
        return LayerView(layer=layer, fields=Fields({}), row_scope=None, may_read=False, may_write=False)
    fields = dict(layer.fields)
    if principal.roles & set(layer.restricted_read_roles):
        fields.update(layer.restricted)
    may_write, write_scope = _write_scope(layer, principal)
    writable = frozenset(fields) - layer.derived if may_write else frozenset()
    if write_scope is not None:
        writable -= layer.keeper_columns
    return LayerView(
        layer=layer,
        fields=Fields(fields),
        row_scope=_row_scope(layer, principal),
        may_read=True,
        may_write=may_write,
        writable=writable,
        write_scope=write_scope,
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
