"""An import and its staged rows: the dry run lives here, in PostGIS, until it is committed or expires."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField

from spatial.crs import STORAGE_SRID


class ImportState(models.TextChoices):
    READING = "reading"
    DRY_RUN = "dry_run"
    COMMITTED = "committed"
    FAILED = "failed"


class Import(models.Model):
    """One file brought into ``collection`` by ``owner``. ``columns``: the layer columns the file carries;
    ``counts`` and ``result`` (the commit's counts and versions) as the API answers them; ``error`` why it failed;
    ``snapshot``, ``seen_at`` and ``history_seen``: the transaction snapshot (``txid_current_snapshot``), the time
    and the last history row id when the dry run matched the features, so a commit finds the features changed
    since."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports")
    collection = models.CharField(max_length=40)
    file_name = models.CharField(max_length=200)
    format = models.CharField(max_length=10)
    crs = models.CharField(max_length=20, blank=True, default="")
    match = models.CharField(max_length=40)
    delete_missing = models.BooleanField(default=False)
    columns = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.READING)
    counts = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    committed = models.DateTimeField(null=True, blank=True)
    snapshot = models.TextField(blank=True, default="")
    seen_at = models.DateTimeField(null=True, blank=True)
    history_seen = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["owner", "-created"], name="imports_owner_created")]
        constraints = [models.CheckConstraint(condition=models.Q(state__in=[s.value for s in ImportState]),
                                              name="imports_state_known")]

    def __str__(self) -> str:
        return f"import {self.id} into {self.collection} ({self.state})"


class RowAction(models.TextChoices):
    ADD = "add"
    UPDATE = "update"
    SAME = "same"
    DELETE = "delete"
    INVALID = "invalid"


class ImportRow(models.Model):
    """A row of the file (``row``: 1-based, as a spreadsheet counts data rows; NULL for a deletion) as the dry run
    judged it: its cleaned ``attributes`` (layer columns, JSON), its geometry in EPSG:4490, the feature it matches
    what it will do, the fields it changes and, when invalid, why.

    ``batch`` has no foreign key in the database and no index of its own: a dry run copies tens of thousands of rows
    of one import it has just created, and checking each against it cost a third of a second; the index on (batch,
    row) finds an import's rows, and deleting an import deletes them (Django's cascade)."""

    batch = models.ForeignKey(Import, on_delete=models.CASCADE, db_column="import_id", related_name="rows",
                              db_constraint=False, db_index=False)
    row = models.IntegerField(null=True)
    code = models.TextField(null=True)
    attributes = models.JSONField(default=dict)
    geom = models.GeometryField(srid=STORAGE_SRID, null=True, spatial_index=False)
    feature_id = models.BigIntegerField(null=True)
    grid = models.TextField(null=True)
    area = models.FloatField(null=True)
    moved = models.BooleanField(default=False)
    action = models.CharField(max_length=8, null=True, choices=RowAction.choices)
    changed = ArrayField(models.TextField(), null=True)
    reason = models.TextField(null=True)

    class Meta:
        indexes = [models.Index(fields=["batch", "row"], name="imports_row_order")]
