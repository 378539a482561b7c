"""City component codes (城市部件编码) of CJ/T 214.

16 digits: 6-digit GB/T 2260 county code, 2-digit major class, 2-digit
minor class, 6-digit serial, e.g. ``1403210101000001`` (Pingding, public
utilities, minor class 01, serial 1). Major classes 01-06 are defined by
the standard (:data:`COMPONENT_MAJORS`); 07-99 are local extensions and are
accepted. Major ``00``, minor ``00`` and serial ``000000`` are invalid.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from spatial.codes.admin import AdminCode, parse_admin_code
from spatial.errors import CodeError

COMPONENT_CODE_REGEX = r"\A[1-8][0-9]{15}\Z"
_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")


class ComponentMajor(NamedTuple):
    """Chinese and English name of a CJ/T 214 major class."""

    zh: str
    en: str


COMPONENT_MAJORS: dict[str, ComponentMajor] = {
    "01": ComponentMajor("公用设施", "Public utilities"),
    "02": ComponentMajor("道路交通", "Roads and traffic"),
    "03": ComponentMajor("市容环境", "City appearance and environment"),
    "04": ComponentMajor("园林绿化", "Parks and greening"),
    "05": ComponentMajor("房屋土地", "Buildings and land"),
    "06": ComponentMajor("其他设施", "Other facilities"),
}
"""Major classes defined by CJ/T 214; codes 07-99 are local extensions."""

EXTENSION_MAJOR = ComponentMajor("扩展部件", "Local extension")


@dataclass(frozen=True)
class ComponentCode:
    """A parsed component code; every part is a digit string as written in the code."""

    code: str
    county: str
    major: str
    minor: str
    serial: str

    @property
    def major_name(self) -> ComponentMajor:
        """Names of the major class (:data:`EXTENSION_MAJOR` for 07-99)."""
        return COMPONENT_MAJORS.get(self.major, EXTENSION_MAJOR)

    @property
    def is_extension(self) -> bool:
        """True for a local extension major class (07-99)."""
        return self.major not in COMPONENT_MAJORS


def _error(message: str, parameter: str | None) -> CodeError:
    return CodeError(message, code="invalid_component_code", parameter=parameter)


@functools.lru_cache(maxsize=256)
def _county(prefix: str) -> AdminCode:
    """The county of a code's first six digits, parsed once (an import checks tens of thousands of codes of one
    county); a prefix that is no county raises each time."""
    return parse_admin_code(prefix, parameter=None)


def parse_component_code(code: str | int, *, parameter: str | None = "component_code") -> ComponentCode:
    """Parse a 16-digit CJ/T 214 component code.

    Raises :class:`~spatial.errors.CodeError` (code ``invalid_component_code``)
    for a wrong length, non-digits, an invalid county code, major or minor
    class ``00`` or serial ``000000``.
    """
    text = str(code).strip() if isinstance(code, (str, int)) and not isinstance(code, bool) else ""
    if not _SIXTEEN_DIGITS.fullmatch(text):
        raise _error(
            f"Component code {code!r} must be 16 ASCII digits: 6 county + 2 major + 2 minor + 6 serial, "
            "e.g. '1403210101000001'.",
            parameter,
        )
    try:
        admin = _county(text[:6])
    except CodeError as exc:
        raise _error(f"Component code {text!r} does not start with a county code: {exc}", parameter) from exc
    major, minor, serial = text[6:8], text[8:10], text[10:]
    if major == "00":
        majors = ", ".join(f"{k} {v.zh}" for k, v in COMPONENT_MAJORS.items())
        raise _error(
            f"Component code {text!r} has major class 00; use {majors}, or 07-99 for local extensions.",
            parameter,
        )
    if minor == "00":
        raise _error(f"Component code {text!r} has minor class 00; minor classes run 01-99.", parameter)
    if serial == "000000":
        raise _error(f"Component code {text!r} has serial 000000; serials run 000001-999999.", parameter)
    return ComponentCode(code=text, county=admin.county, major=major, minor=minor, serial=serial)
