"""hnswlib against usearch for the nearest-neighbour index of a large store: build time,
query time and recall@10 on clustered unit vectors (how ``dossier.search.vectors`` chose).

    python -m bench.speed_ann [--vectors 100000] [--threads 2]

Vectors: 384-d, unit norm, around stories around topics (``bench.speed_million``'s
generator); 200 of them as queries, their exact ten nearest by a full scan. Builds with
``--threads`` threads, queries on one, as a search does. Writes
``bench/results/speed_ann.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.eval.report import write_results
from bench.speed_million import DIM, _unit, centres


def clustered(n: int) -> np.ndarray:
    _topics, stories = centres(n)
    rng = np.random.default_rng(5)
    return _unit(stories[rng.integers(0, len(stories), n)]
                 + rng.standard_normal((n, DIM), dtype=np.float32) * 0.05)


def _measure(search: Callable[[np.ndarray], list[int]], queries: np.ndarray,
             exact: np.ndarray) -> dict[str, float]:
    times, recall = [], []
    for query, truth in zip(queries, exact, strict=True):
        started = time.perf_counter()
        found = search(query)
        times.append((time.perf_counter() - started) * 1000)
        recall.append(len(set(found) & set(truth.tolist())) / 10)
    return {"p50_ms": round(float(np.median(times)), 3),
            "p95_ms": round(float(np.percentile(times, 95)), 3),
            "recall@10": round(float(np.mean(recall)), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    import hnswlib
    from usearch.index import Index

    data = clustered(args.vectors)
    queries = data[np.random.default_rng(1).choice(len(data), 200, replace=False)]
    exact = np.argsort(-(queries @ data.T), axis=1)[:, :10]
    labels = np.arange(len(data))
    results: dict[str, Any] = {"vectors": len(data), "threads": args.threads,
                               "load_at_start": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as work:
        index = hnswlib.Index(space="ip", dim=DIM)
        index.init_index(max_elements=len(data), M=16, ef_construction=100)
        started = time.perf_counter()
        index.add_items(data, labels, num_threads=args.threads)
        built = time.perf_counter() - started
        index.save_index(str(Path(work) / "h.bin"))
        for ef in (64, 128):
            index.set_ef(ef)
            results[f"hnswlib M=16 ef_construction=100 ef={ef}"] = {
                "build_s": round(built, 1),
                "file_mb": round((Path(work) / "h.bin").stat().st_size / 2**20, 1),
                **_measure(lambda q: index.knn_query(q, k=10, num_threads=1)[0][0].tolist(),
                           queries, exact)}
        for dtype in ("f32", "f16", "i8"):
            other = Index(ndim=DIM, metric="ip", dtype=dtype, connectivity=16,
                          expansion_add=100)
            started = time.perf_counter()
            other.add(labels, data, threads=args.threads)
            built = time.perf_counter() - started
            other.save(str(Path(work) / "u.bin"))
            for ef in (64, 128):
                other.expansion_search = ef
                results[f"usearch {dtype} connectivity=16 expansion_add=100 ef={ef}"] = {
                    "build_s": round(built, 1),
                    "file_mb": round((Path(work) / "u.bin").stat().st_size / 2**20, 1),
                    **_measure(lambda q, other=other: other.search(q, 10, threads=1).keys.tolist(),
                               queries, exact)}
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    for name, figures in results.items():
        print(name, figures)
    write_results("speed_ann", argv, {"results": results}, module="bench.speed_ann")
    return 0


if __name__ == "__main__":
    sys.exit(main())
