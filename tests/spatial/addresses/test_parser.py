"""parse_address over the forms people type: prefix or not, traditional, full-width, Chinese numerals, dashes."""
from __future__ import annotations

import dataclasses

import pytest

from spatial.addresses import LEVELS, EmptyAddress, ParsedAddress, parse_address

FULL = "山西省阳泉市平定县冠山镇城关社区紫云街18号3号楼2单元301室"
FULL_PARTS = {
    "province": "山西省", "city": "阳泉市", "county": "平定县", "town": "冠山镇", "community": "城关社区",
    "road": "紫云街", "number": "18", "building_no": "3", "unit": "2", "room": "301",
}
TAIL = {"road": "紫云街", "number": "18", "building_no": "3", "unit": "2", "room": "301"}


def parts(parsed: ParsedAddress) -> dict[str, str]:
    fields = ("province", "city", "county", "town", "community", "road", "number", "building_no", "unit", "room")
    return {name: getattr(parsed, name) for name in fields if getattr(parsed, name) is not None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(FULL, FULL_PARTS, id="full"),
        pytest.param("山西阳泉平定冠山镇城关社区紫云街18号3号楼2单元301室", FULL_PARTS, id="short-prefix"),
        pytest.param("山西省阳泉市平定縣冠山鎮城關社區紫雲街18號3號樓2單元301室", FULL_PARTS, id="traditional"),
        pytest.param("山西省陽泉市平定縣冠山鎮城關社區紫雲街１８號３號樓２單元３０１室", FULL_PARTS, id="traditional-fullwidth"),
        pytest.param("山西省 阳泉市 平定县 冠山镇 城关社区 紫云街 18号 3号楼 2单元 301室", FULL_PARTS, id="spaces"),
        pytest.param("山西省，阳泉市，平定县，冠山镇城关社区紫云街18号3号楼2单元301室。", FULL_PARTS, id="punctuation"),
        pytest.param("冠山镇城关社区紫云街18号3号楼2单元301室", {k: v for k, v in FULL_PARTS.items()
                                                  if k not in ("province", "city", "county")}, id="no-prefix"),
        pytest.param("平定县冠山镇紫云街18号", {"county": "平定县", "town": "冠山镇", "road": "紫云街", "number": "18"},
                     id="county-town-road"),
        pytest.param("阳泉市平定县城关社区紫云街18号",
                     {"city": "阳泉市", "county": "平定县", "community": "城关社区", "road": "紫云街", "number": "18"},
                     id="no-province-no-town"),
        pytest.param("紫云街18号3号楼2单元301室", TAIL, id="road-only"),
        pytest.param("紫云街18号3-2-301", TAIL, id="dash-building-unit-room"),
        pytest.param("紫云街18号3－2－301", TAIL, id="fullwidth-dash"),
        pytest.param("紫云街18-3-2-301", TAIL, id="dash-from-number"),
        pytest.param("紫云街18号 3 2 301", TAIL, id="spaced-numbers"),
        pytest.param("紫云街18号3栋2单元301", TAIL, id="dong-unmarked-room"),
        pytest.param("紫云街18号3幢2单元301户", TAIL, id="zhuang-hu"),
        pytest.param("紫云街18号3#楼2门301房", TAIL, id="hash-men-fang"),
        pytest.param("紫云街18号第3号楼第2单元301室", TAIL, id="ordinal-di"),
        pytest.param("紫云街18号3号楼2单元5层301室", TAIL, id="floor-dropped"),
        pytest.param("紫云街十八号三号楼二单元三〇一室", TAIL, id="chinese-numerals"),
        pytest.param("紫云街十八号三号楼两单元三零一室", TAIL, id="liang-ling"),
        pytest.param("紫云街十八号三-二-三〇一", TAIL, id="chinese-dash"),
        pytest.param("紫云街二十号", {"road": "紫云街", "number": "20"}, id="ershi"),
        pytest.param("紫云街十号", {"road": "紫云街", "number": "10"}, id="shi"),
        pytest.param("紫云街二十三号楼", {"road": "紫云街", "building_no": "23"}, id="ershisan-building"),
        pytest.param("紫云街一百零五号", {"road": "紫云街", "number": "105"}, id="yibailingwu"),
        pytest.param("紫云街18号2单元一〇二室", {"road": "紫云街", "number": "18", "unit": "2", "room": "102"}, id="room-yilinger"),
        pytest.param("紫云街１８号Ａ座", {"road": "紫云街", "number": "18", "building_no": "A"}, id="fullwidth-letter"),
        pytest.param("紫云街018号", {"road": "紫云街", "number": "18"}, id="leading-zero"),
        pytest.param("紫云街18号院", {"road": "紫云街", "number": "18"}, id="haoyuan"),
        pytest.param("嘉河大道5号", {"road": "嘉河大道", "number": "5"}, id="dadao"),
        pytest.param("李岩村李岩大街8号", {"community": "李岩村", "road": "李岩大街", "number": "8"}, id="village-dajie"),
        pytest.param("李岩村李岩一巷三号", {"community": "李岩村", "road": "李岩一巷", "number": "3"}, id="xiang-numeral-in-name"),
        pytest.param("冠山路东段2号", {"road": "冠山路东段", "number": "2"}, id="road-section"),
        pytest.param("下城东街7号", {"road": "下城东街", "number": "7"}, id="dongjie"),
        pytest.param("宁艾线3号", {"road": "宁艾线", "number": "3"}, id="xian"),
        pytest.param("槐树胡同3号", {"road": "槐树胡同", "number": "3"}, id="hutong"),
        pytest.param("新道街5号", {"road": "新道街", "number": "5"}, id="dao-inside-name"),
        pytest.param("城关居委会紫云街18号", {"community": "城关社区", "road": "紫云街", "number": "18"}, id="juweihui"),
        pytest.param("李岩村委会李岩大街8号", {"community": "李岩村", "road": "李岩大街", "number": "8"}, id="cunweihui"),
        pytest.param("石门口乡西口村西口一巷二号",
                     {"town": "石门口乡", "community": "西口村", "road": "西口一巷", "number": "2"}, id="xiang-township"),
        pytest.param("娘子关镇", {"town": "娘子关镇"}, id="town-only"),
        pytest.param("城关社区", {"community": "城关社区"}, id="community-only"),
        pytest.param("紫云街", {"road": "紫云街"}, id="road-only-name"),
        pytest.param("山西阳泉平定", {"province": "山西省", "city": "阳泉市", "county": "平定县"}, id="prefix-only"),
        pytest.param("地址：冠山镇城关社区紫云街18号附近",
                     {"town": "冠山镇", "community": "城关社区", "road": "紫云街", "number": "18"}, id="junk-around"),
        pytest.param("3号楼2单元301", {"building_no": "3", "unit": "2", "room": "301"}, id="no-road"),
    ],
)
def test_parse_address(text: str, expected: dict[str, str]) -> None:
    assert parts(parse_address(text)) == expected


