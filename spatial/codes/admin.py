"""Admin area codes (GB/T 2260, GB/T 10114, statistical codes) and base grid codes.

* County code, GB/T 2260: 6 digits ``PPCCDD`` (province, prefecture,
  county), e.g. ``140321`` Pingding; ``CC`` and ``DD`` are never ``00``
  for a county.
* Town code, GB/T 10114: the county code plus 3 digits, e.g. ``140321100``;
  ``001``-``999`` are accepted (``001``-``099`` sub-districts, ``100``-``199``
  towns, ``200``-``399`` townships, ``400``-``599`` other units are typical),
  ``000`` is not.
* Community/village code: the town code plus 3 digits (``001``-``999``),
  12 digits, e.g. ``140321100001``.
* Statistical code: the 12-digit form of any of the three, padded with
  ``000`` (county ``140321000000``, town ``140321100000``).
* Base grid code (标准基础网格): the 12-digit community code plus a sequence,
  ``GRID_CODE_LENGTH`` (15) digits by default, 13 to 18 allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from spatial.errors import CodeError

AdminLevel = Literal["county", "town", "community"]

PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
"""The two-digit province codes of GB/T 2260."""

COUNTY_CODE_REGEX = r"\A[1-8][0-9]{5}\Z"
TOWN_CODE_REGEX = r"\A[1-8][0-9]{8}\Z"
COMMUNITY_CODE_REGEX = r"\A[1-8][0-9]{11}\Z"
STATISTICAL_CODE_REGEX = r"\A[1-8][0-9]{11}\Z"
ADMIN_CODE_REGEX = r"\A[1-8]([0-9]{5}|[0-9]{8}|[0-9]{11})\Z"
"""Any of the county (6), town (9) and community/statistical (12) forms."""

GRID_CODE_LENGTH = 15
GRID_CODE_MIN_LENGTH = 13
GRID_CODE_MAX_LENGTH = 18


def grid_code_regex(length: int = GRID_CODE_LENGTH) -> str:
    """Format-only pattern of a grid code of ``length`` digits (13 to 18)."""
    _check_grid_length(length)
    return rf"\A[1-8][0-9]{{{length - 1}}}\Z"


def _check_grid_length(length: int) -> None:
    if not GRID_CODE_MIN_LENGTH <= length <= GRID_CODE_MAX_LENGTH:
        raise ValueError(
            f"Grid code length {length} is not supported; configure a length between "
            f"{GRID_CODE_MIN_LENGTH} and {GRID_CODE_MAX_LENGTH} (12-digit community code plus a sequence)."
        )


GRID_CODE_REGEX = grid_code_regex()


@dataclass(frozen=True)
class AdminCode:
    """A parsed admin code: ``county`` (6 digits), ``town`` (9), ``community`` (12), as deep as ``level``."""

    level: AdminLevel
    county: str
    town: str | None = None
    community: str | None = None

    @property
    def code(self) -> str:
        """The canonical (shortest) code: 6, 9 or 12 digits by level."""
        return self.community or self.town or self.county

    @property
    def statistical_code(self) -> str:
        """The 12-digit statistical form, padded with ``000``."""
        return self.code.ljust(12, "0")


@dataclass(frozen=True)
class GridCode:
    """A parsed base grid code: the whole ``code``, its community ``admin`` code, the ``sequence`` digits."""

    code: str
    admin: AdminCode
    sequence: str


def _digits(code: object, *, what: str, parameter: str | None) -> str:
    text = str(code).strip() if isinstance(code, (str, int)) and not isinstance(code, bool) else None
    if not text or not re.fullmatch(r"[0-9]+", text):
        raise CodeError(
            f"{what} {code!r} must be a string of ASCII digits, e.g. '140321' for Pingding county.",
            code="invalid_admin_code",
            parameter=parameter,
        )
    return text


def _admin_error(message: str, parameter: str | None) -> CodeError:
    return CodeError(message, code="invalid_admin_code", parameter=parameter)


def _check_county(county: str, *, original: str, parameter: str | None) -> None:
    if county[:2] not in PROVINCE_CODES:
        raise _admin_error(
            f"Admin code {original!r} starts with {county[:2]!r}, which is not a GB/T 2260 province code "
            "(Shanxi is 14).",
            parameter,
        )
    if county[2:4] == "00" or county[4:6] == "00":
        raise _admin_error(
            f"Admin code {original!r} names a province or prefecture ({county}), not a county; "
            "use the 6-digit county code, e.g. 140321.",
            parameter,
        )


def parse_admin_code(code: str | int, *, parameter: str | None = "admin_code") -> AdminCode:
    """Parse a county (6), town (9), community (12) or 12-digit statistical admin code.

    Raises :class:`~spatial.errors.CodeError` (code ``invalid_admin_code``)
    for a wrong length, non-digits, an unknown province, a prefecture or
    province code, town part ``000`` in a 9-digit code, or a community part
    under a ``000`` town.
    """
    text = _digits(code, what="Admin code", parameter=parameter)
    if len(text) not in (6, 9, 12):
        raise _admin_error(
            f"Admin code {text!r} has {len(text)} digits; use 6 (county), 9 (town) or 12 (community "
            "or statistical) digits.",
            parameter,
        )
    county = text[:6]
    _check_county(county, original=text, parameter=parameter)
    if len(text) == 6:
        return AdminCode(level="county", county=county)
    town_part = text[6:9]
    if len(text) == 9:
        if town_part == "000":
            raise _admin_error(
                f"Town code {text!r} ends in 000; a GB/T 10114 town part runs from 001 to 999.", parameter
            )
        return AdminCode(level="town", county=county, town=text)
    community_part = text[9:12]
    if town_part == "000":
        if community_part != "000":
            raise _admin_error(
                f"Admin code {text!r} has a community part under town 000; a community code is "
                "the 9-digit town code plus 001-999.",
                parameter,
            )
        return AdminCode(level="county", county=county)
    if community_part == "000":
        return AdminCode(level="town", county=county, town=text[:9])
    return AdminCode(level="community", county=county, town=text[:9], community=text)


def parse_grid_code(
    code: str | int, *, length: int = GRID_CODE_LENGTH, parameter: str | None = "grid_code"
) -> GridCode:
    """Parse a base grid code of ``length`` digits: a valid 12-digit community code plus a sequence.

    The sequence (``length - 12`` digits) must not be all zeros. Raises
    :class:`~spatial.errors.CodeError` (code ``invalid_grid_code``).
    """
    _check_grid_length(length)
    example = "140321100001" + "1".rjust(length - 12, "0")
    try:
        text = _digits(code, what="Grid code", parameter=parameter)
    except CodeError as exc:
        raise CodeError(
            f"Grid code {code!r} must be {length} ASCII digits, e.g. {example!r}.",
            code="invalid_grid_code",
            parameter=parameter,
        ) from exc
    if len(text) != length:
        raise CodeError(
            f"Grid code {text!r} has {len(text)} digits; grid codes here have {length} "
            f"(12-digit community code plus a {length - 12}-digit sequence), e.g. {example!r}.",
            code="invalid_grid_code",
            parameter=parameter,
        )
    try:
        admin = parse_admin_code(text[:12], parameter=parameter)
    except CodeError as exc:
        raise CodeError(
            f"Grid code {text!r} does not start with a valid community code: {exc}",
            code="invalid_grid_code",
            parameter=parameter,
        ) from exc
    if admin.level != "community":
        raise CodeError(
            f"Grid code {text!r} starts with {text[:12]!r}, a {admin.level} code; a grid code must start "
            "with a 12-digit community/village code (town and community parts not 000).",
            code="invalid_grid_code",
            parameter=parameter,
        )
    sequence = text[12:]
    if set(sequence) == {"0"}:
        raise CodeError(
            f"Grid code {text!r} has sequence {sequence!r}; "
            f"grid sequences start at {'1'.rjust(len(sequence), '0')}.",
            code="invalid_grid_code",
            parameter=parameter,
        )
    return GridCode(code=text, admin=admin, sequence=sequence)
