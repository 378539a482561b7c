"""The vector tilesets: one per layer of the registry (tileset id = layer id) and the composite ``all``.

A tileset is built for an audience (``accounts.principal.Principal.audience``): the views (``layers.access``) of
the layers its principals may read, each drawn as its own MVT layer within its own zoom range, with the fields the
view reads. Nothing here names a particular layer: adding a layer to the registry adds its tileset and its place
in ``all`` for those who may read it. A tileset's id does not depend on the audience (the invalidation triggers
drop a changed tile of every audience by tileset id).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from accounts.principal import ANONYMOUS, PUBLIC_AUDIENCE, Principal
from layers.access import LayerView, visible_layers
from layers.errors import NotFound
from layers.registry import Layer

COMPOSITE_ID = "all"


@dataclass(frozen=True)
class Tileset:
    """A vector tileset: its id (the URL segment), its title and description, the views of the layers it carries
    and the audience it is built for (the key of its tiles in the cache, beside the id)."""

    id: str
    title: str
    description: str
    views: tuple[LayerView, ...]
    audience: str = PUBLIC_AUDIENCE

    @cached_property
    def layers(self) -> tuple[Layer, ...]:
        """The registry layers it carries (what they are; what is read of them is in :attr:`views`)."""
        return tuple(view.layer for view in self.views)

    @property
    def minzoom(self) -> int:
        return min(layer.minzoom for layer in self.layers)

    @property
    def maxzoom(self) -> int:
        return max(layer.maxzoom for layer in self.layers)

    @property
    def grids(self) -> list[str]:
        """The grid codes its audience is scoped to (the tile statement's ``grids``); empty when it reads every row."""
        scopes = [view.row_scope for view in self.views if view.row_scope is not None]
        return list(scopes[0].grids) if scopes else []

    def layers_at(self, z: int) -> tuple[Layer, ...]:
        """The layers drawn at zoom ``z`` (those whose ``minzoom <= z <= maxzoom``), in registry order."""
        return tuple(layer for layer in self.layers if layer.minzoom <= z <= layer.maxzoom)

    def views_at(self, z: int) -> tuple[LayerView, ...]:
        """The views of the layers drawn at zoom ``z``, in registry order."""
        return tuple(view for view in self.views if view.layer.minzoom <= z <= view.layer.maxzoom)


def tilesets(principal: Principal = ANONYMOUS) -> tuple[Tileset, ...]:
    """Every vector tileset ``principal`` may read: the composite first, then one per readable layer in registry
    order (the registry is fixed while the server runs, so they are built once per principal)."""
    return _anonymous_tilesets() if principal is ANONYMOUS else _tilesets(principal)


@lru_cache(maxsize=1)
def _anonymous_tilesets() -> tuple[Tileset, ...]:
    """The anonymous audience's, without hashing the principal on every tile hit."""
    return _tilesets(ANONYMOUS)


@lru_cache(maxsize=256)
def _tilesets(principal: Principal) -> tuple[Tileset, ...]:
    views = visible_layers(principal)
    audience = principal.audience
    composite = Tileset(
        id=COMPOSITE_ID,
        title="All public layers" if audience == PUBLIC_AUDIENCE else "All layers",
        description="Every public layer of the Pingding server, each as its own MVT layer within its own zoom range."
        if audience == PUBLIC_AUDIENCE
        else "Every layer of the Pingding server you may read, each as its own MVT layer within its own zoom range.",
        views=views,
        audience=audience,
    )
    return (composite,) + tuple(
        Tileset(
            id=view.id, title=f"{view.title} {view.title_zh}", description=view.description, views=(view,),
            audience=audience,
        )
        for view in views
    )


def tilesets_forget() -> None:
    """Build the tilesets again on next use (after the registry was changed, as tests do)."""
    _anonymous_tilesets.cache_clear()
    _tilesets.cache_clear()


def get_tileset(tileset_id: str, principal: Principal = ANONYMOUS) -> Tileset:
    """The tileset ``tileset_id`` as ``principal`` may read it, or :class:`NotFound` naming the ``tileset`` parameter
    (also for a tileset that exists for other principals only)."""
    for tileset in tilesets(principal):
        if tileset.id == tileset_id:
            return tileset
    known = ", ".join(t.id for t in tilesets(principal))
    raise NotFound(f"There is no vector tileset {tileset_id!r}; use one of: {known}.", parameter="tileset")


def tilesets_of_layer(layer: Layer) -> list[str]:
    """The ids of the tilesets whose tiles carry ``layer`` (the composite and its own), whatever the audience:
    what an edit invalidates."""
    return [COMPOSITE_ID, layer.id]
