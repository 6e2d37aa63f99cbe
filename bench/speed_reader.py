"""Speed of the reading app at 10,000 articles: search, similar readings, the reader page,
and the added cost per ingested article of summary plus similar readings.

    python -m bench.speed_reader [--db bench/work/corpus-10k.db] [--rounds 5] [--lookups 300]

The store is the one ``python -m bench.corpus build`` makes (built first if missing).
Timings are wall-clock per call in one process, after one warm-up call each:

* ``queries.search``: 50 fixed queries on the T17 subjects (words, names, "phrases", OR, a
  source and a date filter), ``--rounds`` times each; lexical only (``semantic=False``) and
  blended (BM25 + cosine; all-MiniLM-L6-v2 loaded before timing, so each query pays for
  its own encoding only; the kept query vectors are cleared before every call, so every
  round encodes again), and blended for queries typed before (vectors kept, as when a
  reader pages through results or changes a filter).
* ``queries.similar``: ``--lookups`` random article IDs (seed 4).
* the reader page: GET /articles/{id} through the FastAPI app (``TestClient``, in process),
  ``--lookups`` random IDs.
* ingest: 50 saved news pages not in the store (the first 50, by name, of the scrapinghub
  article-extraction benchmark's HTML pages in ../shared/data), ingested one by one into a
  copy of the store (``dossier.ingest.ingest``: trafilatura, cleaning, dates, store), then
  ``dossier.corpus.enrich.enrich`` timed per article, split into sentence encoding,
  similar-readings linking (``similar.update``) and the rest (summary, writes).

Prints p50 / p95 / max in milliseconds beside the issue's targets and writes
``bench/results/speed_reader.json`` with the date, versions, machine and load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus
from bench.eval.report import RESULTS, version

PAGES = corpus.ROOT.parent / "shared" / "data" / "scrapinghub-article-extraction-benchmark" / "html"
TARGETS_MS = {"search (lexical)": 50.0, "search (blended)": 50.0, "similar": 20.0,
              "reader page": 100.0}
PACKAGES = ("dossier", "sqlalchemy", "fastapi", "starlette", "numpy", "torch",
            "sentence-transformers", "transformers")

# (query, filters): what a reader of this archive types. T17's subjects: the BP oil spill,
# H1N1, the Haiti earthquake, Michael Jackson's death, the Egyptian revolution, the Libyan
# and Syrian wars, the Iraq war and the 2008 financial crisis.
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("oil spill", {}), ("Deepwater Horizon", {}), ("BP", {}), ("Tony Hayward", {}),
    ('"Gulf of Mexico"', {}), ("relief well", {}), ("top kill", {}), ("Macondo", {}),
    ("oil spill", {"source": "BBC"}), ("Obama moratorium drilling", {}),
    ("swine flu", {}), ("H1N1 vaccine", {}), ('"World Health Organization" pandemic', {}),
    ("Tamiflu", {}), ("flu deaths Mexico", {}), ("swine flu OR H1N1", {}),
    ("Haiti earthquake", {}), ("Port-au-Prince", {}), ("aid Haiti rubble", {}),
    ("Michael Jackson", {}), ("Conrad Murray", {}), ("propofol", {}),
    ("Jackson memorial Staples Center", {}), ("Mubarak", {}), ('"Tahrir Square"', {}),
    ("Egypt protests", {"date_from": "2011-01-25", "date_to": "2011-02-28"}),
    ("Muslim Brotherhood", {}), ("Suleiman", {}), ("Gaddafi", {}), ("Benghazi", {}),
    ("NATO air strikes", {}), ("Misrata", {}), ("rebels Tripoli", {}),
    ("no-fly zone", {}), ("Assad", {}), ("Homs", {}), ("Syrian National Council", {}),
    ("Annan peace plan", {}), ("Arab League observers", {}), ("Houla massacre", {}),
    ("Iraq war", {}), ("Saddam Hussein", {}), ("Baghdad bombing", {}), ("Fallujah", {}),
    ("Lehman Brothers", {}), ("bailout", {}), ('"Federal Reserve"', {}), ("AIG", {}),
    ("Paulson rescue plan", {}), ("subprime mortgage", {"date_to": "2009"}),
]


def stats(samples: list[float]) -> dict[str, float]:
    """p50, p95 and max of durations in seconds, in milliseconds."""
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {"n": len(ordered), "p50": round(at(0.5) * 1000, 2),
            "p95": round(at(0.95) * 1000, 2), "max": round(ordered[-1] * 1000, 2)}


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def machine() -> dict[str, Any]:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {"python": platform.python_version(), "platform": platform.platform(),
            "nproc": os.cpu_count(), "memory_gib": round(int(memory) / 2**20, 1),
            "sqlite": sqlite3.sqlite_version}


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def bench_search(store, rounds: int) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    from dossier import queries
    from dossier.nlp.embed import default_embedder
    from dossier.search.engine import query_vector

    found = {}
    for name, semantic, cold in (("search (lexical)", False, True),
                                 ("search (blended)", True, True),
                                 ("  blended, query typed before", True, False)):
        # Warm-up: loads the model, and dateparser (its first date costs half a second);
        # the traced one-text encoder is built, as `dossier serve` builds it when it starts.
        queries.search(store, QUERIES[0][0], semantic=semantic)
        if semantic:
            default_embedder().trace()
        queries.search(store, "protests", semantic=semantic, date_from="2011-01-25")
        samples = []
        for _ in range(rounds):
            for q, f in QUERIES:
                if cold:  # every search encodes its query: no vector kept from a round before
                    query_vector.cache_clear()
                samples.append(timed(lambda q=q, f=f, s=semantic:
                                     queries.search(store, q, semantic=s, **f)))
        found[name] = stats(samples)
    # Where blended search spends its extra time: encoding the query. torch runs it on as
    # many threads as cores; on a shared machine one thread is steadier (see README).
    import torch

    from dossier.nlp.embed import default_embedder

    embedder = default_embedder()
    threads = torch.get_num_threads()
    for name, count in ((f"  query encoding ({threads} threads)", threads),
                        ("  query encoding (1 thread)", 1)):
        torch.set_num_threads(count)
        try:
            embedder.encode([QUERIES[0][0]])
            found[name] = stats([timed(lambda q=q: embedder.encode([q]))
                                 for _ in range(rounds) for q, _ in QUERIES])
        finally:
            torch.set_num_threads(threads)
    return found


def bench_similar(store, ids: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from dossier import queries

    queries.similar(store, ids[0])
    return stats([timed(lambda i=i: queries.similar(store, i)) for i in ids])


def bench_reader(db: Path, ids: list[str]) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from dossier.web.app import create_app

    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        client.get(f"/articles/{ids[0]}")
        samples = []
        for article_id in ids:
            started = time.perf_counter()
            response = client.get(f"/articles/{article_id}")
            samples.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"GET /articles/{article_id}: {response.status_code}")
    return stats(samples)


def bench_ingest(db: Path, count: int) -> dict[str, Any]:
    """Ingest ``count`` new T17 articles one by one into a copy of the store."""
    from dossier.corpus import enrich as enrich_module
    from dossier.corpus import similar
    from dossier.ingest import ingest
    from dossier.nlp.embed import default_embedder
    from dossier.store import open_store

    pages = sorted(PAGES.glob("*.html.gz"))[:count]
    embedder = default_embedder()
    parts: dict[str, list[float]] = {"ingest": [], "enrich": [], "encode": [], "link": []}

    class TimedEmbedder:
        name = embedder.name

        def encode(self, texts: list[str]):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return embedder.encode(texts)
            finally:
                parts["encode"].append(time.perf_counter() - started)

    real_update = similar.update

    def timed_update(*args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        try:
            real_update(*args, **kwargs)
        finally:
            parts["link"].append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory(dir=corpus.WORK) as folder:
        copy = Path(folder) / "ingest.db"
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        store = open_store(copy)
        embedder.encode(["warm-up"])
        similar.update = timed_update  # type: ignore[assignment]
        try:
            for page in pages:
                path = Path(folder) / page.name.removesuffix(".gz")
                path.write_bytes(gzip.decompress(page.read_bytes()))
                started = time.perf_counter()
                report = ingest(store, [path])
                parts["ingest"].append(time.perf_counter() - started)
                ids = [entry["id"] for entry in report.added]
                if not ids:
                    continue
                started = time.perf_counter()
                enrich_module.enrich(store, ids, embedder=TimedEmbedder())
                parts["enrich"].append(time.perf_counter() - started)
        finally:
            similar.update = real_update  # type: ignore[assignment]
            store.close()
    rest = [e - c - lk for e, c, lk in zip(parts["enrich"], parts["encode"], parts["link"],
                                              strict=True)]
    return {"pages": len(pages), "articles": len(parts["enrich"]),
            "ingest (analyse + store)": stats(parts["ingest"]),
            "enrich (summary + similar)": stats(parts["enrich"]),
            "  of which sentence encoding": stats(parts["encode"]),
            "  of which similar.update": stats(parts["link"]),
            "  of which summary + writes": stats(rest)}


def table(rows: dict[str, dict[str, float]]) -> str:
    lines = ["| measure | n | p50 ms | p95 ms | max ms | target p95 |",
             "|---|---:|---:|---:|---:|---|"]
    for name, row in rows.items():
        if not isinstance(row, dict):
            continue
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else (
            f"< {target:.0f} ms {'met' if row['p95'] < target else 'MISSED'}")
        lines.append(f"| {name} | {row['n']} | {row['p50']:.1f} | {row['p95']:.1f} | "
                     f"{row['max']:.1f} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=corpus.DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run")
    parser.add_argument("--lookups", type=int, default=300,
                        help="random IDs for similar and the reader page")
    parser.add_argument("--ingest", type=int, default=50, help="new articles to ingest")
    parser.add_argument("--only", nargs="*", default=None,
                        choices=("search", "similar", "reader", "ingest"))
    parser.add_argument("--partial", action="store_true",
                        help="measure while the corpus's links are still being built: lookups "
                             "are sampled among the articles already linked")
    args = parser.parse_args(argv)
    from dossier.store import open_store

    state = corpus._state(args.db)
    db = args.db if args.partial and state.get("ids") else corpus.ensure(args.db)
    only = set(args.only or ("search", "similar", "reader", "ingest"))
    load_before = load()
    started = time.perf_counter()
    store = open_store(db)
    ids = sorted(store.ids())
    linked = sorted(state["ids"][: state["linked"]]) if args.partial else ids
    sample = random.Random(4).sample(linked, min(args.lookups, len(linked)))
    results: dict[str, Any] = {}
    if "search" in only:
        results |= bench_search(store, args.rounds)
    if "similar" in only:
        results["similar"] = bench_similar(store, sample)
    if "reader" in only:
        results["reader page"] = bench_reader(db, sample)
    store.close()
    ingested = bench_ingest(db, args.ingest) if "ingest" in only else {}
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.speed_reader " + " ".join(
            argv if argv is not None else sys.argv[1:]),
        "machine": machine() | {"load_before": load_before, "load_after": load()},
        "versions": {p: version(p) for p in PACKAGES},
        "corpus": {"db": str(db.relative_to(corpus.ROOT)) if db.is_relative_to(corpus.ROOT)
                   else str(db), "articles": len(ids), "db_mib": round(
                       db.stat().st_size / 2**20), "linked": len(linked)},
        "targets_ms": TARGETS_MS,
        "results": results,
        "ingest": ingested,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(f"{len(ids)} articles; load {load_before} -> {record['machine']['load_after']}")
    print(table(results))
    if ingested:
        print(f"\nper ingested article ({ingested['articles']} new articles, one by one):")
        print(table({k: v for k, v in ingested.items() if isinstance(v, dict)}))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "speed_reader" + ("." + "-".join(sorted(only)) if args.only else "")
    if args.partial:
        name += ".partial-links"
    if args.db != corpus.DEFAULT_DB:
        name += ".other-db"
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(corpus.ROOT)}")
    missed = [n for n, t in TARGETS_MS.items() if n in results and results[n]["p95"] >= t]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
