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


def _read(names: list[str], **env: str) -> subprocess.CompletedProcess:
    """Load the settings with ``env`` and print ``repr`` of each setting in ``names`` (``-`` when it is not set)."""
    code = "import geoserver_app.settings as s\n" + "".join(f"print(repr(getattr(s, {n!r}, '-')))\n" for n in names)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PINGDING_", "DJANGO_"))}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60)


def _table() -> dict:
    from geoserver_app.settings.app_settings import settings_table

    return settings_table(ROOT)


def _as_env(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (tuple, list)):
        return ",".join(str(item) for item in value)
    return str(value)


def test_the_table_holds_every_app_setting_once():
    from layers.geocoding.conf import DEFAULTS as geocode
    from layers.locate.conf import DEFAULTS as locate
    from cases.reports.conf import DEFAULTS as reports
    from tiles.conf import DEFAULTS as tiles

    table = _table()
    for defaults in (locate, reports, geocode, tiles):
        assert defaults.items() <= table.items()
    assert {"PINGDING_PUBLIC_URL", "PINGDING_CORS_ORIGINS", "PINGDING_OGC_MAX_LIMIT"} <= table.keys()
    assert "PINGDING_GRID_CODE_LENGTH" not in table  # the grid code's length is part of the schema (spatial.codes)


def test_every_setting_of_the_table_is_read_from_the_environment_in_its_type():
    """Each setting set to its own default, written as an operator would, reads back equal and of the same type."""
    table = _table()
    names = sorted(table)
    result = _read(names, **{name: _as_env(table[name]) for name in names})
    assert result.returncode == 0, result.stderr
    for name, line in zip(names, result.stdout.splitlines()):
        assert line == repr(table[name]), name


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PINGDING_TILES_MAX_AGE": "120"}, 120),
        ({"PINGDING_TILES_CACHE": "off"}, False),
        ({"PINGDING_LOCATE_MAX_RADIUS_M": "250.5"}, 250.5),
        ({"PINGDING_TILES_CENTER": "113.6, 37.8, 12"}, (113.6, 37.8, 12)),
        ({"PINGDING_CORS_ORIGINS": "https://a.example, https://b.example"}, ["https://a.example", "https://b.example"]),
        ({"PINGDING_REPORTS_OPEN311_JURISDICTION": "yq.gov.cn"}, "yq.gov.cn"),
    ],
)
def test_a_setting_from_the_environment_is_typed(env, expected):
    (name,) = env
    result = _read([name], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(expected)


def test_an_app_setting_not_in_the_environment_stays_with_its_app():
    result = _read(["PINGDING_TILES_MAX_AGE"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "'-'"  # tiles.conf.get falls back to tiles.conf.DEFAULTS


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PINGDING_TILES_MAX_AGE": "a minute"}, "PINGDING_TILES_MAX_AGE='a minute' is not an integer"),
        ({"PINGDING_TILES_MAX_AGE": "1.5"}, "PINGDING_TILES_MAX_AGE='1.5' is not an integer"),
        ({"PINGDING_TILES_CACHE": "maybe"}, "PINGDING_TILES_CACHE='maybe' is not a boolean"),
        ({"PINGDING_LOCATE_MAX_RADIUS_M": "nan"}, "PINGDING_LOCATE_MAX_RADIUS_M='nan' is not a finite number"),
        ({"PINGDING_TILES_CENTER": "113.6,37.8"}, "PINGDING_TILES_CENTER='113.6,37.8' needs 3 comma-separated values"),
        ({"PINGDING_TILES_CENTER": "113.6,37.8,z"}, "PINGDING_TILES_CENTER='z' is not an integer"),
        ({"PINGDING_OGC_MAX_LIMIT": "lots"}, "PINGDING_OGC_MAX_LIMIT='lots' is not an integer"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(env, message):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr.splitlines()[-1]
