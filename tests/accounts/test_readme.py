"""The README's token tour, run as written: its ``account_create`` line (through ``call_command``, on the test
county), and its requests (through the test client) with the token printed on the command's last line."""
from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

from django.core.management import call_command

from .conftest import body_json

README = Path(__file__).resolve().parents[2] / "README.md"


def tour() -> list[str]:
    text = README.read_text()
    start = text.index("TOKEN=$(")
    return text[start:text.index("```", start)].strip().splitlines()


def test_the_readme_s_token_tour_works_as_written(client, db):
    create, curl, wrong = tour()[:3]
    command = shlex.split(re.search(r"manage\.py (.*) \| tail -n 1\)", create).group(1))
    out = io.StringIO()
    call_command(*command, stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
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
