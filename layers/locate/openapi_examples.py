"""Examples of the snapping service's OpenAPI fragments (``layers.locate.openapi``): synthetic values of the seeded
county around the county seat, 113.627 E, 37.795 N (GCJ-02 113.6333870, 37.7955234)."""
from __future__ import annotations

SEAT = (113.627, 37.795)
SEAT_GCJ02 = (113.633387, 37.7955234)
SEAT_GK = (467147.445, 4184809.674)


def position_example(x: float, y: float, lon: float, lat: float) -> dict:
    return {"x": x, "y": y, "lon": lon, "lat": lat}


GRID_EXAMPLE = {
    "code": "140321100011005",
    "name": "姜家沟社区第5网格",
    "kind": "urban",
    "grid_leader": {"label": "网格长", "name": "姚斌静"},
    "grid_member": {"label": "专职网格员", "name": "庞晋平"},
    "grid_assistant": {"label": "网格协管员", "name": "杨悦"},
}
TOWN_EXAMPLE = {"code": "140321100", "name": "冠山镇"}
COMMUNITY_EXAMPLE = {"code": "140321100011", "name": "姜家沟社区"}
SNAP_EXAMPLE = {
    "crs": "EPSG:4490",
    "point": position_example(113.627, 37.795, 113.627, 37.795),
    "grid": GRID_EXAMPLE,
    "town": TOWN_EXAMPLE,
    "community": COMMUNITY_EXAMPLE,
    "address": {
        "code": "140321100011005005900",
        "full_text": "山西省阳泉市平定县冠山镇姜家沟社区冠山路81号",
        "level": "door",
        "level_label": "门牌",
        "distance_m": 35.36,
        "position": position_example(113.6269125, 37.7953109, 113.6269125, 37.7953109),
    },
    "radius_m": 50.0,
    "components": [
        {
            "code": "1403210114000176",
            "name": "路灯176号",
            "category": {"code": "0114", "name": "路灯"},
            "state": "intact",
            "state_label": "完好",
            "owner_department": "县路灯管理所",
            "distance_m": 4.42,
            "position": position_example(113.6270098, 37.7949609, 113.6270098, 37.7949609),
        }
    ],
}


OUTSIDE_EXAMPLES = {
    "outside": {
        "summary": "East of the county",
        "value": {
            "code": "OutsideCounty",
            "description": "The point (lon, lat) = (114.5, 37.795) in EPSG:4490 is outside the "
            "county: no grid covers it. The nearest grid is 140321106200002 (东家坪村第2网格), "
            "46,844 m away; check the coordinates and the crs parameter.",
            "parameter": "lon,lat",
            "point": {"crs": "EPSG:4490", "x": 114.5, "y": 37.795},
            "nearest_grid": {"code": "140321106200002", "name": "东家坪村第2网格", "distance_m": 46844.17},
        },
    },
    "swapped": {
        "summary": "Latitude and longitude swapped",
        "value": {
            "code": "OutsideCounty",
            "description": "The point (lon, lat) = (37.795, 113.627) in EPSG:4490 is outside the "
            "county; did you swap lon and lat? (lat, lon) = (37.795, 113.627) is inside grid "
            "140321100011005 (姜家沟社区第5网格). Send longitude (or easting) as lon and latitude (or "
            "northing) as lat.",
            "parameter": "lon,lat",
            "point": {"crs": "EPSG:4490", "x": 37.795, "y": 113.627},
            "nearest_grid": None,
            "swapped": {"x": 113.627, "y": 37.795, "grid": {"code": "140321100011005", "name": "姜家沟社区第5网格"}},
        },
    },
}
