"""The README's evaluation and dashboard tour, run as written: its ``account_create`` line through ``call_command`` and
its curl lines in bash against the application served in the test's transaction; what they print must be what the
README's ``# `` lines say."""
from __future__ import annotations

import os

from tests.accounts.test_readme import token_of, tour
from tests.inprocess import run_against_the_application


def test_the_readme_s_evaluation_and_dashboard_tour_works_as_written(db):
    leader, *lines = tour("LEADER=$(")
    assert "--role leader" in leader
    env = {**os.environ, "LEADER": token_of(leader)}
    status, printed = run_against_the_application("\n".join(lines), env=env)
    assert status == 0, printed
    assert printed.splitlines() == [line[2:] for line in lines if line.startswith("# ")]
