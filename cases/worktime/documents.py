"""The JSON of the default calendar, as ``GET /api/worktime`` answers and ``PUT /api/worktime`` takes it."""
from __future__ import annotations

from .models import TimeLimit, WorkCalendar


def calendar_document(calendar: WorkCalendar) -> dict:
    return {
        "name": calendar.name,
        "time_zone": "Asia/Shanghai",
        "periods": [{"weekday": p.weekday, "start": p.start.strftime("%H:%M"), "end": p.end.strftime("%H:%M")}
                    for p in calendar.periods.order_by("weekday", "start")],
        "holidays": [{"name": h.name, "kind": h.kind, "from": h.date_from.isoformat(), "to": h.date_to.isoformat()}
                     for h in calendar.holidays.order_by("date_from")],
        "time_limits": [{"major_code": t.major_code or None, "minor_code": t.minor_code or None, "urgency": t.urgency,
                         "working_hours": t.working_hours} for t in TimeLimit.objects.all()],
    }
