"""The PNG encoder of the tiles: standard RGBA PNGs that decode to the pixels given."""
from __future__ import annotations

import numpy as np
import pytest

from tiles.raster.png import encode_rgba, transparent_tile


def test_pixels_survive_a_round_trip(png):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    assert np.array_equal(png(encode_rgba(pixels)), pixels)


def test_the_transparent_tile_is_256_px_and_fully_transparent(png):
    pixels = png(transparent_tile())
    assert pixels.shape == (256, 256, 4)
    assert not pixels.any()


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 4), np.float32), np.zeros((4, 4), np.uint8)])
def test_only_rgba_bytes_are_accepted(bad):
    with pytest.raises(ValueError, match="uint8"):
        encode_rgba(bad)
