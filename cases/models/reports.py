"""Located reports (上报) from mobile apps and Open311 clients: what an incident carries beyond the layer.

A report *is* an :class:`~layers.models.incidents.Incident` (so it is in the feature API and the tiles at once);
these models keep what the incidents layer has no column for:

* :class:`ReportDetail`: the location as sent (CRS, coordinates, accuracy), the reporter's role and e-mail,
  the Open311 extras and the snap result (grid, nearest standard address) at the time of the report.
  Personal data (``reporter_email``, ``device_id``, ``account_id``) is never returned by a read API.
* :class:`ReportPhoto`: one photo file under ``PINGDING_DATA_DIR / "photos"``.
* :class:`IdempotencyKey`: one ``Idempotency-Key`` header and the answer it produced, replayed on a retry.

Their tables keep the names they had under ``layers`` (``db_table``): the models moved here, the rows did not.
"""
from django.db import models

from spatial.codes import SHA256_HEX_REGEX

from layers.models.base import sql_check


class ReporterRole(models.TextChoices):
    RESIDENT = "resident", "居民"
    GRID_MEMBER = "grid_member", "网格员"
    OFFICER = "officer", "执法人员"


class ReportSource(models.TextChoices):
    PUBLIC_APP = "public_app", "公众上报"
    GRID_MEMBER_APP = "grid_member_app", "网格员上报"
    OFFICER = "officer", "执法人员上报"
    HOTLINE_12345 = "hotline_12345", "12345热线"
    CASE_SYSTEM = "case_system", "数字城管案件系统"


class ReportDetail(models.Model):
    """What a report carried besides the incident's own columns (one row per incident made by a report).

    ``x``/``y`` are the coordinates as sent, in internal order (x = longitude or easting, y = latitude or
    northing) of ``crs`` (a key of :data:`spatial.crs.CRS_TABLE`, e.g. ``GCJ02``); the stored point is the
    incident's ``geom`` (EPSG:4490). ``accuracy_m`` is the device's horizontal accuracy in metres.
    """

    incident = models.OneToOneField(
        "layers.Incident", primary_key=True, on_delete=models.CASCADE, related_name="report", db_column="incident_id"
    )
    crs = models.CharField(max_length=12, help_text="CRS key of the coordinates as sent")
    x = models.FloatField(help_text="longitude or easting as sent")
    y = models.FloatField(help_text="latitude or northing as sent")
    accuracy_m = models.FloatField(null=True, blank=True, help_text="horizontal accuracy, metres")
    reporter_role = models.CharField(max_length=12, choices=ReporterRole.choices, default=ReporterRole.RESIDENT)
    reporter_email = models.CharField(max_length=254, blank=True, help_text="restricted")
    address_string = models.CharField(max_length=200, blank=True, help_text="address as the reporter wrote it")
    nearest_address_code = models.CharField(max_length=30, blank=True)
    nearest_address = models.CharField(max_length=200, blank=True, help_text="nearest standard address, full text")
    nearest_address_m = models.FloatField(null=True, blank=True, help_text="distance to it, metres")
    media_url = models.URLField(max_length=500, blank=True)
    device_id = models.CharField(max_length=100, blank=True, help_text="restricted")
    account_id = models.CharField(max_length=100, blank=True, help_text="restricted")
    service_code = models.CharField(max_length=8, blank=True, help_text="Open311 service code, when posted there")

    class Meta:
        db_table = "layers_reportdetail"
        constraints = [
            models.CheckConstraint(condition=models.Q(accuracy_m__gte=0), name="reportdetail_accuracy_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"report of incident {self.incident_id}"


class ReportPhoto(models.Model):
    """One photo of a report. ``path`` is relative to ``PINGDING_DATA_DIR / "photos"``; ``bytes`` its size."""

    incident = models.ForeignKey("layers.Incident", on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(help_text="0-based order in the request")
    path = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=20, help_text="image/jpeg, image/png or image/webp (sniffed)")
    bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "layers_reportphoto"
        ordering = ["incident_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "position"], name="reportphoto_incident_position"),
            sql_check("sha256", SHA256_HEX_REGEX, "reportphoto_sha256_hex"),
        ]

    def __str__(self) -> str:
        return self.path


class IdempotencyKey(models.Model):
    """One ``Idempotency-Key`` and the answer it produced.

    ``request_sha256`` fingerprints the request (method, path, canonical body, photo hashes), so a retry with the
    same key and the same request replays ``response_status``/``response_body``, and the same key with another
    request is a conflict. Rows older than ``PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS`` are expired.
    """

    key = models.CharField(max_length=200, unique=True)
    request_sha256 = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    incident = models.ForeignKey("layers.Incident", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        db_table = "layers_idempotencykey"
        ordering = ["created_at"]
        indexes = [models.Index(fields=["created_at"], name="idempotencykey_created_at")]

    def __str__(self) -> str:
        return self.key
