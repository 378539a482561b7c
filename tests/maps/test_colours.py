"""Choropleth classes: about equal counts per class, a legend that starts light and ends dark."""
from __future__ import annotations

import pytest

from maps.colours import RAMP, class_breaks, colour_of, legend_rows


@pytest.mark.parametrize("counts, breaks", [
    ([], [0]),
    ([3, 3, 3], [3]),
    ([0, 0, 0, 1, 2, 5, 70], [0, 1, 2, 70]),
    (list(range(12)), [1, 3, 5, 7, 9, 11]),
])
def test_breaks(counts, breaks):
    assert class_breaks(counts) == breaks


@pytest.mark.parametrize("breaks", [[0, 1, 4, 70], [1, 3, 5, 7, 9, 11], [0, 9]])
def test_the_legend_runs_from_the_lightest_to_the_darkest_colour(breaks):
    colours = [colour for colour, _ in legend_rows(breaks)]
    assert colours[0] == RAMP[0] and colours[-1] == RAMP[-1]
    assert len(set(colours)) == len(breaks)


def test_a_count_takes_the_colour_of_its_class():
    breaks = [0, 1, 4, 70]
    assert [colour_of(n, breaks) for n in (0, 1, 3, 70, 99)] == [
        colour_of(0, breaks), colour_of(1, breaks), colour_of(4, breaks), RAMP[-1], RAMP[-1]]
    assert colour_of(2, breaks) == colour_of(4, breaks) != colour_of(1, breaks)


def test_labels_name_each_range():
    assert [label for _, label in legend_rows([0, 1, 4, 70])] == ["0", "1", "2–4", "5–70"]
