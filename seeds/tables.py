"""Rows ready for ``COPY ... FROM STDIN`` (PostgreSQL text format), one :class:`Table` per model.

Columns are named by model field and resolved to database columns through the model's ``_meta``, so a renamed
``db_column`` needs no change here. Geometry travels as hex EWKB with SRID 4490: exact doubles, no rounding.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db import models
from numpy.typing import NDArray

from spatial.crs import STORAGE_SRID

_SPECIAL = ("\\", "\t", "\n", "\r")
NULL = "\\N"


def ewkb(geoms: NDArray[np.object_] | Sequence[shapely.Geometry]) -> NDArray[np.object_]:
    """Hex EWKB (``SRID=4490``) of lon/lat shapely geometries: what PostGIS reads from COPY text."""
    return shapely.to_wkb(shapely.set_srid(np.asarray(geoms, dtype=object), STORAGE_SRID), hex=True, include_srid=True)


def copy_fields(values: Sequence | NDArray) -> list[str]:
    """One COPY text field per value: ``None`` becomes ``\\N``; backslash, tab and line breaks are escaped."""
    arr = np.asarray(values)
    if arr.dtype.kind in "Uiufb":
        out = arr.astype(str).tolist() if arr.dtype.kind != "b" else np.where(arr, "t", "f").tolist()
    else:
        out = [NULL if v is None else str(v) for v in arr.tolist()]
    joined = "".join(out)
    if any(ch in joined for ch in _SPECIAL):
        out = [
            s if s == NULL else s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            for s in out
        ]
    return out


@dataclass
class Table:
    """Rows of one model: ``values`` maps model field names to equally long columns."""

    model: type[models.Model]
    values: dict[str, Sequence | NDArray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(next(iter(self.values.values()))) if self.values else 0

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    @property
    def db_columns(self) -> list[str]:
        return [self.model._meta.get_field(name).column for name in self.values]

    def copy_text(self, extra: dict[str, str] | None = None) -> str:
        """The rows as COPY text; ``extra`` adds constant columns (field name → text) such as ``updated_at``."""
        columns = [copy_fields(v) for v in self.values.values()]
        n = len(self)
        for value in (extra or {}).values():
            columns.append([value] * n)
        if not n:
            return ""
        return "\n".join(map("\t".join, zip(*columns))) + "\n"

    def check(self) -> None:
        """Raise ValueError unless every column has the same length."""
        lengths = {name: len(v) for name, v in self.values.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"{self.db_table}: columns of different lengths {lengths}")
