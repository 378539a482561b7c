"""WFS benchmark: every city component from ``GET /wfs`` GetFeature as GeoJSON against the feature API's items answer
for the same rows (issue 10's target: WFS <= 1.3x items), and the same GetFeature as GML 3.2, for the record.

Both from one real server worker, read to the last byte, taken in turns (items, WFS GeoJSON, WFS GML) so that a
slow moment of the machine falls on all three alike; medians of ``repeat`` turns.
"""
from __future__ import annotations

import requests

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
    ]
