"""Unified social credit codes (GB 32100-2015), resident ID numbers (GB 11643-1999) and incident codes.

Credit codes and ID numbers are 18 characters whose last one is a check character computed from
the first 17; the functions here implement the published algorithms, so
seeds can make synthetic but well-formed values and imports can reject
mistyped ones. Neither function looks anything up: a valid check character
does not mean the organisation or person exists.

An incident code (案件编号) is the county code (6 digits), the report's day ``YYYYMMDD`` (Asia/Shanghai) and the
serial of the day: 5 digits, zero-padded, and more past 99,999 (up to 10, so codes fit 24 characters and no day
runs out). Codes of up to 99,999 a day are those of before; their order within a day is their serial's.
"""

from __future__ import annotations

import datetime as dt
import re

from spatial.errors import CodeError

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100 (no I, O, S, V, Z), in value order 0-30."""

_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
"""Position weights 3**(i) mod 31: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28."""

_CC = "0-9A-HJ-NPQRTUWXY"
CREDIT_CODE_REGEX = rf"\A[{_CC}]{{2}}[0-9]{{6}}[{_CC}]{{10}}\Z"
"""Format of a credit code: registration authority, category, 6-digit admin code, 9-char body, check."""

INCIDENT_SERIAL_DIGITS = 5
"""Digits of an incident code's serial up to 99,999 (zero-padded); larger serials take as many as they need."""
INCIDENT_CODE_REGEX = r"\A[0-9]{6}[0-9]{8}[0-9]{5,10}\Z"
"""Format of an incident code: county (6), day YYYYMMDD (8), serial of the day (5 to 10 digits)."""

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
ID_NUMBER_REGEX = r"\A[1-8][0-9]{16}[0-9X]\Z"
"""Format of an 18-character resident ID number: 17 digits and a digit or X."""


def _normalise(value: object) -> str:
    return str(value).strip().upper() if isinstance(value, str) else ""


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code.

    Check = 31 - (sum of value * weight mod 31), with 31 written as ``0``;
    values and the result use :data:`CREDIT_CODE_CHARSET`. Raises
    :class:`~spatial.errors.CodeError` if ``first17`` is not 17 characters of
    that set.
    """
    body = _normalise(first17)
    if len(body) != 17 or any(ch not in CREDIT_CODE_CHARSET for ch in body):
        raise CodeError(
            f"Credit code body {first17!r} must be 17 characters from {CREDIT_CODE_CHARSET} "
            "(no I, O, S, V or Z).",
            code="invalid_credit_code",
            parameter=None,
        )
    total = sum(CREDIT_CODE_CHARSET.index(ch) * w for ch, w in zip(body, _CREDIT_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(code: str, *, parameter: str | None = "credit_code") -> str:
    """Return the unified social credit code in upper case if it is well formed and its check matches.

    Raises :class:`~spatial.errors.CodeError` (code ``invalid_credit_code``).
    The embedded GB 11714 organisation code (characters 9-17) is not
    checked separately: the 18th character already covers all 17.
    """
    text = _normalise(code)
    if not re.fullmatch(CREDIT_CODE_REGEX, text):
        raise CodeError(
            f"Credit code {code!r} must be 18 characters: 2 letters or digits, the 6-digit admin code, "
            f"then 10 characters from {CREDIT_CODE_CHARSET}, e.g. '91140321MA0L2B3C47'.",
            code="invalid_credit_code",
            parameter=parameter,
        )
    expected = credit_code_check_char(text[:17])
    if text[17] != expected:
        raise CodeError(
            f"Credit code {text!r} fails its check: the last character should be {expected!r}; "
            "check the code for a typing error.",
            code="invalid_credit_code",
            parameter=parameter,
        )
    return text


def id_number_check_char(first17: str) -> str:
    """Return the GB 11643 check character (``0``-``9`` or ``X``) for the first 17 digits.

    ISO 7064 MOD 11-2: sum of digit * weight (7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
    7, 9, 10, 5, 8, 4, 2) mod 11 indexes ``"10X98765432"``. Raises
    :class:`~spatial.errors.CodeError` if ``first17`` is not 17 ASCII digits.
    """
    body = _normalise(first17)
    if not re.fullmatch(r"[0-9]{17}", body):
        raise CodeError(
            f"ID number body {first17!r} must be 17 ASCII digits.", code="invalid_id_number", parameter=None
        )
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]


def validate_id_number(
    value: str, *, parameter: str | None = "id_number", today: dt.date | None = None
) -> str:
    """Return an 18-character resident ID number (check ``X`` upper-cased) if it is valid.

    Checks the format, the birth date (characters 7-14, ``YYYYMMDD``, a real
    date from 1800-01-01 up to ``today``) and the check character. Raises
    :class:`~spatial.errors.CodeError` (code ``invalid_id_number``).
    """
    text = _normalise(value)
    if not re.fullmatch(ID_NUMBER_REGEX, text):
        raise CodeError(
            "ID number must be 18 characters: 17 digits then a digit or X "
            "(old 15-digit numbers are not accepted).",
            code="invalid_id_number",
            parameter=parameter,
        )
    try:
        birth = dt.datetime.strptime(text[6:14], "%Y%m%d").date()
    except ValueError:
        birth = None
    if birth is None or not dt.date(1800, 1, 1) <= birth <= (today or dt.date.today()):
        raise CodeError(
            "ID number has a birth date (characters 7-14, YYYYMMDD) that is not a real date "
            "between 18000101 and today.",
            code="invalid_id_number",
            parameter=parameter,
        )
    if text[17] != id_number_check_char(text[:17]):
        raise CodeError(
            "ID number fails its check character; check the number for a typing error.",
            code="invalid_id_number",
            parameter=parameter,
        )
    return text


def make_id_number(*, region: str, birth: dt.date, sequence: int) -> str:
    """Build a well-formed synthetic ID number from ``region`` (6 digits), ``birth`` and ``sequence``.

    ``sequence`` is 1-999; its last digit is odd for men and even for women,
    as in real numbers. Used by the seeds. Raises ``ValueError`` for a
    sequence out of range and :class:`~spatial.errors.CodeError` when
    ``region`` is not 6 digits.
    """
    if not 1 <= sequence <= 999:
        raise ValueError(f"ID sequence {sequence} must be between 1 and 999.")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_number_check_char(first17)


def make_incident_code(*, county: str, day: dt.date, serial: int) -> str:
    """The incident code of the ``serial``-th report (from 1) of ``day`` in ``county`` (6 digits).

    Raises :class:`~spatial.errors.CodeError` when the serial is below 1 or has more than 10 digits."""
    code = f"{county}{day:%Y%m%d}{serial:0{INCIDENT_SERIAL_DIGITS}d}"
    if serial < 1 or not re.fullmatch(INCIDENT_CODE_REGEX, code):
        raise CodeError(
            f"No incident code for serial {serial} of {day:%Y-%m-%d} in county {county!r}: the county is 6 digits "
            "and the serial 1 to 9,999,999,999.",
            code="invalid_incident_code",
            parameter=None,
        )
    return code


def incident_serial(code: str) -> int:
    """The serial of the day of a well-formed incident code (its characters after the 14th)."""
    if not re.fullmatch(INCIDENT_CODE_REGEX, code):
        raise CodeError(
            f"Incident code {code!r} must be 19 to 24 digits: county (6), day YYYYMMDD (8), serial (5 or more).",
            code="invalid_incident_code",
            parameter="code",
        )
    return int(code[14:])
