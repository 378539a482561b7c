"""The vector tilesets: one per public layer of the registry (tileset id = layer id) and the composite ``all``.

A tileset is a list of registry layers, each drawn as its own MVT layer within its own zoom range. Nothing here
names a particular layer: adding a public layer to the registry adds its tileset and its place in ``all``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from layers.errors import NotFound
from layers.registry import Layer, public_layers

COMPOSITE_ID = "all"


@dataclass(frozen=True)
class Tileset:
    """A vector tileset: its id (the URL segment), its title and description and the layers it carries."""

    id: str
    title: str
    description: str
    layers: tuple[Layer, ...]

    @property
    def minzoom(self) -> int:
        return min(layer.minzoom for layer in self.layers)

    @property
    def maxzoom(self) -> int:
        return max(layer.maxzoom for layer in self.layers)

    def layers_at(self, z: int) -> tuple[Layer, ...]:
        """The layers drawn at zoom ``z`` (those whose ``minzoom <= z <= maxzoom``), in registry order."""
        return tuple(layer for layer in self.layers if layer.minzoom <= z <= layer.maxzoom)


@lru_cache(maxsize=1)
def tilesets() -> tuple[Tileset, ...]:
    """Every vector tileset: the composite first, then one per public layer in registry order (the registry is
    fixed while the server runs, so this is built once)."""
    layers = tuple(public_layers())
    composite = Tileset(
        id=COMPOSITE_ID,
        title="All public layers",
        description="Every public layer of the Pingding server, each as its own MVT layer within its own zoom range.",
        layers=layers,
    )
    return (composite,) + tuple(
        Tileset(id=layer.id, title=f"{layer.title} {layer.title_zh}", description=layer.description, layers=(layer,))
        for layer in layers
    )


def get_tileset(tileset_id: str) -> Tileset:
    """The tileset ``tileset_id`` or :class:`NotFound` naming the ``tileset`` parameter."""
    for tileset in tilesets():
        if tileset.id == tileset_id:
            return tileset
    known = ", ".join(t.id for t in tilesets())
    raise NotFound(f"There is no vector tileset {tileset_id!r}; use one of: {known}.", parameter="tileset")


def tilesets_of_layer(layer: Layer) -> list[str]:
    """The ids of the tilesets whose tiles carry ``layer`` (its own and the composite): what an edit invalidates."""
    return [tileset.id for tileset in tilesets() if any(drawn.id == layer.id for drawn in tileset.layers)]
