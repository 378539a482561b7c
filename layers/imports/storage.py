"""Where an uploaded file waits while it is read: ``PINGDING_DATA_DIR/imports/<import id>/``, removed once its dry
run is done (a job reads it there, in another process)."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .files import file_format


def upload_directory(import_id) -> Path:
    return Path(settings.PINGDING_DATA_DIR) / "imports" / str(import_id)


def saved_upload(import_id) -> Path:
    """The upload kept for ``import_id`` (one file, named ``upload.<its suffix>``)."""
    return next(upload_directory(import_id).glob("upload.*"))


def save_upload(upload: UploadedFile, import_id) -> Path:
    """``upload`` written under the import's directory with the suffix that tells GDAL its format (400 first for a
    name of no known format)."""
    name = upload.name or ""
    file_format(name)
    directory = upload_directory(import_id)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"upload{PurePosixPath(name.lower()).suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path
