"""Cut a Chinese address of Pingding county into the parts of the standard address library.

    山西省阳泉市平定县冠山镇城关社区紫云街18号3号楼2单元301室
    province city   county town  community road number building unit room

The text is first normalised character by character (:mod:`spatial.addresses.text`), then read left to right:

* the prefix 山西省 / 阳泉市 / 平定县, each optional and also in its short form (山西, 阳泉, 平定);
* the town: one of the ten towns and townships of the county, else a name ending in 镇 or 乡 (the prefix and a
  known town are looked for anywhere before the first number: text in front of them is unparsed, 地址：冠山镇…);
* the community: a name ending in 社区 or 村 (居委会, 居民委员会 read as 社区; 村委会, 村民委员会 as 村);
* the road: a name ending in 路, 街, 大街, 大道, 巷, 道, 线 or 胡同, optionally followed by a section (东段, 西段, …);
* the numbers: 号 (or 号院) is the door number, 号楼/栋/幢/座/楼 the building, 单元/门 the unit, 室/户/房 the room;
  an unmarked number, or one in a dash chain such as 18号3-2-301, fills the next part after the last one read
  (18号3-2-301 is building 3, unit 2, room 301; 3号楼2单元301 is room 301). A floor (3层) is read and dropped.

Whatever cannot be read is kept, in order, in ``unparsed``; parsing never fails on text, only on empty input.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from spatial.errors import SpatialError

from .text import normalise_text

LEVELS = ("province", "city", "county", "town", "community", "road", "number", "building", "unit", "room")
"""The parts of an address, coarsest first; ``ParsedAddress.level`` is one of these."""
PREFIX = ("山西省", "阳泉市", "平定县")
KNOWN_TOWNS = ("冠山镇", "冶西镇", "锁簧镇", "张庄镇", "东回镇", "柏井镇", "娘子关镇", "巨城镇", "石门口乡", "岔口乡")
"""The eight towns and two townships of Pingding (GB/T 10114), recognised anywhere before the first number."""

_ROAD_SUFFIX = r"(?:大道|大街|胡同|路|街|巷|道|线)"
_NOT_BEFORE_ROAD = rf"(?!{_ROAD_SUFFIX})"
_PREFIX = re.compile(r"(?P<province>山西省?)?(?P<city>阳泉市?)?(?P<county>平定县?)?")
_PREFIX_START = re.compile(r"山西|阳泉|平定")
_TOWN = re.compile(rf"(?P<name>[^\d\-]{{1,6}}?[镇乡]){_NOT_BEFORE_ROAD}")
_COMMUNITY = re.compile(
    rf"(?P<name>[^\d\-]{{1,12}}?)(?P<kind>社区居民委员会|社区居委会|居民委员会|居委会|社区|村民委员会|村委会|村){_NOT_BEFORE_ROAD}"
)
_ROAD = re.compile(rf"(?P<name>[^\d\-]{{1,15}}?{_ROAD_SUFFIX}(?:[东西南北中]段)?)(?![路街巷道线])")
_NUMBER = re.compile(r"(?P<value>\d+[A-Z]?|[A-Z]{1,2}\d*)(?P<marker>号院|号楼|号房|号|栋|幢|座|楼|单元|门|室|户|房|层)?")

_COMMUNITY_KINDS = {"村民委员会": "村", "村委会": "村", "村": "村"}
_SLOTS = ("number", "building", "unit", "room")
_MARKER_SLOT = {
    "号院": "number", "号楼": "building", "栋": "building", "幢": "building", "座": "building", "楼": "building",
    "单元": "unit", "门": "unit", "室": "room", "户": "room", "房": "room", "号房": "room", "层": "floor",
}
_SLOT_MARKER = {"number": "号", "building": "号楼", "unit": "单元", "room": "室"}
_MAX_LENGTH = {"number": 12, "building": 12, "unit": 8, "room": 8, "floor": 3}


class EmptyAddress(SpatialError):
    """The address text is empty or only spaces."""

    default_code = "empty_address"


@dataclass(frozen=True)
class ParsedAddress:
    """The parts found in an address text (``None`` where absent), canonical: simplified characters, Arabic
    numbers without leading zeros, full prefix names (山西 → 山西省), 社区/村 for the committee forms.

    ``normalised`` is the text rebuilt from the parts with the standard markers (号, 号楼, 单元, 室), unread
    fragments left in place; ``level`` the finest part present (one of ``LEVELS``; ``None`` if nothing was read);
    ``road_guess`` the text standing where the road should be when no road suffix was found (紫云18号 → 紫云);
    ``unparsed`` the fragments that could not be read.
    """

    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    community: str | None = None
    road: str | None = None
    number: str | None = None
    building_no: str | None = None
    unit: str | None = None
    room: str | None = None
    normalised: str = ""
    level: str | None = None
    road_guess: str | None = None
    unparsed: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        body = asdict(self)
        body["unparsed"] = list(self.unparsed)
        return body

    def part(self, level: str) -> str | None:
        """The part of ``level`` (``"building"`` is ``building_no``)."""
        return getattr(self, "building_no" if level == "building" else level)


def parse_address(text: str) -> ParsedAddress:
    """The parts of ``text`` (see the module docstring). Raises :class:`EmptyAddress` for empty or blank text."""
    if text is None or not str(text).strip():
        raise EmptyAddress("The address is empty; send the address text, e.g. 冠山镇城关社区紫云街18号.")
    reader = _Reader(normalise_text(str(text)))
    reader.read()
    return reader.result()


class _Reader:
    """One left-to-right pass over normalised text, collecting ``(level or None, canonical text)`` segments."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.parts: dict[str, str] = {}
        self.segments: list[tuple[str | None, str]] = []
        self.road_guess: str | None = None

    def read(self) -> None:
        self._read_prefix_and_town()
        self._read_named("community", _COMMUNITY, self._community_name)
        self._read_named("road", _ROAD, lambda m: m.group("name"))
        self._read_numbers(self.text[self.pos:])

    def _add(self, level: str | None, value: str, rendered: str | None = None) -> None:
        if level is not None:
            self.parts[level] = value
        elif self.segments and self.segments[-1][0] is None:  # adjacent unread fragments are one fragment
            value = self.segments.pop()[1] + value
        self.segments.append((level, value if rendered is None else rendered))

    def _read_prefix_and_town(self) -> None:
        """The prefix and the town, looked for before the first digit; text in front of them is unparsed."""
        digit = re.search(r"\d", self.text)
        limit = digit.start() if digit else len(self.text)
        towns = [(self.text.find(town), town) for town in KNOWN_TOWNS if -1 < self.text.find(town) < limit]
        town_start, town = min(towns) if towns else (limit, None)
        prefix = _PREFIX_START.search(self.text, 0, town_start)
        if prefix:
            self._unread_junk(self.text[:prefix.start()])
            match = _PREFIX.match(self.text, prefix.start())
            for level, full in zip(("province", "city", "county"), PREFIX):
                if match.group(level):
                    self._add(level, full)
            self.pos = match.end()
        if town is not None:
            self._unread_junk(self.text[self.pos:town_start])
            self._add("town", town)
            self.pos = town_start + len(town)
            return
        match = _TOWN.match(self.text, self.pos)
        if match:
            self._add("town", match.group("name"))
            self.pos = match.end()

    def _unread_junk(self, fragment: str) -> None:
        if fragment:
            self._add(None, fragment)

    @staticmethod
    def _community_name(match: re.Match) -> str:
        return match.group("name") + _COMMUNITY_KINDS.get(match.group("kind"), "社区")

    def _read_named(self, level: str, pattern: re.Pattern, name) -> None:
        match = pattern.match(self.text, self.pos)
        if match:
            self._add(level, name(match))
            self.pos = match.end()

    def _read_numbers(self, rest: str) -> None:
        last = -1
        cursor = 0
        for match in _NUMBER.finditer(rest):
            self._unread(rest[cursor:match.start()])
            cursor = match.end()
            value, marker = _canonical_number(match.group("value")), match.group("marker")
            slot = self._slot_for(marker, last, value)
            if slot is None or len(value) > _MAX_LENGTH[slot] or (slot != "floor" and slot in self.parts):
                self._add(None, match.group())
                continue
            if slot == "floor":
                continue
            self._add(slot, value, value + _SLOT_MARKER[slot])
            last = _SLOTS.index(slot)
        self._unread(rest[cursor:])

    @staticmethod
    def _slot_for(marker: str | None, last: int, value: str) -> str | None:
        if marker in _MARKER_SLOT:
            return _MARKER_SLOT[marker]
        if value[0].isalpha() and last < 0:
            return None  # letters alone do not start the numbers (ASDF is junk, not door number ASDF)
        following = [slot for slot in _SLOTS[last + 1:] if slot != "number" or value[0].isdigit()]
        return following[0] if following else None

    def _unread(self, fragment: str) -> None:
        fragment = fragment.strip("-")
        if not fragment:
            return
        self._add(None, fragment)
        if "road" not in self.parts and self.road_guess is None and not fragment.isdigit():
            self.road_guess = fragment

    def result(self) -> ParsedAddress:
        present = [level for level in LEVELS if level in self.parts]
        fields = {("building_no" if level == "building" else level): value for level, value in self.parts.items()}
        return ParsedAddress(
            **fields,
            normalised="".join(rendered for _, rendered in self.segments),
            level=present[-1] if present else None,
            road_guess=self.road_guess,
            unparsed=tuple(rendered for level, rendered in self.segments if level is None),
        )


def _canonical_number(value: str) -> str:
    """Leading zeros dropped from a number (018 → 18, 0 stays 0); letters kept (3A, A)."""
    digits = re.match(r"\d+", value)
    if not digits:
        return value
    return str(int(digits.group())) + value[digits.end():]
