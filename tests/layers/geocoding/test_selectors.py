"""geocode() on the seeded county: real addresses rewritten in the forms people type come back first."""
from __future__ import annotations

import pytest
import zhconv
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from layers.geocoding.selectors import geocode
from layers.models import Address
from spatial.addresses import EmptyAddress

PREFIX = "山西省阳泉市平定县"
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_DIGITS = "零一二三四五六七八九"


def chinese(n: int, *, liang: bool = False) -> str:
    """1-999 in Chinese numerals as people write them (十八, 二十三, 一百零五; 两 for 2 if ``liang``)."""
    if n == 2 and liang:
        return "两"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


def tail(address: Address, *, numbers=str, unit_numbers=None) -> str:
    """Road onward: 紫云街18号3号楼2单元, each number written by ``numbers`` (``unit_numbers`` for the unit)."""
    text = f"{address.road}{numbers(int(address.number))}号"
    if address.building_no:
        text += f"{numbers(int(address.building_no))}号楼"
    if address.unit:
        text += f"{(unit_numbers or numbers)(int(address.unit))}单元"
    return text


def head(address: Address) -> str:
    return f"{address.town}{address.community}"


def road_typo(address: Address) -> str:
    """The road with one character of its name replaced so that it is closer (by shared characters) to the right
    road than to any other road of the county; the replaced road is no road of the county."""
    roads = set(Address.objects.values_list("road", flat=True).distinct())

    def jaccard(a: str, b: str) -> float:
        return len(set(a) & set(b)) / len(set(a) | set(b))

    for i in range(len(address.road)):
        typo = address.road[:i] + "喵" + address.road[i + 1:]
        if typo in roads:
            continue
        best = max(jaccard(typo, other) for other in roads - {address.road})
        if jaccard(typo, address.road) > best:
            return typo
    raise LookupError(f"no one-character typo of {address.road} is unambiguous")


FORMS = {
    "full": lambda a: a.full_text,
    "no-prefix": lambda a: a.full_text.removeprefix(PREFIX),
    "road-on": lambda a: tail(a),
    "traditional": lambda a: zhconv.convert(a.full_text, "zh-hant"),
    "full-width": lambda a: a.full_text.translate(FULL_WIDTH_DIGITS),
    "traditional-full-width-no-prefix": lambda a: zhconv.convert(a.full_text.removeprefix(PREFIX), "zh-hant").translate(
        FULL_WIDTH_DIGITS),
    "chinese-numerals": lambda a: head(a) + tail(a, numbers=chinese, unit_numbers=lambda n: chinese(n, liang=True)),
    "spaced": lambda a: " ".join([PREFIX, a.town, a.community, a.road, f"{a.number}号"])
    + (f" {a.building_no}号楼" if a.building_no else "") + (f" {a.unit}单元" if a.unit else ""),
    "road-typo": lambda a: head(a) + tail(a).replace(a.road, road_typo(a), 1),
}
MATCHED = {"unit_in_building": "unit", "unit": "unit", "building": "building", "urban_door": "number",
           "village_door": "number"}


def assert_ranked(candidates) -> None:
    scores = [candidate.score for candidate in candidates]
    assert all(0 < score <= 1 for score in scores)
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("kind", list(MATCHED))
def test_every_form_finds_the_address_first(seeded_addresses, kind: str, form: str) -> None:
    address = seeded_addresses[kind]
    q = FORMS[form](address)
    candidates = geocode(q=q)
    assert candidates, q
    top = candidates[0]
    assert (top.code, top.level, top.matched_level) == (address.code, address.level, MATCHED[kind]), q
    assert top.full_text == address.full_text
    assert top.score == 1.0 if form != "road-typo" else 0.5 < top.score < 1.0
    assert_ranked(candidates)
    assert (top.lon, top.lat) == pytest.approx((address.geom.x, address.geom.y), abs=1e-7)


def test_the_typo_form_is_not_a_road_of_the_county(seeded_addresses) -> None:
    for address in seeded_addresses.values():
        assert not Address.objects.filter(road=road_typo(address)).exists()


@pytest.mark.parametrize(
    "q",
    [
        lambda a: tail(a).replace(f"{a.number}号", f"{a.number}号-").replace("号楼", "-").replace("单元", ""),
        lambda a: f"{a.road}{a.number}号{a.building_no}-{a.unit}",
        lambda a: f"{a.road}{chinese(int(a.number))}号{chinese(int(a.building_no))}-{chinese(int(a.unit))}",
        lambda a: f"{a.road}{a.number}号{a.building_no}栋{a.unit}单元",
        lambda a: f"{a.road}{a.number}号{a.building_no}幢{a.unit}门",
        lambda a: f"{a.road}{a.number}#{a.building_no}#楼{a.unit}单元",
    ],
    ids=["dash-chain", "building-dash-unit", "chinese-dash", "dong", "zhuang-men", "hash"],
)
def test_building_unit_variants(seeded_addresses, q) -> None:
    address = seeded_addresses["unit_in_building"]
    top = geocode(q=q(address))[0]
    assert (top.code, top.matched_level, top.score) == (address.code, "unit", 1.0)


