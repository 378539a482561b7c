"""Photos of a report: checked by their magic bytes, decoded and re-encoded (:mod:`cases.reports.images`: only
real images, no EXIF), written under a temporary name, published on commit.

A photo file becomes visible under its final name only when the transaction that stores its
:class:`~layers.models.ReportPhoto` row commits (``transaction.on_commit`` renames it, an atomic ``os.replace``
within one file system); when the transaction fails the staged files are deleted. So a photo file exists exactly
when its row does: nothing is half-written. Files that a crash left in the staging directory belong to no
committed report and are swept by ``manage.py purge_idempotency_keys`` (:func:`sweep_staging`).

Layout under ``PINGDING_DATA_DIR / "photos"``: ``<YYYY>/<MM>/<incident code>-<position>.<ext>`` for published
photos, ``.staging/<random>.part`` while a transaction is open.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from layers.errors import ApiError, InvalidParameter

from . import conf
from .images import ImageRejected, TooManyPixels, reencode

log = logging.getLogger("pingding.reports")

STAGING = ".staging"
_SNIFF_BYTES = 12
_CHUNK = 1 << 16


@dataclass(frozen=True)
class ImageType:
    content_type: str
    extension: str


JPEG = ImageType("image/jpeg", "jpg")
PNG = ImageType("image/png", "png")
WEBP = ImageType("image/webp", "webp")


class PayloadTooLarge(ApiError):
    status = 413
    code = "PayloadTooLarge"


def sniff(head: bytes) -> ImageType | None:
    """The image type that the first bytes of a file announce (JPEG, PNG or WebP), else ``None``."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


STORED_TYPES = {"jpeg": JPEG, "png": PNG}


@dataclass(frozen=True)
class Photo:
    """One checked photo as it will be stored (re-encoded: JPEG, or PNG when it has transparency), held in memory;
    ``gps`` the camera's position from its EXIF (WGS 84 ``(lon, lat)``, not stored); ``sha256`` is that of the stored
    bytes (re-encoding is deterministic, so a retry of the same upload has the same
    hash)."""

    data: bytes
    image: ImageType
    sha256: str
    gps: tuple[float, float] | None = None

    @property
    def size(self) -> int:
        return len(self.data)


def read_photos(files: Sequence[UploadedFile], *, parameter: str = "photos") -> list[Photo]:
    """Check, decode and re-encode uploaded photos, in order.

    Raises :class:`InvalidParameter` naming ``photos`` for too many files, and naming ``photos[i]`` for an empty
    file, one that is not JPEG, PNG or WebP by its magic bytes (whatever its name and Content-Type say) or one that
    does not decode as a whole image; :class:`PayloadTooLarge` (413) naming ``photos[i]`` for a file over the size
    limit or an image of more than ``PINGDING_REPORTS_MAX_PHOTO_PIXELS`` pixels.
    """
    limit = conf.max_photos()
    if len(files) > limit:
        raise InvalidParameter(
            f"A report takes at most {limit} photos; this one has {len(files)}. Send the {limit} most telling ones.",
            parameter=parameter,
        )
    return [_read_photo(upload, f"{parameter}[{index}]") for index, upload in enumerate(files)]


def _read_photo(upload: UploadedFile, name: str) -> Photo:
    max_bytes = conf.max_photo_bytes()
    if upload.size is not None and upload.size > max_bytes:
        raise _too_large(name, upload, upload.size, max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(name, upload, len(data), max_bytes)
    if not data:
        raise InvalidParameter(f"Photo {name} ({upload.name!r}) is empty.", parameter=name)
    if sniff(data[:_SNIFF_BYTES]) is None:
        raise InvalidParameter(
            f"Photo {name} ({upload.name!r}, sent as {upload.content_type or 'no type'}) is not a JPEG, PNG or "
            "WebP image by its content; send the camera's image file itself.",
            parameter=name,
        )
    try:
        stored = reencode(data, max_pixels=conf.max_photo_pixels())
    except TooManyPixels as error:
        raise PayloadTooLarge(
            f"Photo {name} ({upload.name!r}) has {error}; send it at a lower resolution.", parameter=name
        ) from None
    except ImageRejected as error:
        raise InvalidParameter(
            f"Photo {name} ({upload.name!r}) is not a whole JPEG, PNG or WebP image: {error}. Send the camera's "
            "image file itself.",
            parameter=name,
        ) from None
    return Photo(data=stored.data, image=STORED_TYPES[stored.kind], sha256=hashlib.sha256(stored.data).hexdigest(),
                 gps=stored.gps)


def _too_large(name: str, upload: UploadedFile, size: int, max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"Photo {name} ({upload.name!r}) has {size} bytes; the limit is {max_bytes} bytes "
        f"({max_bytes / 1048576:.1f} MB). Send it at a lower resolution or quality.",
        parameter=name,
    )


def final_name(*, incident_code: str, position: int, photo: Photo, year: int, month: int) -> str:
    """The path of a published photo relative to the photos directory (``YYYY/MM/<code>-<position>.<ext>``)."""
    return f"{year:04d}/{month:02d}/{incident_code}-{position}.{photo.image.extension}"


class PhotoBatch:
    """Photo files written under temporary names in ``<root>/.staging``, renamed to their final names by
    :meth:`publish` (called on commit) or deleted by :meth:`discard` (on failure)."""

    def __init__(self, root: Path, moves: list[tuple[Path, Path]]):
        self.root = root
        self._moves = moves

    @classmethod
    def stage(cls, items: Iterable[tuple[Photo, str]], *, root: Path) -> PhotoBatch:
        """Write each ``(photo, final relative name)`` to a temporary file (flushed to disk) and return the batch.

        If any write fails, the files already written are deleted and the error propagates."""
        staging = root / STAGING
        staging.mkdir(parents=True, exist_ok=True)
        batch = cls(root, [])
        try:
            for photo, name in items:
                temp = staging / f"{uuid.uuid4().hex}.part"
                batch._moves.append((temp, root / name))
                with open(temp, "xb") as handle:
                    handle.write(photo.data)
                    handle.flush()
                    os.fsync(handle.fileno())
        except BaseException:
            batch.discard()
            raise
        return batch

    @property
    def final_paths(self) -> list[Path]:
        return [final for _, final in self._moves]

    def publish(self) -> None:
        """Rename every staged file to its final name (atomic per file)."""
        for temp, final in self._moves:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, final)
        log.info("published %d photo(s) under %s", len(self._moves), self.root)

    def discard(self) -> None:
        """Delete the staged files that were not published."""
        for temp, _ in self._moves:
            temp.unlink(missing_ok=True)


def sweep_staging(*, older_than_s: float, root: Path | None = None) -> int:
    """Delete staged files older than ``older_than_s`` seconds (left by a crash mid-transaction); return how many."""
    staging = (root or conf.photos_dir()) / STAGING
    if not staging.is_dir():
        return 0
    cutoff = time.time() - older_than_s
    removed = 0
    for path in staging.glob("*.part"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
