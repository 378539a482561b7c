"""Typed readers of environment variables; the only place the settings touch ``os.environ``."""
import math
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_has(name: str) -> bool:
    return name in os.environ


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return _items(raw)


def env_typed(name: str, default: Any) -> Any:
    """``name`` from the environment in the type of ``default`` (bool, int, float, str, Path, or a tuple/list of
    those, written comma-separated); ``default`` when the variable is not set."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, bool):
        return env_bool(name, default)
    if isinstance(default, (tuple, list)):
        return type(default)(_sequence(name, raw, default))
    return _scalar(name, raw, default)


def _items(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _sequence(name: str, raw: str, default: tuple | list) -> list:
    items = _items(raw)
    if not default or all(isinstance(item, str) for item in default):
        return items
    if len(items) != len(default):
        raise ImproperlyConfigured(
            f"{name}={raw!r} needs {len(default)} comma-separated values, like the default "
            f"{','.join(str(item) for item in default)}."
        )
    return [_scalar(name, item, like) for item, like in zip(items, default)]


def _scalar(name: str, raw: str, default: Any) -> Any:
    if default is None or isinstance(default, str):
        return raw
    if isinstance(default, Path):
        return Path(raw)
    kind = "an integer" if isinstance(default, int) else "a finite number"
    try:
        value = type(default)(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not {kind} (the default is {default!r}).") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ImproperlyConfigured(f"{name}={raw!r} is not {kind} (the default is {default!r}).")
    return value
