"""Fixtures of the map tests: a coarse standard map under the print maps (built once per session, no database)."""
from __future__ import annotations

import pytest

from tests.accounts.conftest import account, grid_codes  # noqa: F401  (fixtures)
from tests.tiles.raster.conftest import COARSE_RESOLUTION_M, small_county
from tiles.raster.standard_map import build_standard_map
from tiles.raster.tileset import FILE_NAME


@pytest.fixture(scope="session")
def coarse_map(tmp_path_factory):
    """The path of a coarse standard map of a small county around the seat, in its own data directory."""
    path = tmp_path_factory.mktemp("maps-standard-map") / "standard_map.tif"
    build_standard_map(path=path, seed=1, resolution_m=COARSE_RESOLUTION_M, features=small_county())
    return path


@pytest.fixture
def with_standard_map(settings, coarse_map):
    """Django settings whose ``PINGDING_DATA_DIR`` holds the coarse standard map."""
    settings.PINGDING_DATA_DIR = coarse_map.parent
    return settings


@pytest.fixture(scope="session")
def map_site(live_url, live_data_dir, django_db_blocker) -> str:
    """The live server's base URL, with its standard map built (as the map viewer's test builds it)."""
    if not (live_data_dir / FILE_NAME).exists():
        with django_db_blocker.unblock():
            build_standard_map(path=live_data_dir / FILE_NAME, seed=1)
    return live_url.rstrip("/")
