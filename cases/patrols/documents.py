"""The JSON answers of the patrol endpoints."""
from __future__ import annotations

from datetime import date

from . import conf
from .models import Track
from .selectors import GridCoverage


def track_document(track: Track) -> dict:
    return {"id": track.pk, "grids": track.grids, "day": track.day.isoformat(),
            "started_at": track.started_at.isoformat(), "ended_at": track.ended_at.isoformat(),
            "length_m": round(track.length_m, 1), "points": track.points, "format": track.source_format}


def _grid(row: GridCoverage) -> dict:
    return {"grid": row.code, "name": row.name, "town": row.town, "road_m": round(row.road_m, 1),
            "covered_m": round(row.covered_m, 1),
            "coverage": None if row.coverage is None else round(row.coverage, 4),
            "tracks": row.tracks, "morning_tracks": row.morning, "afternoon_tracks": row.afternoon,
            "patrolled_twice": row.twice}


def coverage_document(day: date, rows: list[GridCoverage]) -> dict:
    road = sum(r.road_m for r in rows)
    return {
        "date": day.isoformat(), "buffer_m": conf.buffer_m(), "noon": conf.noon().strftime("%H:%M"),
        "grids": [_grid(r) for r in rows],
        "summary": {"grids": len(rows), "patrolled": sum(r.tracks > 0 for r in rows),
                    "patrolled_twice": sum(r.twice for r in rows), "road_m": round(road, 1),
                    "coverage": round(sum(r.covered_m for r in rows) / road, 4) if road > 0 else None},
    }
