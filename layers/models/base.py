"""Pieces every layer model shares: the storage SRID and database-level code checks."""
from django.db import models
from django.db.models import Q

STORAGE_SRID = 4490


def code_check(field: str, regex: str, name: str) -> models.CheckConstraint:
    """A CHECK constraint that the database enforces on a code column (``field ~ regex``)."""
    return models.CheckConstraint(condition=Q(**{f"{field}__regex": regex}), name=name)


class SourceMixin(models.Model):
    """Where a record comes from and when it last changed."""

    data_source = models.CharField(max_length=40, default="survey", help_text="数据来源 data source")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
