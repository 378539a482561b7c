"""A text column proven by Arrow to pass (``layers.imports.texts``) is staged exactly as the value-by-value cleaning
stages it; a column with any value the proof cannot vouch for goes value by value, with its reasons."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from accounts.principal import Principal
from layers.access import layer_view
from layers.imports import staging
from layers.registry import get_layer

GOOD_CODES = ["1403210101000001", "1403210203000417", "1403210699999999", "1403220101000001"]


@pytest.fixture
def view(db):
    return layer_view(get_layer("components"), Principal(user_id=1, roles=frozenset({"gis_editor"})))


def _value_by_value(view, column, values, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(staging, "proven_fragments", lambda *args: None)
        return staging._column(view, column, pa.array(values, pa.string()), key=column == "code")


@pytest.mark.parametrize(("column", "values", "proven", "refused"), [
    ("code", GOOD_CODES, True, 0),
    ("code", [*GOOD_CODES, "1403210101000000"], False, 1),   # serial 000000
    ("code", [*GOOD_CODES, "1403210001000001"], False, 1),   # major class 00
    ("code", [*GOOD_CODES, "1403210100000001"], False, 1),   # minor class 00
    ("code", [*GOOD_CODES, "9999990101000001"], False, 1),   # no county
    ("code", [*GOOD_CODES, " 1403210101000002"], False, 1),  # 17 characters
    ("code", [*GOOD_CODES, "１４０３２１０１０１０００００１"], False, 1),  # full-width digits
    ("code", [*GOOD_CODES, None], False, 1),
    ("name", ["井盖", "路灯 1", "A" * 60], True, 0),
    ("name", ["井盖", 'say "hi"', "back\\slash", "tab\there"], False, 0),
    ("name", ["井盖", "A" * 61], False, 1),
    ("name", ["井盖", ""], False, 1),
    ("installed_on", ["2015-03-02", None, "2024-02-29", "2015-03-02"], True, 0),
    ("installed_on", ["2015-03-02", "2023-02-29"], False, 1),
    ("installed_on", ["2015-03-02", "0000-01-01"], False, 1),
    ("installed_on", ["2015-03-02", "2015/03/02", " 2015-03-04", ""], False, 1),  # slashes and empty taken
    ("installed_on", ["2015-03-02", "2015-3-2"], False, 0),
])
def test_a_proven_column_is_staged_as_value_by_value_would(view, monkeypatch, column, values, proven, refused):
    array, name = pa.array(values, pa.string()), json.dumps(column)
    found = (staging.proven_fragments(array, name, staging._plain_text(view, column)) if column != "installed_on"
             else staging.proven_dates(array, name, staging.model_fields(view.layer)[column]))
    assert (found is not None) == proven
    fast = staging._column(view, column, pa.array(values, pa.string()), key=column == "code")
    slow = _value_by_value(view, column, values, monkeypatch)
    assert [part.to_pylist() for part in fast] == [part.to_pylist() for part in slow]
    assert len(slow[1].drop_null()) == refused
    if proven:
        assert [json.loads("{" + f + "}")[column] for f in fast[0].to_pylist()] == values
