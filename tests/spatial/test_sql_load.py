"""spatial.sql.load: the static SQL files a migration executes."""

import pytest

from spatial.sql import available, load


def test_load_chinese_offsets():
    text = load("chinese_offsets")
    assert text == load("chinese_offsets.sql")
    for function in (
        "pd_wgs84_to_gcj02(geom geometry)",
        "pd_wgs84_to_bd09(geom geometry)",
        "pd_wgs84_to_gcj02_xy(",
    ):
        assert f"CREATE OR REPLACE FUNCTION {function}" in text
    assert "CREATE FUNCTION" not in text
    assert text.count("IMMUTABLE STRICT PARALLEL SAFE") == text.count("CREATE OR REPLACE FUNCTION")


def test_sql_uses_the_python_constants():
    text = load("chinese_offsets")
    constants = (
        "6378245.0",
        "0.00669342162296594323",
        "pi() * 3000.0 / 180.0",
        "72.004",
        "137.8347",
        "0.8293",
    )
    assert all(constant in text for constant in constants)


def test_available_lists_the_files():
    assert "chinese_offsets" in available()


@pytest.mark.parametrize("name", ["missing", "../errors", "chinese_offsets/.."])
def test_unknown_names_are_refused(name):
    with pytest.raises(FileNotFoundError, match="available: chinese_offsets"):
        load(name)
