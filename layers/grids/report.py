"""What a re-division did: the grids retired and created, the features moved per layer (from and to which codes),
the accounts whose grids changed, and the time."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from layers.locate.bulk import ResnapReport
from web.conditional import etag

GRIDS = "grids"


@dataclass(frozen=True)
class NewGrid:
    """A grid the re-division created: its code, feature id and version (its ETag)."""

    code: str
    feature_id: int
    version: int

    def as_dict(self) -> dict:
        return {"code": self.code, "id": self.feature_id, "etag": etag(GRIDS, self.feature_id, self.version)}


@dataclass(frozen=True)
class AccountChange:
    """An account assigned to a retired grid: its username and its grids before and after."""

    username: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"username": self.username, "gridsBefore": list(self.before), "gridsAfter": list(self.after)}


def layer_moves(report: ResnapReport) -> dict:
    """One layer's re-snap: rows examined, moved, and the moves counted per (from, to) pair of grid codes."""
    pairs = Counter((move.old_grid, move.new_grid) for move in report.moves)
    return {
        "examined": report.examined, "moved": report.moved,
        "fromTo": [{"from": old, "to": new, "count": count} for (old, new), count in sorted(pairs.items(),
                                                                                           key=lambda p: (str(p[0][0]), p[0][1]))],
    }


@dataclass(frozen=True)
class Redivision:
    """The report of one merge or split."""

    operation: str
    retired: tuple[str, ...]
    created: tuple[NewGrid, ...]
    moved: dict[str, ResnapReport]
    accounts: tuple[AccountChange, ...]
    seconds: float

    @property
    def moved_total(self) -> int:
        return sum(report.moved for report in self.moved.values())

    def as_dict(self) -> dict:
        return {
            "operation": self.operation,
            "retired": list(self.retired),
            "created": [grid.as_dict() for grid in self.created],
            "moved": {layer: layer_moves(report) for layer, report in self.moved.items()},
            "movedTotal": self.moved_total,
            "accounts": [change.as_dict() for change in self.accounts],
            "seconds": round(self.seconds, 3),
        }

    def lines(self) -> list[str]:
        """The report for people (the admin's message, the replay command)."""
        made = ", ".join(grid.code for grid in self.created)
        text = [f"{self.operation} {', '.join(self.retired)} -> {made} in {self.seconds * 1000:.0f} ms"]
        text += [f"  {layer}: {report.moved} of {report.examined} moved" for layer, report in self.moved.items()
                 if report.moved]
        text += [f"  account {change.username}: {', '.join(change.before)} -> {', '.join(change.after)}"
                 for change in self.accounts]
        return text