@pytest.mark.parametrize(
    "q",
    [
        lambda a: a.full_text,
        lambda a: f"{a.road}{a.number}号{a.building_no}-{a.unit}-{a.room}",
        lambda a: f"{a.road}{a.number}号{a.building_no}号楼{a.unit}单元{a.room}",
        lambda a: f"{a.road}{a.number}号{a.building_no}号楼{a.unit}单元{a.room}户",
        lambda a: f"{a.road}{chinese(int(a.number))}号{chinese(int(a.building_no))}号楼{chinese(int(a.unit))}单元三〇一室",
        lambda a: f"{a.road}{a.number}号{a.building_no}号楼{a.unit}单元三零一",
    ],
    ids=["full", "dash", "unmarked-room", "hu", "chinese-ling", "chinese-trailing"],
)
def test_room_forms(room_address, q) -> None:
    top = geocode(q=q(room_address))[0]
    assert (top.code, top.level, top.matched_level, top.score) == (room_address.code, "room", "room", 1.0)


def test_a_dropped_unit_finds_the_building(seeded_addresses) -> None:
    unit = seeded_addresses["unit_in_building"]
    candidates = geocode(q=f"{unit.road}{unit.number}号{unit.building_no}号楼")
    top = candidates[0]
    assert (top.level, top.matched_level, top.score) == ("building", "building", 1.0)
    assert (top.road, top.number, top.building_no, top.unit) == (unit.road, unit.number, unit.building_no, None)
    assert unit.code in [candidate.code for candidate in candidates[1:]]
    assert_ranked(candidates)


def test_a_dropped_unit_without_building_finds_the_door(seeded_addresses) -> None:
    unit = seeded_addresses["unit"]
    top = geocode(q=f"{unit.road}{unit.number}号")[0]
    assert (top.level, top.matched_level, top.score, top.road, top.number) == ("door", "number", 1.0, unit.road, unit.number)


def test_a_dropped_number_still_finds_the_road_building_and_unit(seeded_addresses) -> None:
    unit = seeded_addresses["unit_in_building"]
    candidates = geocode(q=f"{head(unit)}{unit.road}{unit.building_no}号楼{unit.unit}单元")
    top = candidates[0]
    assert (top.road, top.building_no, top.unit, top.matched_level) == (unit.road, unit.building_no, unit.unit, "unit")
    assert_ranked(candidates)


def test_a_unit_that_does_not_exist_falls_back_to_the_building(seeded_addresses) -> None:
    unit = seeded_addresses["unit_in_building"]
    top = geocode(q=f"{unit.road}{unit.number}号{unit.building_no}号楼99单元")[0]
    assert (top.level, top.matched_level, top.number, top.building_no) == ("building", "building", unit.number, unit.building_no)
    assert top.score < 1.0


@pytest.mark.parametrize("kind", ["urban_door", "village_door"])
def test_an_unknown_number_falls_back_to_the_road(seeded_addresses, kind: str) -> None:
    address = seeded_addresses[kind]
    candidates = geocode(q=f"{head(address)}{address.road}9999号")
    top = candidates[0]
    assert (top.level, top.matched_level, top.code) == ("road", "road", None)
    assert (top.town, top.community, top.road, top.number) == (address.town, address.community, address.road, None)
    assert top.full_text == f"{PREFIX}{address.town}{address.community}{address.road}"
    assert 0 < top.score < 1.0
    assert_ranked(candidates)
    on_road = Address.objects.filter(road=address.road, community=address.community)
    assert on_road.filter(geom=f"SRID=4490;POINT({top.lon} {top.lat})").exists() or on_road.filter(
        geom__dwithin=(f"SRID=4490;POINT({top.lon} {top.lat})", 1e-6)).exists()


def test_a_road_alone_is_the_road_with_score_one(seeded_addresses) -> None:
    address = seeded_addresses["urban_door"]
    candidates = geocode(q=address.road)
    assert {(c.level, c.matched_level, c.score) for c in candidates if c.level == "road"} == {("road", "road", 1.0)}
    assert candidates[0].level == "road"
    assert_ranked(candidates)


def test_an_unknown_road_in_a_known_community_falls_back_to_the_community(seeded_addresses) -> None:
    address = seeded_addresses["village_door"]
    top = geocode(q=f"{head(address)}不存在路9999号")[0]
    assert (top.level, top.matched_level, top.code) == ("community", "community", address.community_area_id)
    assert top.full_text == f"{PREFIX}{address.town}{address.community}"


