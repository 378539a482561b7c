"""National coding standards, as pure functions that raise :class:`~spatial.errors.CodeError`.

* :mod:`spatial.codes.admin`: GB/T 2260 county codes, GB/T 10114 town codes,
  12-digit statistical codes of communities/villages, and base grid codes.
* :mod:`spatial.codes.component`: CJ/T 214 city component codes.
* :mod:`spatial.codes.identity`: GB 32100 unified social credit codes and
  GB 11643 resident ID numbers, with their real check characters.
* :mod:`spatial.codes.patterns`: format-only patterns of the other stored codes
  (addresses, buildings, component categories, event classes, photo digests).

Every ``*_REGEX`` is a format-only pattern written with ``[0-9]`` (not
``\\d``, which in Python also matches non-ASCII digits) and anchored with
``\\A`` and ``\\Z`` (``$`` in Python also matches before a trailing newline).
Each means the same to Python's :mod:`re` (``search`` or ``fullmatch``,
so Django's ``RegexValidator`` too) and to PostgreSQL's ``~`` operator, so
CHECK constraints (``layers.models.base.sql_check``) enforce the shape
the parsers accept. Ranges, check characters and dates are checked by the
functions only.
"""

from spatial.codes.admin import (
    ADMIN_CODE_REGEX,
    COMMUNITY_CODE_REGEX,
    COUNTY_CODE_REGEX,
    GRID_CODE_LENGTH,
    GRID_CODE_REGEX,
    STATISTICAL_CODE_REGEX,
    TOWN_CODE_REGEX,
    AdminCode,
    GridCode,
    grid_code_regex,
    parse_admin_code,
    parse_grid_code,
)
from spatial.codes.component import (
    COMPONENT_CODE_REGEX,
    COMPONENT_MAJORS,
    ComponentCode,
    ComponentMajor,
    parse_component_code,
)
from spatial.codes.identity import (
    CREDIT_CODE_REGEX,
    ID_NUMBER_REGEX,
    credit_code_check_char,
    id_number_check_char,
    make_id_number,
    validate_credit_code,
    validate_id_number,
)
from spatial.codes.patterns import (
    ADDRESS_CODE_REGEX,
    BUILDING_CODE_REGEX,
    COMPONENT_CATEGORY_REGEX,
    EVENT_CLASS_REGEX,
    SHA256_HEX_REGEX,
    digits_regex,
)

__all__ = [
    "ADDRESS_CODE_REGEX",
    "BUILDING_CODE_REGEX",
    "COMPONENT_CATEGORY_REGEX",
    "EVENT_CLASS_REGEX",
    "SHA256_HEX_REGEX",
    "digits_regex",
    "ADMIN_CODE_REGEX",
    "COMMUNITY_CODE_REGEX",
    "COMPONENT_CODE_REGEX",
    "COMPONENT_MAJORS",
    "COUNTY_CODE_REGEX",
    "CREDIT_CODE_REGEX",
    "GRID_CODE_LENGTH",
    "GRID_CODE_REGEX",
    "ID_NUMBER_REGEX",
    "STATISTICAL_CODE_REGEX",
    "TOWN_CODE_REGEX",
    "AdminCode",
    "ComponentCode",
    "ComponentMajor",
    "GridCode",
    "credit_code_check_char",
    "grid_code_regex",
    "id_number_check_char",
    "make_id_number",
    "parse_admin_code",
    "parse_component_code",
    "parse_grid_code",
    "validate_credit_code",
    "validate_id_number",
]
