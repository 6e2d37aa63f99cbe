"""Memory of the whole ingest (issue 17: "the ingest of 10,000 articles stays under 2 GB
resident"), and how it grows with the articles ingested.

    python -m bench.speed_memory [--articles 400] [--chunk 100] [--data ../shared/data]

Ingests ``--articles`` Timeline17 articles (the folders taken in turn, as
``bench.speed_ingest``) into one fresh SQLite store, everything on (``ingest(...,
enrich=True)``, as ``dossier ingest``), ``--chunk`` articles a call, and after each call
records the process's resident memory now (``VmRSS``) and at its peak (``VmHWM``), and the
peak of the worker processes the parse starts (``RUSAGE_CHILDREN``: the largest child). The
growth per 1,000 articles between the first and the last chunk is what projects the peak at
10,000 articles; the projection is said to be one, never a measurement. Results go to
``bench/results/speed_memory.json``.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from bench.eval.report import write_results
from bench.speed_ingest import article_paths

GOAL_MB = 2048
TARGET_ARTICLES = 10_000


def _status_mb(field: str) -> float:
    """A ``/proc/self/status`` memory field (kB) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(paths: list[Path], chunk: int) -> list[dict[str, float]]:
    from dossier.ingest import ingest
    from dossier.store import open_store

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "memory.db")
        try:
            started = time.perf_counter()
            for at in range(0, len(paths), chunk):
                part = paths[at : at + chunk]
                report = ingest(store, part, enrich=True)
                rows.append({
                    "articles": at + len(part),
                    "added": len(report.added),
                    "rss_mb": round(_status_mb("VmRSS"), 1),
                    "peak_mb": round(_status_mb("VmHWM"), 1),
                    "workers_peak_mb": round(_children_peak_mb(), 1),
                    "seconds": round(time.perf_counter() - started, 1),
                })
                print(rows[-1], flush=True)
        finally:
            store.close()
    return rows


def projection(rows: list[dict[str, float]]) -> dict[str, float] | None:
    """The peak at ``TARGET_ARTICLES`` from the growth between the first and last chunk."""
    if len(rows) < 2:
        return None
    first, last = rows[0], rows[-1]
    per_thousand = (last["peak_mb"] - first["peak_mb"]) / (
        (last["articles"] - first["articles"]) / 1000)
    projected = last["peak_mb"] + per_thousand * (TARGET_ARTICLES - last["articles"]) / 1000
    return {"growth_mb_per_1000": round(per_thousand, 1),
            "projected_peak_mb_at_10000": round(projected, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args(argv)
    paths = article_paths(args.data / "t17", args.articles)
    load_before = os.getloadavg()[0]
    rows = measure(paths, args.chunk)
    ahead = projection(rows)
    body = {"articles": len(paths), "chunk": args.chunk, "rows": rows, "projection": ahead,
            "goal_mb": GOAL_MB, "load": [load_before, os.getloadavg()[0]]}
    write_results("speed_memory", argv, body, module="bench.speed_memory")
    if ahead:
        verdict = "under" if ahead["projected_peak_mb_at_10000"] < GOAL_MB else "OVER"
        print(f"growth {ahead['growth_mb_per_1000']} MB per 1,000 articles; projected peak "
              f"at 10,000: {ahead['projected_peak_mb_at_10000']} MB ({verdict} the "
              f"{GOAL_MB} MB goal; a projection, not a measurement)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
