"""Job kinds declared for the tests only (removed again after each test), and a job runner in-process."""
from __future__ import annotations

import pytest

import jobs
from jobs import registry
from jobs.services import job_cancel
from tests.accounts.conftest import account  # noqa: F401  (fixture)


@pytest.fixture
def steps_kind():
    """The kind ``test-steps``: ``steps`` steps, each reporting progress; with ``cancel_at`` it cancels itself (as
    the API would, from outside) before that step's progress call; with ``fail_at`` it raises there."""

    def steps(job, *, steps: int = 3, cancel_at: int | None = None, fail_at: int | None = None) -> dict:
        done = []
        for i in range(steps):
            if i == cancel_at:
                job_cancel(job=job)
            if i == fail_at:
                raise RuntimeError(f"step {i} broke")
            jobs.progress(job, i / steps, f"step {i}")
            done.append(i)
        return {"done": done}

    registry.job_kind("test-steps")(steps)
    yield "test-steps"
    registry._KINDS.pop("test-steps", None)
