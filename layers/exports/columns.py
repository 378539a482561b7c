"""Rows of the export statement to the column arrays GDAL writes (pyogrio's raw interface): one numpy array per
field, typed by the registry, with a mask for the nulls of integer and boolean fields."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NUMPY_TYPES = {"integer": "int64", "number": "float64", "boolean": "bool", "date": "datetime64[D]",
               "date-time": "datetime64[ms]"}


@dataclass
class Columns:
    """The geometries (WKB), their types, a point on each (x, y), and one array (and mask) per field."""

    geometry: np.ndarray
    types: np.ndarray
    x: np.ndarray
    y: np.ndarray
    data: list[np.ndarray]
    masks: list[np.ndarray | None]

    def __len__(self) -> int:
        return len(self.geometry)

    def take(self, selected: np.ndarray) -> Columns:
        return Columns(
            self.geometry[selected], self.types[selected], self.x[selected], self.y[selected],
            [array[selected] for array in self.data],
            [None if mask is None else mask[selected] for mask in self.masks],
        )


def column_arrays(rows: list[tuple], field_types: list[str]) -> Columns:
    """``rows`` of ``(wkb, type, x, y, values...)`` to columns."""
    count = len(rows)
    columns = list(zip(*rows)) if rows else [() for _ in range(4 + len(field_types))]
    geometry = np.empty(count, dtype=object)
    geometry[:] = [bytes(wkb) if wkb is not None else None for wkb in columns[0]]
    types = np.array(columns[1], dtype=object) if count else np.empty(0, dtype=object)
    x = np.array([np.nan if v is None else v for v in columns[2]], dtype="float64")
    y = np.array([np.nan if v is None else v for v in columns[3]], dtype="float64")
    data, masks = [], []
    for values, kind in zip(columns[4:], field_types):
        array, mask = _array(values, kind, count)
        data.append(array)
        masks.append(mask)
    return Columns(geometry, types, x, y, data, masks)


def _array(values: tuple, kind: str, count: int) -> tuple[np.ndarray, np.ndarray | None]:
    if kind in ("integer", "boolean"):
        mask = np.fromiter((v is None for v in values), dtype=bool, count=count)
        filler = 0 if kind == "integer" else False
        array = np.array([filler if v is None else v for v in values], dtype=NUMPY_TYPES[kind])
        return array, (mask if mask.any() else None)
    if kind == "number":
        return np.array([np.nan if v is None else float(v) for v in values], dtype="float64"), None
    if kind in ("date", "date-time"):
        return np.array(values, dtype=NUMPY_TYPES[kind]) if count else np.empty(0, NUMPY_TYPES[kind]), None
    array = np.empty(count, dtype=object)
    array[:] = [None if v is None else str(v) for v in values]
    return array, None
