"""The README's token and editing tours, run as written: their ``account_create`` line through ``call_command`` (on
the test county), the token tour's requests through the test client, and the editing tour's lines in bash with the
real ``curl``, against the application served in the test's transaction (``tests.inprocess``): what they print must
be what the README's ``# `` lines say (with the id the new component got)."""
from __future__ import annotations

import io
import json
import os
import re
import shlex
from pathlib import Path

from django.core.management import call_command

from tests.inprocess import run_against_the_application

from .conftest import body_json

README = Path(__file__).resolve().parents[2] / "README.md"


def tour(first: str = "TOKEN=$(") -> list[str]:
    text = README.read_text()
    start = text.index(first)
    return text[start:text.index("```", start)].strip().splitlines()


def token_of(line: str) -> str:
    """The token an ``account_create ... --token | tail -n 1`` line prints, made through ``call_command``."""
    command = shlex.split(re.search(r"manage\.py (.*) \| tail -n 1\)", line).group(1))
    out = io.StringIO()
    call_command(*command, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_the_readme_s_token_tour_works_as_written(client, db):
    create, curl, wrong = tour()[:3]
    token = token_of(create)
    url = re.search(r"'(http://127\.0\.0\.1:8000[^']+)'", curl).group(1).removeprefix("http://127.0.0.1:8000")
    answer = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
    features = body_json(answer)["features"]
    assert len(features) == 1 and "member_phone" in features[0]["properties"]
    assert "member_phone" not in body_json(client.get(url))["features"][0]["properties"]
    header = re.search(r"-H '([^']+)'", wrong).group(1)
    refused = client.get("/ogc/", HTTP_AUTHORIZATION=header.split(": ", 1)[1])
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith('Bearer realm="pingding", error="invalid_token", '
                                                  'error_description="The bearer token is malformed: ')


README_ID = "74174"
"""The id the README shows for the new component (the next one on the full county)."""


def test_the_readme_s_editing_tour_works_as_written(db):
    """Create, the ETag, a merge patch with If-Match, the 412 of a stale one, delete (404), restore, the history and
    an as-of page, by curl as a person would type it."""
    create, *lines = tour("EDIT_TOKEN=$(")
    assert create.startswith("EDIT_TOKEN=$(") and "--role gis_editor" in create
    status, printed = run_against_the_application(
        "\n".join(lines), env={**os.environ, "EDIT_TOKEN": token_of(create)})
    assert status == 0, printed
    expected = [line[2:] for line in lines if line.startswith("# ")]
    shown = printed.splitlines()
    fid = shown[0].rsplit("/", 1)[1]
    assert fid.isdigit() and int(fid) > 0
    assert shown[:len(expected)] == [line.replace(README_ID, fid) for line in expected]
    as_of = json.loads("\n".join(shown[len(expected):]))
    assert as_of["type"] == "FeatureCollection" and len(as_of["features"]) == 2