def test_a_town_alone_is_the_town(seeded_addresses) -> None:
    town = seeded_addresses["urban_door"].town
    top = geocode(q=town)[0]
    assert (top.level, top.matched_level, top.score, top.town) == ("town", "town", 1.0, town)
    assert len(top.code) == 9


def test_the_wrong_community_still_finds_the_address_with_a_lower_score(seeded_addresses) -> None:
    door, other = seeded_addresses["urban_door"], seeded_addresses["village_door"]
    top = geocode(q=f"{other.community}{tail(door)}")[0]
    assert top.code == door.code
    assert 0.8 < top.score < 1.0


def test_road_without_its_suffix_is_matched_by_similarity(seeded_addresses) -> None:
    door = seeded_addresses["urban_door"]
    stem = door.road[:-1]
    top = geocode(q=f"{head(door)}{stem}{door.number}号")[0]
    assert (top.code, top.matched_level) == (door.code, "number")
    assert top.score < 1.0


@pytest.mark.parametrize("q", ["asdf", "!!!", "---", "你好世界", "12345", "ABC-DEF", "北京市朝阳区建国路88号", "😀😀"])
def test_garbage_has_no_candidates(db, q: str) -> None:
    assert geocode(q=q) == []


@pytest.mark.parametrize("q", ["", "   ", "\u3000"])
def test_empty_text_raises(q: str) -> None:
    with pytest.raises(EmptyAddress):
        geocode(q=q)


def test_limit_cuts_the_ranking(seeded_addresses) -> None:
    road = seeded_addresses["urban_door"].road
    assert len(geocode(q=road, limit=3)) == 3
    assert [c.code for c in geocode(q=road, limit=3)] == [c.code for c in geocode(q=road, limit=10)[:3]]


def test_town_filter_keeps_only_that_town(seeded_addresses) -> None:
    door = seeded_addresses["urban_door"]
    other_town = Address.objects.exclude(town=door.town).values_list("town", flat=True).first()
    assert geocode(q=tail(door), town=door.town)[0].code == door.code
    assert all(c.town == other_town for c in geocode(q=tail(door), town=other_town))


def test_one_statement_per_geocode(seeded_addresses) -> None:
    with CaptureQueriesContext(connection) as captured:
        geocode(q=seeded_addresses["unit_in_building"].full_text)
    assert len(captured.captured_queries) == 1


def test_chinese_numerals_with_tens_and_liang(db) -> None:
    """十, 二十…: the door number of the highest-numbered unique door; 两: the second unit of a building."""
    single = Address.objects.values("road", "number").annotate(n=Count("id")).filter(n=1)
    highest = max(single, key=lambda row: (int(row["number"]), row["road"]))
    door = Address.objects.get(road=highest["road"], number=highest["number"])
    assert int(door.number) >= 10, "the seeded county should have two-digit door numbers"
    top = geocode(q=f"{head(door)}{door.road}{chinese(int(door.number))}号")[0]
    assert (top.code, top.score) == (door.code, 1.0)

    second = Address.objects.filter(level="unit", unit="2").exclude(building_no="").order_by("code").first()
    q = f"{second.road}{chinese(int(second.number))}号{chinese(int(second.building_no))}号楼两单元"
    top = geocode(q=q)[0]
    assert (top.road, top.number, top.building_no, top.unit, top.matched_level) == (
        second.road, second.number, second.building_no, "2", "unit")


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (18, "十八"), (20, "二十"), (23, "二十三"),
                                         (105, "一百零五"), (110, "一百一十"), (999, "九百九十九")])
def test_the_numeral_writer_of_these_tests(n: int, text: str) -> None:
    assert chinese(n) == text


def test_community_and_number_without_a_road(seeded_addresses) -> None:
    """李岩村3号: villagers often leave out the street; every door 3 of the village is a full match."""
    door = seeded_addresses["village_door"]
    candidates = geocode(q=f"{door.community}{door.number}号", limit=50)
    expected = set(Address.objects.filter(community=door.community, number=door.number, building_no="", unit="")
                   .values_list("code", flat=True))
    assert door.code in expected
    assert {c.code for c in candidates if c.score == 1.0} == expected
    assert all(c.matched_level == "number" for c in candidates if c.score == 1.0)
    assert_ranked(candidates)


def test_a_finer_address_of_the_right_road_beats_a_door_of_a_similar_road(seeded_addresses) -> None:
    building = seeded_addresses["building"]
    top = geocode(q=f"城关{building.road}{building.number}号")[0]
    assert (top.road, top.number, top.matched_level) == (building.road, building.number, "number")
