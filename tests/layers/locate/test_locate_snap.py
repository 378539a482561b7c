"""``snap_point`` and ``reverse_point`` on the seeded test county: grids in every CRS, the boundary rule, nearest
address and components against brute-force geography queries, the 422 outside the county and for swapped pairs."""
from __future__ import annotations

import math

import pytest

from layers.errors import InvalidParameter
from layers.locate.errors import OutsideCounty
from layers.locate.snap import reverse_point, snap_point
from spatial.crs import EPSG_3857, EPSG_4490, EPSG_4547, GCJ02, resolve_crs

from .conftest import ALL_CRS, components_within, fetch, from_storage, nearest_addresses, owner_of

DEGREE_TOLERANCE = 1e-7  # about 1 cm
METRE_TOLERANCE = 0.01


def close(a: float, b: float, crs) -> bool:
    return math.isclose(a, b, abs_tol=DEGREE_TOLERANCE if crs.is_geographic else 0.002)


@pytest.mark.parametrize("crs", ALL_CRS, ids=lambda c: c.key)
def test_point_inside_a_grid_snaps_to_it_in_every_crs(busiest_grid_point, crs):
    place = busiest_grid_point
    x, y = from_storage(place.lon, place.lat, crs)
    result = snap_point(lon=x, lat=y, crs=crs)
    assert result.grid.code == place.grid_code
    assert result.crs is crs
    assert (result.point.x, result.point.y) == (x, y)  # the input echoed as given
    assert math.isclose(result.point.lon, place.lon, abs_tol=1e-8)
    assert math.isclose(result.point.lat, place.lat, abs_tol=1e-8)


@pytest.mark.parametrize("crs", ALL_CRS, ids=lambda c: c.key)
def test_every_position_comes_back_in_the_request_crs(near_components, crs):
    x, y = from_storage(near_components.lon, near_components.lat, crs)
    result = snap_point(lon=x, lat=y, crs=crs, radius_m=200)
    assert result.grid.code == near_components.grid_code
    positions = [result.address.position, *(c.position for c in result.components)]
    assert len(positions) > 1
    for position in positions:
        expected_x, expected_y = from_storage(position.lon, position.lat, crs)
        assert close(position.x, expected_x, crs) and close(position.y, expected_y, crs)


def test_every_grid_owns_its_point_on_surface(grid_points):
    for place in grid_points:
        assert snap_point(lon=place.lon, lat=place.lat, crs=EPSG_4490, components_limit=0).grid.code == place.grid_code


def test_town_and_community_are_those_of_the_grid(busiest_grid_point):
    result = snap_point(lon=busiest_grid_point.lon, lat=busiest_grid_point.lat, crs=EPSG_4490)
    town, community, t_name, c_name = fetch(
        "SELECT g.town_code, g.community_code, t.name, c.name FROM layers_grid g "
        "JOIN layers_adminarea t ON t.code = g.town_code JOIN layers_adminarea c ON c.code = g.community_code "
        "WHERE g.code = %s", (result.grid.code,),
    )[0]
    assert (result.town.code, result.town.name) == (town, t_name)
    assert (result.community.code, result.community.name) == (community, c_name)


def test_grid_staff_are_labelled(busiest_grid_point):
    grid = snap_point(lon=busiest_grid_point.lon, lat=busiest_grid_point.lat, crs=EPSG_4490).grid
    leader, member, assistant = fetch(
        "SELECT grid_leader, grid_member, grid_assistant FROM layers_grid WHERE code = %s", (grid.code,)
    )[0]
    assert [(s.role, s.label, s.name) for s in grid.staff] == [
        ("grid_leader", "网格长", leader), ("grid_member", "专职网格员", member), ("grid_assistant", "网格协管员", assistant),
    ]


def test_a_shared_vertex_goes_to_the_smallest_code_every_time(shared_vertex):
    lon, lat, covering = shared_vertex
    assert len(covering) >= 2
    answers = {snap_point(lon=lon, lat=lat, crs=EPSG_4490, components_limit=0).grid.code for _ in range(5)}
    assert answers == {min(covering)}
    assert reverse_point(lon=lon, lat=lat, crs=EPSG_4490).grid.code == min(covering)


