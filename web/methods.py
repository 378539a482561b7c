"""Which HTTP methods a view takes, so that a method it does not take is a 405 before the CSRF check.

Every view that takes writes from API clients is ``csrf_exempt`` and says its methods; a view that is not
``csrf_exempt`` and says none is read-only (GET, HEAD). Django's ``require_http_methods`` (and ``require_safe``,
``require_GET``, ``require_POST``) keep their list in the closure of the wrapper, where it is read here; a view
may also carry ``allowed_methods`` itself.
"""
from __future__ import annotations

from collections.abc import Callable

READ_ONLY = ("GET", "HEAD")
SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _closure_methods(function: Callable) -> tuple[str, ...] | None:
    code = getattr(function, "__code__", None)
    if code is None or not function.__closure__:
        return None
    cells = dict(zip(code.co_freevars, function.__closure__))
    cell = cells.get("request_method_list")
    return tuple(cell.cell_contents) if cell is not None else None


def declared_methods(view: Callable) -> tuple[str, ...] | None:
    """The methods ``view`` declares (through its decorators, outermost first), or ``None``."""
    layer: Callable | None = view
    while layer is not None:
        declared = getattr(layer, "allowed_methods", None) or _closure_methods(layer)
        if declared:
            return tuple(declared)
        layer = getattr(layer, "__wrapped__", None)
    return None


def refused_method(view: Callable, method: str) -> tuple[str, ...] | None:
    """The allowed methods when ``method`` is not one of them (a 405 is due), else ``None``.

    Only unsafe methods are judged here (the ones the CSRF check would otherwise answer with its 403)."""
    if method in SAFE:
        return None
    declared = declared_methods(view)
    if declared is None:
        if getattr(view, "csrf_exempt", False):
            return None
        declared = READ_ONLY
    return None if method in declared else declared
