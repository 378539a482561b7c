"""Examples of the OpenAPI document of the reports: a resident's WeChat mini-program reporting overflowing bins
near the county seat in GCJ-02, and the answer the synthetic test county gives to it (with one nearby component
added to show its shape: the real answer has none within 50 m)."""

REQUEST_EXAMPLE = {
    "location": {"lon": 113.6331, "lat": 37.7961, "crs": "GCJ02", "accuracy_m": 12},
    "event_class": "0102",
    "description": "冠山路东关街口垃圾桶满溢，垃圾散落路面",
    "reporter": {"name": "张伟", "phone": "13903530000", "role": "resident"},
    "source": "public_app",
}

_GRID = {"code": "140321100011002", "name": "姜家沟社区第2网格"}
_ROUTED_TO = f"网格 {_GRID['code']} {_GRID['name']}"

REPORT_CREATED_EXAMPLE = {
    "id": 81,
    "code": "1403212026112600001",
    "status": "reported",
    "reported_at": "2026-11-26T20:12:11.247501+08:00",
    "source": "public_app",
    "location": {
        "crs": "EPSG:4490", "lon": 113.62671325, "lat": 37.79557697,
        "as_sent": {"crs": "GCJ02", "x": 113.6331, "y": 37.7961},
    },
    "event_class": {"code": "0102", "name": "暴露垃圾", "major_code": "01", "major_name": "市容环境"},
    "component": None,
    "case": {"id": 81, "state": "reported", "duplicate_of": None},
    "routed_to": _ROUTED_TO,
    "routing": {"rule": "territory", "routed_to": _ROUTED_TO, "department": None, "grid": _GRID, "grid_member": "耿飞国"},
    "snap": {
        "grid": {
            **_GRID, "kind": "urban",
            "roles": [
                {"role": "grid_leader", "label": "网格长", "name": "白霞"},
                {"role": "grid_member", "label": "专职网格员", "name": "耿飞国"},
                {"role": "grid_assistant", "label": "网格协管员", "name": "王丽"},
            ],
        },
        "town": {"code": "140321100", "name": "冠山镇"},
        "community": {"code": "140321100011", "name": "姜家沟社区"},
        "nearest_address": {
            "code": "140321100011002005000", "full_text": "山西省阳泉市平定县冠山镇姜家沟社区东关街2号", "level": "door",
            "distance_m": 45.81,
        },
        "radius_m": 50.0,
        "components": [
            {
                "code": "1403210602000137", "name": "监控电子眼", "category_code": "0602", "category_name": "监控电子眼",
                "state": "intact", "owner_department": "县公安局", "distance_m": 31.4,
            }
        ],
    },
    "photos": [],
    "links": [
        {"rel": "item", "type": "application/geo+json", "title": "the incident in the feature API",
         "href": "/ogc/collections/incidents/items/81"},
        {"rel": "alternate", "type": "application/json", "title": "the Open311 service request",
         "href": "/open311/v2/requests/1403212026112600001.json"},
    ],
}
