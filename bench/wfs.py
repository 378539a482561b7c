"""WFS benchmark: every city component from ``GET /wfs`` GetFeature as GeoJSON against the feature API's items answer
for the same rows (issue 10's target: WFS <= 1.3x items), and the same GetFeature as GML 3.2, for the record.

Transaction: one ``wfs:Update`` of the state of 1,000 components (named by ``fes:ResourceId``), posted by a
``gis_editor`` token, against its floor: the same UPDATE of the same rows in one psycopg2 transaction after the
history context the server sets (its triggers write the 1,000 history rows and invalidate tiles, as for the server).
The state alternates damaged / intact, so every turn changes every row and a run leaves them as it found them.
Target: no more than 3x the floor.

Both from one real server worker, read to the last byte, taken in turns (items, WFS GeoJSON, WFS GML) so that a
slow moment of the machine falls on all three alike; medians of ``repeat`` turns.
"""
from __future__ import annotations

import time

import requests
from django.contrib.auth import get_user_model
from django.db import connection

from accounts.services import create_account, new_token
from layers.registry import get_layer

from .server import app_server
from .stats import median, timed


def _reader(url: str, params: dict, sizes: dict, key: str):
    def read() -> None:
        response = requests.get(url, params=params, stream=True, timeout=600)
        response.raise_for_status()
        sizes[key] = sum(len(chunk) for chunk in response.iter_content(chunk_size=1 << 16))

    return read


def run(*, repeat: int = 5) -> dict:
    count = get_layer("components").model.objects.count()
    if count == 0:
        raise RuntimeError("no components: seed the county first (make seed)")
    sizes: dict = {}
    times: dict = {"items": [], "wfs_geojson": [], "wfs_gml": []}
    with app_server(env={"PINGDING_OGC_MAX_LIMIT": str(count)}) as (base, _):
        wfs = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "pd:components"}
        readers = {
            "items": _reader(f"{base}/ogc/collections/components/items", {"limit": count}, sizes, "items"),
            "wfs_geojson": _reader(f"{base}/wfs", {**wfs, "OUTPUTFORMAT": "application/json"}, sizes, "wfs_geojson"),
            "wfs_gml": _reader(f"{base}/wfs", wfs, sizes, "wfs_gml"),
        }
        for read in readers.values():  # warm the worker and the database's cache
            read()
        for _ in range(repeat):
            for name, read in readers.items():
                times[name].extend(timed(read, repeat=1, warmup=0))
    results = {"features": count, **{f"{name}_s": median(values) for name, values in times.items()},
               **{f"{name}_bytes": size for name, size in sizes.items()}}
    results["ratio"] = results["wfs_geojson_s"] / results["items_s"]
    results["gml_ratio"] = results["wfs_gml_s"] / results["items_s"]
    results["transaction"] = run_transaction(repeat=repeat)
    return results


TRANSACTION_ROWS = 1000
TRANSACTION_TARGET = 3.0
EDITOR = "bench.wfs.editor"
FLOOR_CONTEXT = ("SELECT set_config('pingding.actor_id', %s, true), set_config('pingding.actor_name', %s, true),"
                 " set_config('pingding.path', 'wfs', true)")
FLOOR_UPDATE = "UPDATE layers_component SET state = %s, updated_at = now() WHERE id = ANY(%s)"


def transaction_body(ids: list[int], state: str) -> str:
    filters = "".join(f'<fes:ResourceId rid="components.{fid}"/>' for fid in ids)
    return ('<wfs:Transaction xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0" '
            'xmlns:pd="urn:pingding:wfs" service="WFS" version="2.0.0"><wfs:Update typeName="pd:components">'
            f'<wfs:Property><wfs:ValueReference>state</wfs:ValueReference><wfs:Value>{state}</wfs:Value></wfs:Property>'
            f'<fes:Filter>{filters}</fes:Filter></wfs:Update></wfs:Transaction>')


def run_transaction(*, repeat: int = 5) -> dict:
    """Median seconds of the 1,000-row Update over HTTP and of its SQL floor, turn by turn on separate rows."""
    intact = list(get_layer("components").model.objects.filter(state="intact").order_by("pk")
                  .values_list("pk", flat=True)[: 2 * TRANSACTION_ROWS])
    ours_ids, floor_ids = intact[:TRANSACTION_ROWS], intact[TRANSACTION_ROWS:]
    get_user_model().objects.filter(username=EDITOR).delete()
    user = create_account(EDITOR, "gis_editor")
    token = new_token(EDITOR, name="bench")[1]
    times: dict = {"transaction": [], "floor": []}
    try:
        with app_server() as (base, _), requests.Session() as session:
            session.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/xml"})
            for turn in range(repeat * 2):
                state = ("damaged", "intact")[turn % 2]
                started = time.perf_counter()
                answer = session.post(f"{base}/wfs", data=transaction_body(ours_ids, state).encode(), timeout=600)
                times["transaction"].append(time.perf_counter() - started)
                if answer.status_code != 200 or b"totalUpdated>1000<" not in answer.content:
                    raise RuntimeError(f"the Transaction was refused: {answer.status_code} {answer.content[:300]!r}")
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute("BEGIN")
                    cursor.execute(FLOOR_CONTEXT, [str(user.pk), EDITOR])
                    cursor.execute(FLOOR_UPDATE, [state, floor_ids])
                    cursor.execute("COMMIT")
                times["floor"].append(time.perf_counter() - started)
    finally:
        get_user_model().objects.filter(username=EDITOR).delete()
    results = {"rows": len(ours_ids), **{f"{name}_s": median(values) for name, values in times.items()}}
    results["transaction_ratio"] = results["transaction_s"] / results["floor_s"]
    return results


def report(results: dict) -> list[str]:
    mb = 1024 * 1024
    return [
        f"wfs: all {results['features']:,} components in one GetFeature",
        f"  OGC items (GeoJSON)   median {results['items_s'] * 1000:.0f} ms ({results['items_bytes'] / mb:.1f} MiB)",
        f"  WFS GeoJSON           median {results['wfs_geojson_s'] * 1000:.0f} ms "
        f"({results['wfs_geojson_bytes'] / mb:.1f} MiB): {results['ratio']:.2f}x items (target <= 1.3x)",
        f"  WFS GML 3.2           median {results['wfs_gml_s'] * 1000:.0f} ms ({results['wfs_gml_bytes'] / mb:.1f} MiB): "
        f"{results['gml_ratio']:.2f}x items",
        *transaction_report(results["transaction"]),
    ]


def transaction_report(results: dict) -> list[str]:
    return [
        f"wfs: one Transaction updating {results['rows']:,} components",
        f"  Transaction           median {results['transaction_s'] * 1000:.0f} ms",
        f"  floor (one UPDATE)    median {results['floor_s'] * 1000:.0f} ms: "
        f"{results['transaction_ratio']:.2f}x (target <= {TRANSACTION_TARGET:g}x)",
    ]
