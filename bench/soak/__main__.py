"""``python -m bench.soak [--seconds 600] [--connections 64]`` (``make soak``): the soak, printed and written to
bench/out/soak.json; exit 1 when it fails."""
from __future__ import annotations

import argparse
import os
import sys

import django

from . import CONNECTIONS, INTERVAL_S, SECONDS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak",
        description="Mixed load against the server as make run starts it; the answers by route, the workers' memory "
                    "per minute and a verdict (bench/soak, docs/operations.md).")
    parser.add_argument("--seconds", type=int, default=SECONDS, help="length of the load (default %(default)s)")
    parser.add_argument("--connections", type=int, default=CONNECTIONS,
                        help="kept-alive connections (default %(default)s)")
    parser.add_argument("--interval", type=float, default=INTERVAL_S,
                        help="seconds between memory samples (default %(default)s)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")
    django.setup()
    from .runner import report, run

    results = run(seconds=args.seconds, connections=args.connections, interval_s=args.interval)
    print("\n".join(report(results)), flush=True)
    return 1 if results.get("failures") or "unavailable" in results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
