"""What forward geocoding returns: one frozen :class:`Candidate` per row of the geocoding statement.

Coordinates: ``x``/``y`` are in the requested CRS, x = longitude or easting, y = latitude or northing, whatever the
CRS's authoritative axis order (as the ``lon``/``lat`` of ``/api/snap``); ``lon``/``lat`` are the stored CGCS2000
(EPSG:4490) degrees.
"""
from __future__ import annotations

from dataclasses import dataclass

from layers.models.addresses import AddressLevel

LEVEL_LABELS: dict[str, str] = {
    **dict(AddressLevel.choices), "road": "道路", "community": "社区/村", "town": "乡镇",
}
"""Chinese labels of candidate levels: the address levels (门牌, 楼栋, 单元, 户室) and road, community, town."""
MATCH_LABELS: dict[str, str] = {
    "town": "乡镇", "community": "社区/村", "road": "道路", "number": "门牌号", "building": "楼栋", "unit": "单元",
    "room": "户室",
}


@dataclass(frozen=True)
class Candidate:
    """One answer: a standard address (``level`` door/building/unit/room, ``code`` its address code), or the
    representative point of a road (``code`` None), community or town (``code`` its admin code).

    ``matched_level`` is the finest part of the query the candidate equals (a misspelt road that was matched by
    similarity counts as ``road``); ``score`` is 0-1, 1.0 for a candidate equal to the query in every part it
    names and no finer.
    """

    code: str | None
    full_text: str
    level: str
    matched_level: str
    score: float
    town: str | None
    community: str | None
    road: str | None
    number: str | None
    building_no: str | None
    unit: str | None
    room: str | None
    x: float
    y: float
    lon: float
    lat: float

    @classmethod
    def from_row(cls, row: dict, *, decimals: int) -> Candidate:
        text = {name: (row[name] or None) for name in ("town", "community", "road", "number", "building_no", "unit", "room")}
        return cls(
            code=row["code"], full_text=row["full_text"], level=row["level"], matched_level=row["matched_level"],
            score=float(row["score"]), **text, x=round(row["x"], decimals), y=round(row["y"], decimals),
            lon=round(row["lon"], 7), lat=round(row["lat"], 7),
        )

    def as_dict(self) -> dict:
        """The candidate as the API writes it; ``point`` has x/y in the requested CRS and lon/lat in EPSG:4490,
        the shape of the positions of ``/api/snap``."""
        return {
            "code": self.code,
            "full_text": self.full_text,
            "level": self.level,
            "level_label": LEVEL_LABELS.get(self.level, self.level),
            "matched_level": self.matched_level,
            "matched_label": MATCH_LABELS[self.matched_level],
            "score": self.score,
            "town": self.town,
            "community": self.community,
            "road": self.road,
            "number": self.number,
            "building_no": self.building_no,
            "unit": self.unit,
            "room": self.room,
            "point": {"x": self.x, "y": self.y, "lon": self.lon, "lat": self.lat},
        }
