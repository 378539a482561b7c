"""The README's case tour, run as written: its ``account_create`` lines through ``call_command`` (on the test
county) and its curl lines in bash against the application served in the test's transaction; what they print must be
what the README's ``# `` lines say."""
from __future__ import annotations

import json
import os

from tests.accounts.test_readme import token_of, tour
from tests.inprocess import run_against_the_application


def test_the_readme_s_case_tour_works_as_written(db):
    operator, dispatcher, *lines = tour("OPERATOR=$(")
    assert "--role operator" in operator and "--role dispatcher" in dispatcher
    env = {**os.environ, "OPERATOR": token_of(operator), "DISPATCHER": token_of(dispatcher)}
    status, printed = run_against_the_application("\n".join(lines), env=env)
    assert status == 0, printed
    expected = [line[2:] for line in lines if line.startswith("# ")]
    shown = printed.splitlines()
    assert shown[:len(expected)] == expected
    page = json.loads("\n".join(shown[len(expected):]))
    assert page["cases"][0]["state"] == "dispatched" and page["cases"][0]["department"] == "冠山镇"
