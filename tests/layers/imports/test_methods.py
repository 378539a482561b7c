"""Methods the import routes do not take are a JSON 405 with ``Allow``."""
from __future__ import annotations

import uuid

import pytest

from tests.accounts.conftest import bearer


@pytest.mark.parametrize("method, path, allowed", [
    ("get", "/api/imports", "POST"),
    ("delete", f"/api/imports/{uuid.uuid4()}", "GET"),
    ("get", f"/api/imports/{uuid.uuid4()}/commit", "POST"),
])
def test_a_method_not_taken_is_a_json_405(client, editor, method, path, allowed):
    answer = getattr(client, method)(path, **bearer(editor[1]))
    assert answer.status_code == 405
    assert answer["Content-Type"].startswith("application/json")
    assert allowed in answer["Allow"]
