"""Classes and colours of a choropleth: equal-count breaks over the counts, a sequential ColorBrewer ramp."""
from __future__ import annotations

RAMP = ("#fff5eb", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603")
"""ColorBrewer Oranges, six classes: light for few, dark for many."""


def class_breaks(counts: list[int], classes: int = len(RAMP)) -> list[int]:
    """Ascending upper bounds (inclusive) of at most ``classes`` classes, each holding about as many areas."""
    values = sorted(counts)
    if not values:
        return [0]
    bounds = {values[min(len(values) - 1, (len(values) * (k + 1)) // classes - 1)] for k in range(classes)}
    return sorted(bounds | {values[-1]})


def colour_of(count: int, breaks: list[int]) -> str:
    """The ramp colour of the class ``count`` falls in; fewer than six classes take colours spread over the ramp,
    from the lightest to the darkest."""
    last = len(breaks) - 1
    for index, bound in enumerate(breaks):
        if count <= bound:
            return RAMP[round(index * (len(RAMP) - 1) / last) if last else -1]
    return RAMP[-1]


def legend_rows(breaks: list[int]) -> list[tuple[str, str]]:
    """``(colour, label)`` per class: ``0``, ``1–3``, ``4–9``..."""
    rows, low = [], 0
    for bound in breaks:
        rows.append((colour_of(bound, breaks), str(bound) if low >= bound else f"{low}–{bound}"))
        low = bound + 1
    return rows
