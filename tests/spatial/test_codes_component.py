"""City component codes of CJ/T 214."""

import re

import pytest

from spatial.codes import COMPONENT_CODE_REGEX, COMPONENT_MAJORS, parse_component_code
from spatial.errors import CodeError


def test_major_classes_of_the_standard():
    assert {k: v.zh for k, v in COMPONENT_MAJORS.items()} == {
        "01": "公用设施",
        "02": "道路交通",
        "03": "市容环境",
        "04": "园林绿化",
        "05": "房屋土地",
        "06": "其他设施",
    }
    assert all(v.en for v in COMPONENT_MAJORS.values())


@pytest.mark.parametrize(
    "code, major, minor, serial, extension",
    [
        ("1403210101000001", "01", "01", "000001", False),
        ("1403210212074173", "02", "12", "074173", False),
        ("1403210699999999", "06", "99", "999999", False),
        ("1403210701000001", "07", "01", "000001", True),
        ("1403219901000001", "99", "01", "000001", True),
    ],
)
def test_parse_component_code_valid(code, major, minor, serial, extension):
    parsed = parse_component_code(code)
    assert (parsed.county, parsed.major, parsed.minor, parsed.serial) == ("140321", major, minor, serial)
    assert parsed.is_extension is extension
    assert parsed.major_name.zh == ("扩展部件" if extension else COMPONENT_MAJORS[major].zh)
    assert re.fullmatch(COMPONENT_CODE_REGEX, code)


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("140321010100001", "16 ASCII digits"),
        ("14032101010000010", "16 ASCII digits"),
        ("14032101010000a1", "16 ASCII digits"),
        ("1403210101000000", "serial 000000"),
        ("1403210001000001", "major class 00"),
        ("1403210100000001", "minor class 00"),
        ("1403000101000001", "county code"),
        ("9903210101000001", "county code"),
    ],
)
def test_parse_component_code_invalid(code, fragment):
    with pytest.raises(CodeError, match=fragment) as caught:
        parse_component_code(code)
    assert caught.value.code == "invalid_component_code"
    assert caught.value.parameter == "component_code"


def test_major_00_message_lists_the_majors():
    with pytest.raises(CodeError, match="01 公用设施.*06 其他设施.*07-99"):
        parse_component_code("1403210001000001")
