"""Junk never raises: parse_address returns what it could read, and the rest as ``unparsed``."""
from __future__ import annotations

import random

import pytest

from spatial.addresses import parse_address


@pytest.mark.parametrize(
    ("text", "level", "unparsed"),
    [
        ("asdf!!", None, ("ASDF",)),
        ("!!!", None, ()),
        ("---", None, ()),
        ("你好世界", None, ("你好世界",)),
        ("号号号", None, ("号号号",)),
        ("ABC", None, ("ABC",)),
        ("12345", "number", ()),
        ("紫云街18号附近的小卖部", "number", ("附近的小卖部",)),
        ("紫云街18号冠山镇", "number", ("冠山镇",)),
        ("😀紫云街18号", "number", ()),
    ],
)
def test_junk(text: str, level: str | None, unparsed: tuple[str, ...]) -> None:
    parsed = parse_address(text)
    assert parsed.level == level
    assert parsed.unparsed == unparsed


def test_a_part_given_twice_keeps_the_first_and_leaves_the_second_unparsed() -> None:
    parsed = parse_address("紫云街18号3号楼4号楼")
    assert (parsed.number, parsed.building_no, parsed.unparsed) == ("18", "3", ("4号楼",))


def test_numbers_longer_than_their_columns_are_unparsed() -> None:
    parsed = parse_address("紫云街18号2单元123456789室")
    assert (parsed.unit, parsed.room, parsed.unparsed) == ("2", None, ("123456789室",))


_POOL = (
    "山西省阳泉市平定县冠山镇城关社区村紫云街路巷大道号楼栋幢座单元室户房层门第十百千零〇一二两三四五六七八九"
    "0123456789０１２ＡＢabc-－—#/\\,，。 \u3000()（）陽縣鎮號樓單元😀\x00\ud800\u200b\ufeff"
)


@pytest.mark.parametrize("seed", range(20))
def test_random_text_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randint(1, 40)))
        if not text.strip():
            continue
        parsed = parse_address(text)
        assert isinstance(parsed.normalised, str)
        assert parsed.level is None or parsed.part(parsed.level) is not None or parsed.level in (
            "province", "city", "county")
