"""``make eval``: run every evaluation on ../shared/data and print its table.

Each module under bench/eval scores one stage with the benchmark's own metric and prints
its figures beside the published anchors (../shared/ANCHORS.md); results are written to
bench/results/<name>.json with the date, versions and command.
"""

from __future__ import annotations

import importlib
import sys
import time

EVALUATIONS = ("clean", "dates", "timex", "docdate", "header", "events", "t17_events", "similar",
               "fusion", "tls")


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(EVALUATIONS)
    failures = 0
    for name in names:
        module = importlib.import_module(f"bench.eval.{name}")
        started = time.perf_counter()
        print(f"\n## {name}\n", flush=True)
        status = module.main([])
        print(f"\n({name}: {time.perf_counter() - started:.1f} s)", flush=True)
        failures += bool(status)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
