"""A job of ours: who asked, what kind, where it stands and what it gave. The queue's own row (django-tasks'
``DBTaskResult``) only carries the job id; this row is what the API answers from."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class Job(models.Model):
    """``progress`` is a fraction 0..1; ``result`` a JSON summary; ``result_file`` a path relative to
    ``PINGDING_DATA_DIR`` (empty: no file, or expired). ``worker`` (``host:pid``) and ``heartbeat`` say who runs a
    running job and when it last said so (``jobs.housekeeping`` requeues a job whose worker is gone);
    ``attempts`` counts its starts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.TextField(blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    result_file = models.CharField(max_length=500, blank=True, default="")
    error = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True, default="")
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["owner", "-created"], name="jobs_owner_created"),
                   models.Index(fields=["state"], name="jobs_state")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__gte=0.0, progress__lte=1.0), name="jobs_progress_0_1"),
            models.CheckConstraint(condition=models.Q(state__in=[s.value for s in JobState]), name="jobs_state_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.state})"
