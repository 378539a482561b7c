"""``python -m bench [name ...]``: run the benchmarks (all by default), print the figures, write bench/out/results.json."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import django

OUT = Path(__file__).resolve().parent / "out"
ON_REQUEST = ("soak",)
"""Run only when named: the soak takes 10 minutes (``make soak``)."""


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")
    django.setup()
    from . import cases
    from . import cql2
    from . import dashboard
    from . import editing
    from . import exports
    from . import features
    from . import imports
    from . import paging
    from . import province
    from . import replica
    from . import redivision
    from . import snapping
    from . import soak
    from . import tiles
    from . import wfs
    from . import wrk

    suites = {
        "cases": cases, "cql2": cql2, "editing": editing, "exports": exports, "features": features, "imports": imports,
        "dashboard": dashboard,
        "paging": paging, "province": province,
        "redivision": redivision, "replica": replica, "snapping": snapping, "soak": soak,
        "tiles": tiles, "wfs": wfs, "wrk": wrk,
    }
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*",
                        help=f"benchmarks to run, of: {', '.join(suites)} (default: all but {', '.join(ON_REQUEST)})")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(suites))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(suites)}")

    OUT.mkdir(exist_ok=True)
    all_results = {}
    for name in args.names or [name for name in suites if name not in ON_REQUEST]:
        results = suites[name].run(repeat=args.repeat)
        all_results[name] = results
        print("\n".join(suites[name].report(results)), flush=True)
    (OUT / "results.json").write_text(json.dumps(all_results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
