"""Streets read back from the addresses: grid orientation and the position of each road between its two sides."""
from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import Point

from tiles.raster.streets import grid_angle, infer_streets

ANGLE = math.radians(12.0)


def _to_xy(u, v):
    c, s = math.cos(ANGLE), math.sin(ANGLE)
    return u * c - v * s, u * s + v * c


def _road(name, *, along_u: bool, offset: float, rng, n=60, depth=120.0, one_side=False):
    """Addresses of a straight road: odd numbers on one side, even on the other, within ``depth`` metres."""
    rows = []
    for k in range(n):
        number = k + 1
        side = 1.0 if number % 2 else -1.0
        if one_side:
            side = 1.0
        across = offset + side * rng.uniform(15.0, depth)
        along = rng.uniform(-900.0, 900.0)
        u, v = (along, across) if along_u else (across, along)
        x, y = _to_xy(u, v)
        rows.append((name, str(number), x, y))
    return rows


@pytest.fixture
def town():
    rng = np.random.default_rng(7)
    points = (
        _road("和平街", along_u=True, offset=0.0, rng=rng)
        + _road("南关街", along_u=True, offset=-350.0, rng=rng)
        + _road("东关街", along_u=False, offset=300.0, rng=rng)
        + _road("西关街", along_u=False, offset=-300.0, rng=rng, one_side=True)
        + [("小巷", "1", 0.0, 0.0)] * 5
    )
    return Point(0, 0).buffer(1_200.0), points


def test_the_grid_orientation_is_found_modulo_90_degrees(town):
    _, points = town
    bands = {}
    for name, _, x, y in points:
        bands.setdefault(name, []).append((x, y))
    angle = grid_angle([np.array(v) for k, v in bands.items() if len(v) > 20])
    assert math.degrees(angle) == pytest.approx(12.0, abs=1.0)


def test_each_road_lies_between_its_odd_and_even_sides(town):
    built_up, points = town
    streets = {s.name: s for s in infer_streets(built_up, points)}
    assert set(streets) == {"和平街", "南关街", "东关街", "西关街"}  # 小巷 has too few addresses
    assert streets["和平街"].line.distance(Point(*_to_xy(0.0, 0.0))) < 15.0
    assert streets["南关街"].line.distance(Point(*_to_xy(400.0, -350.0))) < 15.0
    assert streets["东关街"].line.distance(Point(*_to_xy(300.0, 200.0))) < 15.0


def test_streets_cross_the_whole_built_up_area(town):
    built_up, points = town
    for street in infer_streets(built_up, points):
        assert built_up.buffer(1.0).contains(street.line)
        assert street.line.length > 1_000.0


def test_without_enough_addresses_there_are_no_streets():
    assert infer_streets(Point(0, 0).buffer(500.0), [("和平街", "1", 0.0, 0.0)] * 3) == ()