@pytest.mark.parametrize(
    ("text", "level"),
    [(FULL, "room"), ("紫云街18号3号楼2单元", "unit"), ("紫云街18号3号楼", "building"), ("紫云街18号", "number"),
     ("紫云街", "road"), ("城关社区", "community"), ("冠山镇", "town"), ("平定县", "county"), ("阳泉", "city"),
     ("山西", "province"), ("你好", None)],
)
def test_level_is_the_finest_part(text: str, level: str | None) -> None:
    assert parse_address(text).level == level
    assert level is None or level in LEVELS


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("山西陽泉平定冠山鎮城關居委會紫雲街十八號三棟兩單元一〇二户", "山西省阳泉市平定县冠山镇城关社区紫云街18号3号楼2单元102室"),
        ("紫云街18号3-2-301", "紫云街18号3号楼2单元301室"),
        ("地址：紫云街18号附近", "地址紫云街18号附近"),
    ],
)
def test_normalised_text_uses_the_standard_markers(text: str, normalised: str) -> None:
    assert parse_address(text).normalised == normalised


def test_full_text_of_the_library_reads_back_to_itself() -> None:
    parsed = parse_address("山西省阳泉市平定县冠山镇城关社区紫云街18号3号楼2单元")
    assert parsed.normalised == "山西省阳泉市平定县冠山镇城关社区紫云街18号3号楼2单元"
    assert parsed.unparsed == ()


def test_road_guess_is_the_text_where_the_road_should_be() -> None:
    parsed = parse_address("紫云18号")
    assert (parsed.road, parsed.road_guess, parsed.number, parsed.unparsed) == (None, "紫云", "18", ("紫云",))
    assert parse_address("紫云街18号").road_guess is None


def test_parsed_address_is_frozen_and_serialisable() -> None:
    parsed = parse_address(FULL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.road = "x"  # type: ignore[misc]
    body = parsed.as_dict()
    assert body["road"] == "紫云街" and body["building_no"] == "3" and body["unparsed"] == []
    assert parsed.part("building") == "3"


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\t\n "])
def test_empty_text_is_the_only_error(text: str) -> None:
    with pytest.raises(EmptyAddress) as raised:
        parse_address(text)
    assert raised.value.code == "empty_address"
