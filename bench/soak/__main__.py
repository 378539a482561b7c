"""``python -m bench.soak [--seconds 600] [--connections 64]`` (``make soak``): the soak, printed and written to
bench/out/soak.json; exit 1 when it fails."""
from __future__ import annotations

import argparse
import os
import sys

import django


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600, help="length of the load (default %(default)s)")
    parser.add_argument("--connections", type=int, default=64, help="kept-alive connections (default %(default)s)")
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between memory samples")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")
    django.setup()
    from .runner import report, run

    results = run(seconds=args.seconds, connections=args.connections, interval_s=args.interval)
    print("\n".join(report(results)), flush=True)
    return 1 if results.get("failures") or "unavailable" in results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
