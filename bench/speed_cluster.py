"""Speed of ``dossier ingest --cluster`` against the plain ingest, and a projection.

    python -m bench.speed_cluster [--data ../shared/data/t17] [--articles 100]

The same Timeline17 articles (``Timeline17/*/InputDocs/*/*.htm.txt``, sorted, the first
``--articles``) are ingested with everything on (``ingest(..., enrich=True)``: clean, date,
summary, vectors, similar readings, entities, events, claims, fusion) into a fresh SQLite
store three ways: the plain ingest in this process, ``--cluster local:1`` and ``local:2``.
Models are loaded before the clock starts (in this process for the plain run, on the workers
for the cluster runs: a warm-up task each); the cluster's start and warm-up are reported
apart.

For the projection: the per-article cost of the workers' pipeline (``cluster.process``, one
thread, warm: the compute time of each task in the local:1 run, from Dask's task stream) and
the cost this process pays per article (storing and the per-batch corpus passes: the one
writer, measured inside the local:2 run), and the store's raw write rate
(``Store.add_article`` alone, SQLite, and PostgreSQL when the local server answers). With
W workers the rate is at most min(W / worker cost, 1 / writer cost): past the crossing, the
writer limits.
Results go to bench/results/speed_cluster.json.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.eval.report import version, write_results

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("DOSSIER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def inputs(data: Path, count: int) -> list[Path]:
    return sorted(data.glob("Timeline17/*/InputDocs/*/*.htm.txt"))[:count]


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _warm(_: Any = None) -> str:
    """Load a worker's (or this process's) models: spaCy, the actor index, MiniLM."""
    from dossier.events.batch import Job, analyse_block
    from dossier.nlp.embed import default_embedder

    default_embedder().encode(["Russia and Uzbekistan signed a treaty on Monday."])
    analyse_block([Job("Russia and Uzbekistan signed a treaty on Monday, officials said.",
                       None, "unknown")])
    return "warm"


def plain(paths: list[Path], work: Path) -> dict[str, Any]:
    from dossier.ingest import ingest
    from dossier.store import open_store

    _warm()
    store = open_store(work / "plain.db")
    before = load()
    started = time.perf_counter()
    report = ingest(store, paths, enrich=True)
    seconds = time.perf_counter() - started
    store.close()
    return _figures("plain", report, seconds, before)


def clustered(paths: list[Path], work: Path, workers: int) -> dict[str, Any]:
    from distributed import Client, get_task_stream

    import dossier.ingest.cluster as cluster_module
    from dossier.ingest import ingest
    from dossier.store import open_store

    started = time.perf_counter()
    cluster = cluster_module.local_cluster(workers)
    client = Client(cluster)
    client.run(_warm)
    start_seconds = time.perf_counter() - started
    store = open_store(work / f"local{workers}.db")
    writer = {"seconds": 0.0}
    store_batch = cluster_module._Run._store

    def timed(self: Any) -> None:  # the one writer's time: storing and corpus passes
        at = time.perf_counter()
        try:
            store_batch(self)
        finally:
            writer["seconds"] += time.perf_counter() - at

    cluster_module._Run._store = timed  # type: ignore[method-assign]
    try:
        before = load()
        with get_task_stream(client) as stream:
            started = time.perf_counter()
            report = ingest(store, paths, enrich=True, cluster=cluster.scheduler_address)
            seconds = time.perf_counter() - started
    finally:
        cluster_module._Run._store = store_batch  # type: ignore[method-assign]
        store.close()
        client.close()
        cluster.close()
    # The workers' compute time of each article (the task stream's "compute" spans).
    computed = [span["stop"] - span["start"] for task in stream.data
                if str(task.get("key", "")).startswith("dossier-process")
                for span in task["startstops"] if span["action"] == "compute"]
    figures = _figures(f"local:{workers}", report, seconds, before)
    figures["cluster_start_and_warm_up_s"] = round(start_seconds, 1)
    figures["writer_s_per_article"] = round(writer["seconds"] / max(1, len(report.added)), 4)
    figures["worker_s_per_article"] = round(sum(computed) / max(1, len(computed)), 4)
    return figures


def _figures(name: str, report: Any, seconds: float, before: list[float]) -> dict[str, Any]:
    done = len(report.added) + len(report.duplicates) + len(report.failed)
    return {"mode": name, "articles": done, "added": len(report.added),
            "failed": len(report.failed), "seconds": round(seconds, 1),
            "articles_per_s": round(done / seconds, 2), "load_before": before,
            "load_after": load()}


def analysed(paths: list[Path]) -> list[Any]:
    """The articles of ``paths`` through ``dossier.pipeline.analyse`` (clean and date only:
    what ``Store.add_article`` takes)."""
    from dossier.errors import DossierError
    from dossier.ingest import IngestReport, read_inputs
    from dossier.pipeline import analyse
    from dossier.settings import default_settings

    settings = default_settings()
    out = []
    for raw in read_inputs(paths, settings, IngestReport()):
        try:
            out.append(analyse(raw, settings))
        except DossierError:
            continue
    return out


def write_rate(url: str, done: list[Any]) -> float:
    """Articles a second that ``Store.add_article`` alone writes (one transaction each)."""
    from dossier.store import open_store

    store = open_store(url)
    try:
        articles = done
        started = time.perf_counter()
        for article in articles:
            store.add_article(article)
        return len(articles) / (time.perf_counter() - started)
    finally:
        store.close()


def pg_write_rate(done: list[Any]) -> float | None:
    import sqlalchemy as sa

    from dossier.store.engine import database_url

    name = f"bench_cluster_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(database_url(PG_URL))
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {name}"))
    except sa.exc.OperationalError:
        return None
    try:
        url = sa.make_url(database_url(PG_URL)).update_query_dict(
            {"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
        return write_rate(url, done)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "t17")
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args(argv)
    paths = inputs(args.data, args.articles)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for run in (lambda: plain(paths, work), lambda: clustered(paths, work, 1),
                    lambda: clustered(paths, work, 2)):
            runs.append(run())
            print(runs[-1], flush=True)
        done = analysed(paths)
        sqlite_rate = write_rate(f"sqlite:///{work / 'write.db'}", done)
    postgres_rate = pg_write_rate(done)
    base = runs[0]["articles_per_s"]
    writer = runs[2]["writer_s_per_article"]
    cost = runs[1]["worker_s_per_article"]  # one worker alone on the machine's cores
    projection = {
        str(w): round(min(w / cost, 1 / writer), 1) for w in (1, 2, 10, 100)
    }
    body = {
        "inputs": f"{args.data}/Timeline17/*/InputDocs/*/*.htm.txt, sorted, first "
                  f"{len(paths)}",
        "cores": os.cpu_count(),
        "runs": runs,
        "overhead_vs_plain": {r["mode"]: round(base / r["articles_per_s"], 2)
                              for r in runs[1:]},
        "worker_s_per_article": round(cost, 4),
        "writer_s_per_article": writer,
        "store_add_article_per_s": {"sqlite": round(sqlite_rate, 1),
                                    "postgresql": round(postgres_rate, 1)
                                    if postgres_rate else None},
        "projected_articles_per_s": projection,
        "limit": "min(W / worker cost, 1 / writer cost): the one writer (storing, similar "
                 "readings and fusion per batch) bounds the rate once W exceeds "
                 f"{round(cost / writer, 1)} workers",
        "versions": {p: version(p) for p in ("dask", "distributed", "torch", "spacy")},
    }
    path = write_results("speed_cluster", argv, body, module="bench.speed_cluster")
    print(f"plain {base}/s; "
          + "; ".join(f"{r['mode']} {r['articles_per_s']}/s" for r in runs[1:])
          + f"; worker {cost:.3f} s/article, writer {writer:.3f} s/article; "
          f"projected {projection}; {path}")


if __name__ == "__main__":
    main()
