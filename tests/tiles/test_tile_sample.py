"""The benchmark's fixed tile sample (pure)."""
from tiles.grid import tile_bounds_lonlat
from tiles.sample import BUILT_UP_BBOX, SEAT_LAT, SEAT_LON, benchmark_tiles


def test_the_sample_is_deterministic_and_spans_zooms_10_to_17():
    tiles = benchmark_tiles()
    assert tiles == benchmark_tiles()
    assert sorted({t.z for t in tiles}) == list(range(10, 18))
    assert len(tiles) == len(set(tiles))


def test_at_most_per_zoom_tiles_each_inside_the_built_up_bbox():
    west, south, east, north = BUILT_UP_BBOX
    tiles = benchmark_tiles(per_zoom=5)
    for z in range(10, 18):
        assert 1 <= sum(1 for t in tiles if t.z == z) <= 5
    for tile in tiles:
        w, s, e, n = tile_bounds_lonlat(tile)
        assert w <= east and e >= west and s <= north and n >= south


def test_low_zoom_tiles_contain_the_seat():
    for tile in benchmark_tiles(zooms=range(10, 12)):
        w, s, e, n = tile_bounds_lonlat(tile)
        assert w <= SEAT_LON <= e and s <= SEAT_LAT <= n
