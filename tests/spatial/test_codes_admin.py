"""Admin codes (GB/T 2260, GB/T 10114, statistical) and base grid codes."""

import re

import pytest

from spatial.codes import (
    ADMIN_CODE_REGEX,
    COMMUNITY_CODE_REGEX,
    COUNTY_CODE_REGEX,
    GRID_CODE_REGEX,
    STATISTICAL_CODE_REGEX,
    TOWN_CODE_REGEX,
    AdminCode,
    grid_code_regex,
    parse_admin_code,
    parse_grid_code,
)
from spatial.errors import CodeError


@pytest.mark.parametrize(
    "code, expected",
    [
        ("140321", AdminCode("county", "140321")),
        (140321, AdminCode("county", "140321")),
        (" 140321 ", AdminCode("county", "140321")),
        ("140321000000", AdminCode("county", "140321")),
        ("140321100", AdminCode("town", "140321", "140321100")),
        ("140321001", AdminCode("town", "140321", "140321001")),
        ("140321999", AdminCode("town", "140321", "140321999")),
        ("140321100000", AdminCode("town", "140321", "140321100")),
        ("140321100001", AdminCode("community", "140321", "140321100", "140321100001")),
        ("140321201215", AdminCode("community", "140321", "140321201", "140321201215")),
        ("429004100001", AdminCode("community", "429004", "429004100", "429004100001")),
    ],
)
def test_parse_admin_code_valid(code, expected):
    assert parse_admin_code(code) == expected


def test_admin_code_forms():
    community = parse_admin_code("140321100001")
    assert community.code == "140321100001" and community.statistical_code == "140321100001"
    town = parse_admin_code("140321100")
    assert town.code == "140321100" and town.statistical_code == "140321100000"
    assert parse_admin_code("140321").statistical_code == "140321000000"


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("14032", "5 digits"),
        ("1403211", "7 digits"),
        ("1403211000011", "13 digits"),
        ("14032a", "ASCII digits"),
        ("１４０３２１", "ASCII digits"),
        ("", "ASCII digits"),
        (None, "ASCII digits"),
        (True, "ASCII digits"),
        ("990321", "province"),
        ("000000", "province"),
        ("140300", "prefecture"),
        ("140021", "prefecture"),
        ("140000", "prefecture"),
        ("140321000", "000"),
        ("140321000001", "town 000"),
    ],
)
def test_parse_admin_code_invalid(code, fragment):
    with pytest.raises(CodeError, match=fragment) as caught:
        parse_admin_code(code, parameter="town")
    assert caught.value.code == "invalid_admin_code"
    assert caught.value.parameter == "town"


@pytest.mark.parametrize(
    "code, length, sequence",
    [
        ("140321100001001", 15, "001"),
        ("140321100001452", 15, "452"),
        ("1403211000011", 13, "1"),
        ("140321100001000001", 18, "000001"),
    ],
)
def test_parse_grid_code_valid(code, length, sequence):
    grid = parse_grid_code(code, length=length)
    assert grid.code == code
    assert grid.sequence == sequence
    assert grid.admin.level == "community" and grid.admin.community == code[:12]


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("14032110000100", "14 digits"),
        ("1403211000010011", "16 digits"),
        ("14032110000100a", "15 ASCII digits"),
        ("140321100000001", "town code"),
        ("140321000000001", "county code"),
        ("140300100001001", "community code"),
        ("140321100001000", "sequence '000'"),
    ],
)
def test_parse_grid_code_invalid(code, fragment):
    with pytest.raises(CodeError, match=fragment) as caught:
        parse_grid_code(code)
    assert caught.value.code == "invalid_grid_code"
    assert caught.value.parameter == "grid_code"


@pytest.mark.parametrize("length", [12, 19])
def test_grid_code_length_is_bounded(length):
    with pytest.raises(ValueError, match="between 13 and 18"):
        parse_grid_code("140321100001001", length=length)


@pytest.mark.parametrize(
    "pattern, good, bad",
    [
        (COUNTY_CODE_REGEX, ["140321"], ["14032", "040321", "1403210"]),
        (TOWN_CODE_REGEX, ["140321100"], ["14032110", "14032110a"]),
        (COMMUNITY_CODE_REGEX, ["140321100001"], ["14032110000"]),
        (STATISTICAL_CODE_REGEX, ["140321000000"], ["1403210000000"]),
        (ADMIN_CODE_REGEX, ["140321", "140321100", "140321100001"], ["1403211", "14032110000"]),
        (GRID_CODE_REGEX, ["140321100001001"], ["14032110000100", "140321100001001\n"]),
        (grid_code_regex(13), ["1403211000011"], ["140321100001001"]),
    ],
)
def test_regexes_accept_the_format(pattern, good, bad):
    assert all(re.fullmatch(pattern, value) for value in good)
    assert not any(re.search(pattern, value) for value in bad)
    assert r"\d" not in pattern
