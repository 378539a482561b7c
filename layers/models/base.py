"""Pieces every layer model shares: database-level code checks built from :mod:`spatial.codes`, and provenance."""
import re

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

_UNSAFE = re.compile(r"\\[dDwWsS]|\^|(?<!\\)\$")
"""Regex pieces whose meaning differs between Python and PostgreSQL (``\\d`` and ``\\w`` match non-ASCII digits and
letters in Python; ``$`` matches before a trailing newline)."""


def sql_check(field: str, regex: str, name: str) -> models.CheckConstraint:
    """A CHECK constraint ``field ~ regex`` with a pattern of :mod:`spatial.codes`.

    The pattern must be anchored with ``\\A`` and ``\\Z`` and spell its classes out (``[0-9]``), so the database
    refuses exactly what the Python parsers refuse; anything else fails at import.
    """
    if not (regex.startswith(r"\A") and regex.endswith(r"\Z")) or _UNSAFE.search(regex):
        raise ImproperlyConfigured(
            f"CHECK {name}: pattern {regex!r} must be anchored with \\A...\\Z and use no \\d, \\w, ^ or $; "
            "take it from spatial.codes."
        )
    return models.CheckConstraint(condition=Q(**{f"{field}__regex": regex}), name=name)


class SourceMixin(models.Model):
    """Where a record comes from and when it last changed."""

    data_source = models.CharField(max_length=40, default="survey", help_text="数据来源 data source")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
