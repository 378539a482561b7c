"""The typed input of a report, shared by ``POST /api/reports`` and Open311 ``POST requests.json``, and the checks
every field gets whichever door it came in by. Each check raises :class:`~layers.errors.InvalidParameter` naming
the field as the client sent it (``location.lon``, ``reporter.phone``, ``email``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from layers.errors import InvalidParameter
from cases.models import ReporterRole, ReportSource
from spatial.codes import COMPONENT_CODE_REGEX
from spatial.crs import CrsInfo
from web.params import finite_number, no_nul

DESCRIPTION_MAX = 4000
"""Characters of a description (the Open311 limit)."""
EVENT_CLASS_RE = re.compile(r"\d{4}")
COMPONENT_CODE_RE = re.compile(COMPONENT_CODE_REGEX)
PHONE_RE = re.compile(r"\+?[0-9][0-9 \-]{2,19}")
_URL = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Location:
    """Where the report is: ``x``/``y`` in internal order of ``crs`` (x = longitude or easting, y = latitude or
    northing; degrees or metres), and the device's horizontal accuracy in metres (``None`` when not sent)."""

    x: float
    y: float
    crs: CrsInfo
    accuracy_m: float | None = None


@dataclass(frozen=True)
class Reporter:
    """Who reports. Personal data: stored in the restricted fields, never returned by a read API."""

    name: str = ""
    phone: str = ""
    role: str = ReporterRole.RESIDENT
    email: str = ""


@dataclass(frozen=True)
class Extras:
    """What Open311 clients may add: the address as written, a media URL, device and account ids."""

    address_string: str = ""
    media_url: str = ""
    device_id: str = ""
    account_id: str = ""
    service_code: str = ""


@dataclass(frozen=True)
class ReportInput:
    """A whole report, checked field by field (the existence of the class or component is checked later)."""

    location: Location
    event_class: str | None
    component_code: str | None
    description: str
    reporter: Reporter
    source: str
    extras: Extras = field(default_factory=Extras)
    component_category: str | None = None
    """A component class (4 digits) whose nearest component within the snap radius is meant (Open311 C-services),
    used when ``component_code`` is not given."""


def number(value: object, *, parameter: str) -> float:
    """A finite number from a JSON number or a numeric string; 400 naming ``parameter`` otherwise."""
    return finite_number(value, parameter=parameter)


def text(value: object, *, parameter: str, max_length: int, required: bool = False) -> str:
    """A string stripped of surrounding space, at most ``max_length`` characters; ``""`` for a missing value."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidParameter(f"{parameter} must be a string, got {type(value).__name__}.", parameter=parameter)
    value = no_nul(value, parameter=parameter).strip()
    if required and not value:
        raise InvalidParameter(f"{parameter} is required.", parameter=parameter)
    if len(value) > max_length:
        raise InvalidParameter(
            f"{parameter} has {len(value)} characters; at most {max_length} are accepted.", parameter=parameter
        )
    return value


def accuracy(value: object, *, parameter: str) -> float | None:
    if value is None or value == "":
        return None
    result = number(value, parameter=parameter)
    if result < 0:
        raise InvalidParameter(f"{parameter} is a distance in metres and cannot be negative.", parameter=parameter)
    return result


def event_class_code(value: object, *, parameter: str) -> str | None:
    code = text(value, parameter=parameter, max_length=8)
    if not code:
        return None
    if not EVENT_CLASS_RE.fullmatch(code):
        raise InvalidParameter(
            f"{parameter} must be a 4-digit CJ/T 214 event class code (2 major + 2 minor digits, e.g. 0101), "
            f"got {code!r}.",
            parameter=parameter,
        )
    return code


def component_code(value: object, *, parameter: str) -> str | None:
    code = text(value, parameter=parameter, max_length=32)
    if not code:
        return None
    if not COMPONENT_CODE_RE.fullmatch(code):
        raise InvalidParameter(
            f"{parameter} must be a 16-digit CJ/T 214 component code (6 admin + 2 major + 2 minor + 6 serial), "
            f"got {code!r}.",
            parameter=parameter,
        )
    return code


def phone(value: object, *, parameter: str) -> str:
    result = text(value, parameter=parameter, max_length=20)
    if result and not PHONE_RE.fullmatch(result):
        raise InvalidParameter(
            f"{parameter} must be a phone number of digits (spaces, dashes and a leading + allowed), got {result!r}.",
            parameter=parameter,
        )
    return result


def email(value: object, *, parameter: str) -> str:
    result = text(value, parameter=parameter, max_length=254)
    if result:
        try:
            validate_email(result)
        except ValidationError:
            raise InvalidParameter(f"{parameter} is not an e-mail address: {result!r}.", parameter=parameter) from None
    return result


def url(value: object, *, parameter: str) -> str:
    result = text(value, parameter=parameter, max_length=500)
    if result:
        try:
            _URL(result)
        except ValidationError:
            message = f"{parameter} must be an http(s) URL, got {result!r}."
            raise InvalidParameter(message, parameter=parameter) from None
    return result


def choice(value: object, *, parameter: str, choices: type, default: str) -> str:
    result = text(value, parameter=parameter, max_length=40) or default
    allowed = [str(c) for c in choices.values]
    if result not in allowed:
        raise InvalidParameter(f"{parameter} must be one of {', '.join(allowed)}; got {result!r}.", parameter=parameter)
    return result


def role(value: object, *, parameter: str) -> str:
    return choice(value, parameter=parameter, choices=ReporterRole, default=ReporterRole.RESIDENT)


def source(value: object, *, parameter: str, default: str = ReportSource.PUBLIC_APP) -> str:
    return choice(value, parameter=parameter, choices=ReportSource, default=default)
