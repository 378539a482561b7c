"""The job kind ``import``: the dry run or the commit of a big import (beyond
``PINGDING_IMPORT_SYNC_MAX_FEATURES``), on the queue. Its result links back to the import's report."""
from __future__ import annotations

from accounts.roles import user_principal
from jobs.registry import job_kind
from layers.access import layer_view
from layers.registry import get_layer
from web.errors import ApiError

import jobs

from .errors import ImportNotFound
from .files import open_source
from .models import Import, ImportState
from .services import Options, discard_files, import_commit, import_dry_run, import_failed
from .storage import saved_upload, upload_directory


def _result(batch: Import) -> dict:
    href = f"/api/imports/{batch.pk}"
    return {"import": str(batch.pk), "state": batch.state, "counts": batch.counts,
            "links": [{"rel": "related", "href": href, "type": "application/json", "title": "the import's report"}]}


def _dry_run(job, batch: Import, options: Options, code_column: str) -> dict:
    view = layer_view(get_layer(batch.collection), user_principal(job.owner))
    directory = upload_directory(batch.pk)
    try:
        jobs.progress(job, 0.1, f"reading {batch.file_name}")
        source = open_source(saved_upload(batch.pk), batch.file_name, directory)
        import_dry_run(batch=batch, view=view, source=source, options=options, code_column=code_column,
                       progress=lambda fraction, message: jobs.progress(job, fraction, message))
    except ApiError as error:
        import_failed(batch, error)
        raise
    finally:
        discard_files(directory)
    batch = Import.objects.get(pk=batch.pk)
    counts = batch.counts
    jobs.progress(job, 1.0, f"dry run of {counts['rows']:,} rows: {counts['add']:,} to add, {counts['update']:,} to "
                            f"update, {counts['delete']:,} to delete, {counts['invalid']:,} invalid")
    return _result(batch)


@job_kind("import")
def import_job(job, *, import_id: str, step: str, crs: str | None = None, encoding: str | None = None,
               match: str | None = None, delete_missing: bool = False, code_column: str = "code") -> dict:
    """``step`` ``dry_run``: read and judge the uploaded file; ``commit``: apply the dry run. Each step is one
    transaction and is not done twice: a job run again (its worker was lost after the step) answers what was done."""
    batch = Import.objects.filter(pk=import_id).first()
    if batch is None:
        raise ImportNotFound(f"Import {import_id} is gone (it expired before this job ran); upload the file again.",
                             parameter="id")
    if (step == "dry_run" and batch.state != ImportState.READING) or batch.state == ImportState.COMMITTED:
        return _result(batch)
    if step == "dry_run":
        return _dry_run(job, batch, Options(crs=crs, encoding=encoding, match=match, delete_missing=delete_missing),
                        code_column)
    jobs.progress(job, 0.1, f"committing {batch.counts.get('rows', 0):,} rows into {batch.collection}")
    committed = import_commit(import_id=import_id, principal=user_principal(job.owner),
                              actor=job.owner.get_username())
    return {**_result(committed), "result": {k: v for k, v in committed.result.items() if k != "versions"}}
