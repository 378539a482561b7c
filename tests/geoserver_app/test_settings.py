"""The production profile refuses to start unsafely, and says what to do."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 48


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PINGDING_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", "import geoserver_app.settings as s; print(s.DEBUG, s.PROFILE)"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PINGDING_PROFILE": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_DEBUG": "1"}, "DJANGO_DEBUG"),
        ({"PINGDING_PROFILE": "production"}, "DJANGO_SECRET_KEY"),
        ({"PINGDING_PROFILE": "production", "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"PINGDING_PROFILE": "staging"}, "PINGDING_PROFILE"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
    ],
)
def test_unsafe_or_malformed_settings_refuse_to_start(env, message):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr.splitlines()[-1]


def test_production_with_a_real_key_starts_with_debug_off():
    result = _load_settings(PINGDING_PROFILE="production", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "production"]


def test_development_is_the_default_with_debug_on():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "development"]
