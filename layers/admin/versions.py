"""A feature's history as the admin's history page shows it: each version with what changed, cut to the fields
the user may read (a restricted field's name and values are not shown to a user who cannot read it)."""
from __future__ import annotations

from dataclasses import dataclass

from layers.access import LayerView
from layers.history.selectors import Version

_SHOWN = 80
"""Characters of a value shown on the page (a long description is cut)."""


@dataclass(frozen=True)
class Change:
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class VersionRow:
    version: Version
    changes: tuple[Change, ...]

    @property
    def restorable(self) -> bool:
        """Whether the feature can be put back as it was after this version (a deletion leaves nothing)."""
        return self.version.attributes_after is not None


def _text(value: object) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _changes(view: LayerView, version: Version) -> tuple[Change, ...]:
    before, after = version.attributes_before or {}, version.attributes_after or {}
    changes = [Change(name, _text(before.get(name)), _text(after.get(name)))
               for name in version.changed_fields if name in view.fields]
    if "geometry" in version.changed_fields:
        changes.append(Change("geometry", _geometry(version.geom_before), _geometry(version.geom_after)))
    return tuple(changes)


def _geometry(geometry) -> str:
    if geometry is None:
        return "—"
    return f"{geometry.geom_type} ({geometry.num_coords} positions)"


def version_rows(view: LayerView, history: list[Version]) -> list[VersionRow]:
    """The rows of the history page, newest first."""
    return [VersionRow(version, _changes(view, version)) for version in history]
