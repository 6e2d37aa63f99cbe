"""Timeline, membership and fusion speed at 100,000 events.

Builds (once, into bench/work/) a store of 5,000 articles carrying 100,000 events made from
the events Dossier really extracts from the seeds and the sample corpus, with their dates
moved across 1991-2024 and their actors drawn from a pool of states and organisations. The
articles and events are written with the store's own ``replace_analysis`` and fused with
the real ``dossier.corpus.fusion.fuse``; then it measures:

- ``queries.timeline`` pages (100 entries) by entity, by pair, by type and date range, and
  deep in (at entry 50,000) by offset and by cursor;
- ``queries.memberships`` for an organisation;
- fusing one new article (20 events) into the 100k-event store.

Run from the repository root::

    python -m bench.speed_timeline [--events 100000] [--rebuild]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bench.eval.report import write_results
from dossier import queries
from dossier.corpus.chronology import analyse_articles
from dossier.corpus.fusion import fuse
from dossier.ingest import ingest
from dossier.model import Article, PublishedDate
from dossier.store import open_store
from dossier.store.schema import events

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
SEEDS = REPO.parent / "shared" / "seeds"
STATES = ["RUS", "UZB", "KAZ", "KGZ", "TJK", "TKM", "CHN", "USA", "ARM", "BLR", "AZE", "GEO",
          "UKR", "TUR", "IRN", "AFG", "PAK", "IND", "MNG", "DEU", "FRA", "GBR", "JPN", "KOR"]
ORGS = ["CSTO", "SCO", "CIS", "EAEU", "EURASEC", "NATO", "EU", "UN", "OSCE", "GUAM"]
PER_ARTICLE = 20


def templates(seed_store_path: Path) -> list[dict]:
    """Real events extracted from the seeds and the sample corpus."""
    store = open_store(seed_store_path)
    if not store.count():
        paths = [p for p in (SEEDS, REPO / "examples" / "pages", REPO / "examples" / "html")
                 if p.exists()]
        report = ingest(store, paths)
        analyse_articles(store, [e["id"] for e in report.added])
    found = queries.events(store)
    store.close()
    return [e for e in found if e["actors"]]


def vary(event: dict, rng: random.Random, article_id: str, index: int) -> dict:
    """A copy of a real event on another date, between other actors."""
    event = copy.deepcopy(event)
    year = rng.randint(1991, 2024)
    for key in ("date", "date_end"):
        if event.get(key):
            event[key] = f"{year}{event[key][4:]}" if event[key][:4].isdigit() else None
    for actor in event["actors"]:
        if actor["kind"] == "state":
            actor["code"] = rng.choice(STATES)
            actor["name"] = actor["code"]
        elif actor["kind"] == "organisation":
            actor["code"] = rng.choice(ORGS)
            actor["name"] = actor["code"]
    event["id"] = f"{article_id[:8]}-{index:04d}"
    event["offsets"] = [[index * 10, index * 10 + 9]]
    event["evidence"][0]["article"] = article_id
    event.pop("entry", None)
    return event


def add_article(store, rng: random.Random, pool: list[dict], n: int) -> str:  # type: ignore[no-untyped-def]
    text = f"Synthetic article {n} {uuid.uuid4()} for the timeline benchmark."
    article = Article(text=text, origin=f"bench:{n}", content_hash=uuid.uuid4().hex * 2,
                      text_hash=uuid.uuid4().hex * 2, title=f"Article {n}",
                      published=PublishedDate(f"{rng.randint(1995, 2024)}", "year",
                                              "metadata", "bench", 1.0), words=9)
    article_id = store.add_article(article).id
    found = [vary(rng.choice(pool), rng, article_id, i) for i in range(PER_ARTICLE)]
    store.replace_analysis(article_id, "analysed", [], found, [])
    return article_id


def unfused(store) -> list[str]:  # type: ignore[no-untyped-def]
    """Articles with events in no timeline entry (fusion places every event)."""
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(events.c.article_id).where(
            events.c.entry_id.is_(None)).distinct()).scalars())


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def timed(call, repeat: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": round(_p(times, 50), 2), "p95": round(_p(times, 95), 2),
            "max": round(max(times), 2), "runs": repeat}


def measure_fusion(path: Path, rng: random.Random, pool: list[dict],
                   articles: int) -> list[float]:
    """Milliseconds to fuse each of 30 new articles, into a throw-away copy of ``path``."""
    with tempfile.NamedTemporaryFile(dir=WORK, suffix=".db", delete=False) as handle:
        copy_path = Path(handle.name)
    try:
        shutil.copyfile(path, copy_path)
        if Path(f"{path}-wal").exists():  # a write-ahead log not yet checkpointed goes too
            shutil.copyfile(f"{path}-wal", f"{copy_path}-wal")
        store = open_store(copy_path)
        times = []
        for n in range(30):
            article_id = add_article(store, rng, pool, articles + n)
            began = time.perf_counter()
            fuse(store, [article_id])
            times.append((time.perf_counter() - began) * 1000)
        store.close()
    finally:
        for leftover in (copy_path, Path(f"{copy_path}-wal"), Path(f"{copy_path}-shm")):
            leftover.unlink(missing_ok=True)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"timeline-{args.events}.db"
    if args.rebuild and path.exists():
        path.unlink()
    pool = templates(WORK / "timeline-templates.db")
    rng = random.Random(17)
    store = open_store(path)
    articles = args.events // PER_ARTICLE
    have = store.count()
    started = time.perf_counter()
    # A build stopped between adding a batch and fusing it resumes with that batch.
    batch: list[str] = unfused(store)
    for n in range(have, articles):
        # One generator per article: a build resumed at article n writes what a build in
        # one go would (not the first articles' events again).
        batch.append(add_article(store, random.Random(n), pool, n))
        if len(batch) >= 250:
            fuse(store, batch)
            batch = []
            print(f"{n + 1} articles, {time.perf_counter() - started:.0f} s", flush=True)
    if batch:
        fuse(store, batch)
    build_seconds = time.perf_counter() - started
    load_before = os.getloadavg()
    entries = queries.timeline(store, limit=1)["total"]
    deep = queries.timeline(store, limit=1, offset=49_999)["next"]
    results = {
        "events": articles * PER_ARTICLE, "entries": entries,
        "timeline by entity (page of 100)": timed(
            lambda: queries.timeline(store, entity=rng.choice(STATES), limit=100), 50),
        "timeline by pair": timed(
            lambda: queries.timeline(store, between=tuple(rng.sample(STATES, 2)), limit=100),
            50),
        "timeline by type and years": timed(
            lambda: queries.timeline(store, type="AGREE", date_from="2000", date_to="2005",
                                     limit=100), 50),
        "timeline page deep in (offset 50,000)": timed(
            lambda: queries.timeline(store, limit=100, offset=50_000), 20),
        "timeline page deep in (cursor at 50,000)": timed(
            lambda: queries.timeline(store, limit=100, cursor=deep), 20),
        "memberships of an organisation": timed(
            lambda: queries.memberships(store, rng.choice(ORGS)), 30),
    }
    store.close()
    # Fusion is measured on a copy, so the articles it adds do not grow the store that the
    # next run measures (every run fuses into the same 100k-event store).
    fusion_times = measure_fusion(path, rng, pool, articles)
    results["fusion of one new article (20 events)"] = {
        "p50": round(_p(fusion_times, 50), 2), "p95": round(_p(fusion_times, 95), 2),
        "max": round(max(fusion_times), 2), "runs": len(fusion_times)}
    # The machine is shared: the load average (1, 5, 15 min) beside the figures.
    results["load"] = {"before": [round(x, 2) for x in load_before],
                       "after": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(results, indent=2))
    if build_seconds > 1:
        results["build_seconds"] = round(build_seconds, 1)
    write_results("speed_timeline", argv, {"results": results}, module="bench.speed_timeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