def test_a_point_on_a_shared_edge_goes_to_the_smallest_code(shared_vertex):
    """The midpoint of a boundary segment is on the edge only to rounding; whatever grids cover it, the answer is
    the smallest of their codes, as a brute-force query says."""
    lon, lat, covering = shared_vertex
    rows = fetch(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(ST_GeometryN(ST_LineMerge(ST_CollectionExtract("
        "ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2)), 1), 0.5) AS p "
        "FROM layers_grid a, layers_grid b WHERE a.code = %s AND b.code = %s) s",
        (covering[0], covering[1]),
    )
    assert rows
    for mid_lon, mid_lat in rows:
        expected = owner_of(mid_lon, mid_lat)
        assert expected in (covering[0], covering[1])
        assert snap_point(lon=mid_lon, lat=mid_lat, crs=EPSG_4490).grid.code == expected


def test_nearest_address_matches_a_full_geography_scan(built_up_points):
    for lon, lat in built_up_points:
        result = snap_point(lon=lon, lat=lat, crs=EPSG_4490)
        (code, distance), = nearest_addresses(lon, lat)
        assert result.address.code == code
        assert math.isclose(result.address.distance_m, distance, abs_tol=1e-6)
        assert result.grid.code == owner_of(lon, lat)


@pytest.mark.parametrize("radius", [5.0, 30.0, 50.0, 150.0])
def test_components_within_the_radius_match_a_full_geography_scan(built_up_points, radius):
    seen = 0
    for lon, lat in built_up_points:
        result = snap_point(lon=lon, lat=lat, crs=EPSG_4490, radius_m=radius, components_limit=1000)
        expected = components_within(lon, lat, radius)
        assert [c.code for c in result.components] == [code for code, _ in expected]
        for component, (_, distance) in zip(result.components, expected):
            assert math.isclose(component.distance_m, distance, abs_tol=1e-6)
            assert component.distance_m <= radius
        seen += len(expected)
    assert seen > 0


def test_components_are_cut_at_the_limit_nearest_first(near_components):
    place = near_components
    expected = components_within(place.lon, place.lat, 1000)
    assert len(expected) > 3
    result = snap_point(lon=place.lon, lat=place.lat, crs=EPSG_4490, radius_m=1000, components_limit=3)
    assert [c.code for c in result.components] == [code for code, _ in expected[:3]]
    first = result.components[0]
    category, state, owner = fetch(
        "SELECT c.category_code, c.state, c.owner_department FROM layers_component c WHERE c.code = %s", (first.code,)
    )[0]
    assert (first.category_code, first.state, first.owner_department) == (category, state, owner)
    assert first.category_name == fetch("SELECT name FROM layers_componentcategory WHERE code = %s", (category,))[0][0]


def test_reverse_returns_the_n_nearest_addresses_with_parts(built_up_points):
    for lon, lat in built_up_points[:10]:
        result = reverse_point(lon=lon, lat=lat, crs=EPSG_4490, limit=5)
        expected = nearest_addresses(lon, lat, 5)
        assert [a.code for a in result.addresses] == [code for code, _ in expected]
        assert [round(a.distance_m, 6) for a in result.addresses] == [round(d, 6) for _, d in expected]
        first = result.addresses[0]
        road, number, level = fetch("SELECT road, number, level FROM layers_address WHERE code = %s", (first.code,))[0]
        assert (first.parts.road, first.parts.number, first.level) == (road, number, level)


def nearest_grid_by_scan(lon: float, lat: float) -> tuple[str, str, float]:
    return fetch(
        "SELECT code, name, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4490)::geography) AS d "
        "FROM layers_grid ORDER BY d, code LIMIT 1", (lon, lat),
    )[0]


@pytest.mark.parametrize("offset", [(0.8, 0.0), (-0.8, 0.1), (0.0, -0.6)])
def test_outside_the_county_is_422_with_the_nearest_grid_and_its_distance(db, offset):
    (xmin, ymin, xmax, ymax), = fetch(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM layers_grid) s"
    )
    lon = (xmin + xmax) / 2 + offset[0] * (xmax - xmin) + (0.1 if offset[0] > 0 else -0.1 if offset[0] < 0 else 0)
    lat = (ymin + ymax) / 2 + offset[1] * (ymax - ymin) + (-0.1 if offset[1] < 0 else 0)
    assert owner_of(lon, lat) is None
    with pytest.raises(OutsideCounty) as caught:
        snap_point(lon=lon, lat=lat, crs=EPSG_4490)
    error = caught.value
    code, name, distance = nearest_grid_by_scan(lon, lat)
    assert error.status == 422 and error.code == "OutsideCounty"
    assert (error.nearest_grid.code, error.nearest_grid.name) == (code, name)
    assert math.isclose(error.nearest_grid.distance_m, distance, abs_tol=METRE_TOLERANCE)
    body = error.as_dict()
    assert body["nearest_grid"] == {"code": code, "name": name, "distance_m": round(distance, 2)}
    assert code in body["description"] and "swap" not in body["description"]
    assert "swapped" not in body


def test_swapped_degrees_are_422_saying_so(busiest_grid_point):
    place = busiest_grid_point
    with pytest.raises(OutsideCounty) as caught:
        snap_point(lon=place.lat, lat=place.lon, crs=EPSG_4490)
    body = caught.value.as_dict()
    assert "did you swap lon and lat?" in body["description"]
    assert place.grid_code in body["description"]
    assert body["swapped"]["grid"]["code"] == place.grid_code
    assert body["nearest_grid"] is None  # latitude 113 is no position at all


@pytest.mark.parametrize("crs", [GCJ02, EPSG_4547, EPSG_3857], ids=lambda c: c.key)
def test_swapped_pairs_in_other_crss_are_422_saying_so(busiest_grid_point, crs):
    place = busiest_grid_point
    x, y = from_storage(place.lon, place.lat, crs)
    with pytest.raises(OutsideCounty) as caught:
        snap_point(lon=y, lat=x, crs=crs)
    body = caught.value.as_dict()
    assert "did you swap lon and lat?" in body["description"]
    assert body["swapped"]["grid"]["code"] == place.grid_code
    if crs is EPSG_3857:  # (northing, easting) is a real place in the Arctic: its nearest grid is named too
        assert body["nearest_grid"]["distance_m"] > 1_000_000


@pytest.mark.parametrize(
    ("lon", "lat", "crs", "parameter"),
    [
        (200.0, 37.8, EPSG_4490, "lon"),
        (113.6, 95.0, EPSG_4490, "lat"),
        (math.nan, 37.8, EPSG_4490, "lon"),
        (113.6, math.inf, EPSG_4490, "lat"),
        (1.0, 1.0, EPSG_4547, "lon,lat"),
        (113.6, 237.8, GCJ02, "lat"),
    ],
)
def test_impossible_positions_are_400_naming_the_parameter(db, lon, lat, crs, parameter):
    with pytest.raises(InvalidParameter) as caught:
        snap_point(lon=lon, lat=lat, crs=crs)
    assert caught.value.parameter == parameter


@pytest.mark.parametrize("radius", [0, -1, 1000.5, math.nan, math.inf])
def test_radius_out_of_range_is_400(db, busiest_grid_point, radius):
    with pytest.raises(InvalidParameter) as caught:
        snap_point(lon=busiest_grid_point.lon, lat=busiest_grid_point.lat, crs=EPSG_4490, radius_m=radius)
    assert caught.value.parameter == "radius"


@pytest.mark.parametrize("limit", [0, 21, 2.5])
def test_reverse_limit_out_of_range_is_400(db, limit):
    with pytest.raises(InvalidParameter) as caught:
        reverse_point(lon=113.627, lat=37.795, crs=EPSG_4490, limit=limit)
    assert caught.value.parameter == "limit"


def test_crs_aliases_give_the_same_answer(busiest_grid_point):
    place = busiest_grid_point
    answers = {
        snap_point(lon=place.lon, lat=place.lat, crs=resolve_crs(name)).grid.code
        for name in ("EPSG:4490", "urn:ogc:def:crs:EPSG::4326", "OGC:CRS84", "http://www.opengis.net/def/crs/EPSG/0/4490")
    }
    assert answers == {place.grid_code}
