"""The job kind ``resnap``: bulk re-snapping on the queue, one layer per transaction so that progress (one step per
layer) shows and a cancellation stops between layers. Re-snapping is idempotent: a re-run finishes what a
cancelled run left. ``manage.py resnap --job`` enqueues it; ``POST /api/jobs`` starts it for a GIS editor or admin."""
from __future__ import annotations

import time
from collections.abc import Sequence

import jobs
from accounts.roles import user_principal
from jobs.registry import job_kind
from layers.errors import InvalidParameter

from .bulk import SNAPPED_LAYERS, _check_layers, resnap_layers


def check_resnap(params: dict) -> None:
    """The params of a re-snap started over the API: ``layers`` a list of snapped layers, ``dry_run`` a boolean."""
    layers = params.get("layers", list(SNAPPED_LAYERS))
    if not isinstance(layers, list) or not all(isinstance(layer, str) for layer in layers):
        raise InvalidParameter("'params.layers' must be a list of layer ids.", parameter="params.layers")
    if not isinstance(params.get("dry_run", False), bool):
        raise InvalidParameter("'params.dry_run' must be true or false.", parameter="params.dry_run")
    _check_layers(layers)


@job_kind("resnap", api_roles=("gis_editor", "admin"), check=check_resnap)
def resnap_job(job, *, layers: Sequence[str] = SNAPPED_LAYERS, dry_run: bool = False) -> dict:
    """Re-snap ``layers`` (default: every snapped layer); the result gives per layer rows examined, moved, seconds."""
    chosen = _check_layers(layers)
    principal = user_principal(job.owner)
    started = time.perf_counter()
    done: dict[str, dict] = {}
    for i, layer_id in enumerate(chosen):
        jobs.progress(job, i / len(chosen), f"re-snapping {layer_id} ({i + 1} of {len(chosen)})")
        report = resnap_layers(layers=[layer_id], dry_run=dry_run, principal=principal,
                               actor_name=job.owner.get_username())[layer_id]
        done[layer_id] = {"examined": report.examined, "moved": report.moved, "seconds": round(report.seconds, 3)}
    jobs.progress(job, 1.0, f"re-snapped {len(chosen)} layers")
    return {"layers": done, "moved": sum(r["moved"] for r in done.values()), "dryRun": dry_run,
            "seconds": round(time.perf_counter() - started, 3)}
