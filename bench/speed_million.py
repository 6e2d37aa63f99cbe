"""PostgreSQL at a million articles: lexical and blended search, similar readings, a
timeline page and memberships, with the store's size on disk and the vector index's.

    python -m bench.speed_million [--articles 1000000] [--rebuild] [--events-articles 1000]
    python -m bench.speed_million --no-vectors [--label after]   # without the vector index

Builds (once; ``--rebuild`` starts again) the database ``dossier_million`` on the server of
``$DOSSIER_BENCH_PG`` (default ``postgresql://postgres@127.0.0.1:5432/test``), migrated by
the store, then loaded with COPY, not the analysis:

- articles: title and text made of real sentences of Timeline17 (3-6 sentences of one
  topic folder, the title the first words of one more), dates spread over 1995-2024, one of
  40 sources; the full-text index (migration 0002's GIN index on the generated tsvector) is
  dropped for the load and built again after it, as a bulk load should;
- embeddings: random unit-norm 384-d float32 vectors in clusters (1,000 topics, a story per
  50 articles around its topic, each article around its story: cosine about 0.5 between two
  articles of a story), so that nearest neighbours exist as they do between real articles;
- events on ``--events-articles`` of the articles (20 each, the real events of the seeds
  moved across dates and actors, as ``bench.speed_timeline`` makes them), written with the
  store's ``replace_analysis`` and fused with the real ``fuse``: the timeline and
  memberships.

Then the nearest-neighbour index (``dossier.search.vectors``) is built, or brought up to
date from its file, and each query is timed (p50 / p95 / max, ms, after a warm-up). The
query plans of the lexical search, a timeline page and memberships are checked with EXPLAIN
(statements recorded while the real query functions run). Writes
``bench/results/speed_million.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import sqlalchemy as sa

from bench.eval.report import write_results

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
T17 = REPO.parent / "shared" / "data" / "t17" / "Timeline17"
SERVER = os.environ.get("DOSSIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "dossier_million"
DIM = 384
TOPICS = 1000
PER_STORY = 50
SPREAD = 0.05  # per-dimension noise: cosine ~0.7 to the centre, ~0.5 between two of a story
CHUNK = 50_000
SOURCES = ["Reuters", "BBC", "CNN", "The Guardian", "Washington Post", "Fox News",
           "Al Jazeera", "AP", "AFP", "Bloomberg", "New York Times", "Irish Times",
           "Yahoo News", "Le Monde", "Der Spiegel", "El Pais", "NPR", "Sky News", "ABC",
           "CBS", "NBC", "Financial Times", "The Times", "The Telegraph", "The Independent",
           "Times of India", "Dawn", "Haaretz", "Moscow Times", "Kyiv Post", "RFE/RL",
           "Eurasianet", "The Diplomat", "South China Morning Post", "Japan Times",
           "Sydney Morning Herald", "Globe and Mail", "Toronto Star", "Politico", "Axios"]
QUERIES = ["oil spill", "Deepwater Horizon", "swine flu", "H1N1 vaccine", "Haiti earthquake",
           "Michael Jackson", "Mubarak", '"Tahrir Square"', "Gaddafi", "NATO air strikes",
           "Assad", "Homs", "Iraq war", "Saddam Hussein", "Lehman Brothers", "bailout",
           '"Federal Reserve"', "rebels Tripoli", "Muslim Brotherhood", "relief well",
           "Port-au-Prince", "Conrad Murray", "Benghazi", "subprime mortgage", "Tamiflu"]


def admin_url() -> str:
    return SERVER.replace("postgresql+psycopg://", "postgresql://")


def target_url() -> str:
    return admin_url().rsplit("/", 1)[0] + "/" + DB_NAME


def create_database(rebuild: bool) -> None:
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        if rebuild:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (DB_NAME,)).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def sentences() -> list[list[str]]:
    """The sentences of each Timeline17 topic folder (one a line in its files)."""
    topics = []
    for folder in sorted(p for p in T17.iterdir() if p.is_dir()):
        lines: list[str] = []
        for path in sorted((folder / "InputDocs").rglob("*.txt")):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = " ".join(line.split())
                if 40 <= len(line) <= 300 and line[0].isupper():
                    lines.append(line)
        topics.append(lines)
    return topics


def centres(articles: int) -> tuple[np.ndarray, np.ndarray]:
    """Topic and story centres (unit vectors), the same for a given corpus size."""
    rng = np.random.default_rng(17)
    topics = _unit(rng.standard_normal((TOPICS, DIM), dtype=np.float32))
    stories = max(1, articles // PER_STORY)
    story_topic = rng.integers(0, TOPICS, stories)
    noise = rng.standard_normal((stories, DIM), dtype=np.float32) * SPREAD
    return story_topic, _unit(topics[story_topic] + noise)


def _unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def article_id(n: int) -> str:
    digest = hashlib.sha256(f"million:{n}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


def chunk_rows(start: int, stop: int, pool: list[list[str]], story_topic: np.ndarray,
               stories: np.ndarray) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(article row, embedding row) for articles start..stop-1; one generator per chunk,
    so a load resumed at a chunk writes what a load in one go would."""
    rng = random.Random(start)
    noise = np.random.default_rng(start).standard_normal((stop - start, DIM),
                                                         dtype=np.float32) * SPREAD
    story = np.random.default_rng(start + 1).integers(0, len(stories), stop - start)
    vectors = _unit(stories[story] + noise)
    first_day = date(1995, 1, 1)
    for offset, n in enumerate(range(start, stop)):
        lines = pool[int(story_topic[story[offset]]) % len(pool)]
        body = rng.sample(lines, rng.randint(3, 6))
        title = " ".join(rng.choice(lines).split()[: rng.randint(6, 11)]).rstrip(",.;:")
        text = "\n\n".join(body)
        published = (first_day + timedelta(days=rng.randrange(30 * 365))).isoformat()
        words = len(text.split())
        ident = article_id(n)
        hashed = hashlib.sha256(f"{n}:{text}".encode()).hexdigest()
        article = (ident, hashed, hashed, title, rng.choice(SOURCES), published, "day",
                   "metadata", 1.0, text, words, max(1, words // 230), "en",
                   f"bench:million:{n}", "{}", "[]", "2026-12-08 00:00:00",
                   "2026-12-08 00:00:00", "analysed")
        yield article, (ident, vectors[offset].tobytes())


ARTICLE_COLUMNS = ("id, content_hash, text_hash, title, source, published, "
                   "published_precision, published_method, published_confidence, text, "
                   "words, reading_minutes, language, origin, meta, removed, created, "
                   "updated, analysis")


def load(articles: int, model: str) -> dict[str, float]:
    """COPY the articles and embeddings not there yet; seconds per part."""
    timings: dict[str, float] = {}
    with psycopg.connect(target_url()) as conn:
        have = conn.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
        if have >= articles:
            return timings
        have -= have % CHUNK  # a chunk half loaded (stopped mid-COPY) is rolled back
        conn.execute("DELETE FROM articles WHERE origin LIKE 'bench:million:%%' AND "
                     "split_part(origin, ':', 3)::int >= %s", (have,))
        conn.execute("DROP INDEX IF EXISTS ix_articles_search")
        conn.commit()
        pool = sentences()
        story_topic, stories = centres(articles)
        started = time.perf_counter()
        for start in range(have, articles, CHUNK):
            stop = min(articles, start + CHUNK)
            rows = list(chunk_rows(start, stop, pool, story_topic, stories))
            with conn.cursor() as cur:
                with cur.copy(f"COPY articles ({ARTICLE_COLUMNS}) FROM STDIN") as copy:
                    for article, _ in rows:
                        copy.write_row(article)
                with cur.copy("COPY embeddings (article_id, model, vector) FROM STDIN "
                              "(FORMAT BINARY)") as copy:
                    copy.set_types(["varchar", "text", "bytea"])
                    for _, (ident, vector) in rows:
                        copy.write_row((ident, model, vector))
            conn.commit()
            print(f"{stop} articles, {time.perf_counter() - started:.0f} s", flush=True)
        timings["copy articles and embeddings"] = time.perf_counter() - started
        # One write of the embeddings: a process that read them before sees them move.
        conn.execute("UPDATE generations SET value = value + 1 WHERE name = 'embeddings'")
        conn.commit()
    return timings


def full_text_index() -> float:
    """Migration 0002's GIN index, built after the load (seconds; 0 when it is there)."""
    with psycopg.connect(target_url(), autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('ix_articles_search')").fetchone()[0]:  # type: ignore[index]
            return 0.0
        started = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("CREATE INDEX ix_articles_search ON articles USING gin(search)")
        conn.execute("ANALYZE")
        return time.perf_counter() - started


def add_events(store, count: int) -> float:  # type: ignore[no-untyped-def]
    """20 events on each of the first ``count`` articles, fused (seconds; 0 when done)."""
    from bench.speed_timeline import PER_ARTICLE, templates, vary
    from dossier.corpus.fusion import fuse
    from dossier.store.schema import events

    with store.engine.connect() as conn:
        done = {row for row in conn.execute(sa.select(events.c.article_id).distinct())
                .scalars()}
    todo = [article_id(n) for n in range(count) if article_id(n) not in done]
    if not todo:
        return 0.0
    WORK.mkdir(parents=True, exist_ok=True)
    pool = templates(WORK / "timeline-templates.db")
    started = time.perf_counter()
    for at in range(0, len(todo), 250):
        batch = todo[at: at + 250]
        for ident in batch:
            rng = random.Random(ident)
            found = [vary(rng.choice(pool), rng, ident, i) for i in range(PER_ARTICLE)]
            store.replace_analysis(ident, "analysed", [], found, [])
        fuse(store, batch)
        print(f"events: {at + len(batch)} articles, {time.perf_counter() - started:.0f} s",
              flush=True)
    return time.perf_counter() - started


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def chronology_queries(store) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Timeline pages (by entity, pair, type and years) and memberships, timed."""
    from bench.speed_timeline import ORGS, STATES
    from dossier import queries

    results = {}
    results["timeline page (100) by entity"] = timed(
        lambda i: queries.timeline(store, entity=STATES[i % len(STATES)], limit=100), 50)
    results["timeline page by pair"] = timed(
        lambda i: queries.timeline(store, between=(STATES[i % 24], STATES[(i + 5) % 24]),
                                   limit=100), 50)
    results["timeline page by type and years"] = timed(
        lambda i: queries.timeline(store, type="AGREE", date_from="2000", date_to="2005",
                                   limit=100), 30)
    results["memberships of an organisation"] = timed(
        lambda i: queries.memberships(store, ORGS[i % len(ORGS)]), 30)
    return results


def timed(call: Callable[[int], Any], repeat: int) -> dict[str, Any]:
    """p50 / p95 / max ms of ``call(i)`` for i in range(repeat), after one warm-up call,
    with the load average when it started."""
    call(repeat)
    load_at = round(os.getloadavg()[0], 2)
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": round(_p(times, 50), 1), "p95": round(_p(times, 95), 1),
            "max": round(max(times), 1), "runs": repeat, "load": load_at}


class Statements:
    """The SQL statements a block runs (to EXPLAIN them afterwards)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.seen: list[tuple[str, Any]] = []

    def __enter__(self) -> Statements:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.seen.append((statement, parameters))


def plans(store, call: Callable[[], Any]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Each statement ``call`` runs, with the scans of its plan (EXPLAIN, not ANALYZE:
    the plan the server picks, without running it twice)."""
    with Statements(store.engine) as recorded:
        call()
    found = []
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        for statement, parameters in recorded.seen:
            if "alembic_version" in statement or "generations" in statement:
                continue
            with raw.cursor() as cur:  # type: ignore[union-attr]
                cur.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
                plan = cur.fetchone()[0][0]["Plan"]
            scans = sorted({_scan(node) for node in _nodes(plan) if "Scan" in node["Node Type"]})
            found.append({"statement": " ".join(statement.split())[:160], "scans": scans,
                          "cost": plan["Total Cost"]})
    return found


def _scan(node: dict[str, Any]) -> str:
    on = node.get("Index Name") or node.get("Relation Name") or ""
    return f"{node['Node Type']} {on}".strip()


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def sizes(store, index_path: Path | None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        database = conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar()
        tables = {name: conn.execute(sa.text(f"SELECT pg_total_relation_size('{name}')")).scalar()
                  for name in ("articles", "embeddings", "events", "entries", "neighbours")}
        gin = conn.execute(sa.text("SELECT pg_relation_size('ix_articles_search')")).scalar()
    files = sorted(index_path.parent.glob(index_path.name + "*")) if index_path else []
    return {"database_mb": round(database / 2**20), "tables_mb": {
        k: round(v / 2**20) for k, v in tables.items()}, "full_text_index_mb": round(gin / 2**20),
        "vector_index_files_mb": {p.name: round(p.stat().st_size / 2**20, 1) for p in files}}


def query_timings(store, count: int, articles: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The queries that need no vector index: p50 / p95 / max ms of each."""
    from dossier import queries
    from dossier.corpus import similar

    rng = random.Random(4)
    ids = [article_id(rng.randrange(min(count, articles))) for _ in range(60)]
    rows = store.rows(ids)
    texts = store.texts(ids)
    results: dict[str, Any] = {}
    results["search (lexical)"] = timed(
        lambda i: queries.search(store, QUERIES[i % len(QUERIES)], semantic=False), 50)
    # The lexical half of linking one article (similar.update's OR-query of its keywords):
    # the whole of update's cost in the first run; its vector half is the index's.
    results["similar readings: lexical half of linking one article"] = timed(
        lambda i: similar._lexical_scores(store, ids[i % 60], texts[ids[i % 60]],
                                          rows[ids[i % 60]].get("title")), 30)
    results["article by a typed ID prefix (8 characters)"] = timed(
        lambda i: store.article(ids[i % 60][:8]), 60)
    results.update(chronology_queries(store))
    return results


def without_vectors(store, args: argparse.Namespace, argv: list[str] | None,  # type: ignore[no-untyped-def]
                    build: dict[str, Any]) -> int:
    """``--no-vectors``: time the queries that need no vector index, check their plans,
    and add the run to the results file beside the full run already there."""
    import subprocess

    from dossier import queries
    from dossier.corpus import similar

    with store.engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
    results: dict[str, Any] = {"articles": count} | query_timings(store, count, args.articles)
    some = article_id(0)
    checked = {
        "search (lexical)": plans(store, lambda: queries.search(store, "oil spill",
                                                                semantic=False)),
        "similar readings: lexical half": plans(store, lambda: similar._lexical_scores(
            store, some, store.texts([some])[some], store.rows([some])[some].get("title"))),
        "article by a typed ID prefix": plans(store, lambda: store.article(some[:8])),
        "timeline page by entity": plans(store, lambda: queries.timeline(
            store, entity="RUS", limit=100)),
        "memberships": plans(store, lambda: queries.memberships(store, "CSTO")),
    }
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    store.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "dossier"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    run = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "label": args.label,
           "commit": commit + (" + working tree" if dirty else ""),
           "command": "python -m bench.speed_million " + " ".join(
               argv if argv is not None else sys.argv[1:]),
           "build_seconds": build, "results": results, "plans": checked}
    print(json.dumps(run, indent=2))
    path = REPO / "bench" / "results" / "speed_million.json"
    record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    record.setdefault("runs_without_vector_index", []).append(run)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--events-articles", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--load-only", action="store_true", help="build the database, stop")
    parser.add_argument("--no-vectors", action="store_true",
                        help="skip the vector index (10-35 min to build): time only the "
                        "lexical search, the similar readings' lexical half, a typed ID "
                        "prefix, timeline pages and memberships; the run is added to the "
                        "results file's 'runs_without_vector_index'")
    parser.add_argument("--label", default="", help="a word for the run (before, after)")
    args = parser.parse_args(argv)
    from dossier import queries
    from dossier.nlp.embed import MODEL_NAME
    from dossier.search import vectors
    from dossier.store import open_store

    build: dict[str, Any] = {"load_at_start": [round(x, 2) for x in os.getloadavg()]}
    create_database(args.rebuild)
    store = open_store(target_url())
    if args.rebuild:
        vectors.remove_index(store, MODEL_NAME)
    build |= {k: round(v, 1) for k, v in load(args.articles, MODEL_NAME).items()}
    build["full-text index (GIN)"] = round(full_text_index(), 1)
    build["events and fusion"] = round(add_events(store, args.events_articles), 1)
    if build["events and fusion"]:
        # Fresh statistics for the tables the events filled: without them (autovacuum is
        # off on this server) the planner read a page's events by a Seq Scan of events.
        with psycopg.connect(target_url(), autocommit=True) as conn:
            conn.execute("ANALYZE")
    if args.load_only:
        store.close()
        print(json.dumps(build, indent=2))
        return 0
    if args.no_vectors:
        return without_vectors(store, args, argv, build)
    started = time.perf_counter()
    space = vectors.space(store, MODEL_NAME)
    build["vector index (build or load)"] = round(time.perf_counter() - started, 1)
    build["vector index kind"] = type(space).__name__
    build["load_after_build"] = [round(x, 2) for x in os.getloadavg()]

    rng = random.Random(4)
    with store.engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
    ids = [article_id(rng.randrange(min(count, args.articles))) for _ in range(60)]
    # Similar readings stored for a few articles, as the ingest links them.
    from dossier.corpus import similar

    results: dict[str, Any] = {"articles": count}
    results["similar readings: linking one article (similar.update)"] = timed(
        lambda i: similar.update(store, [ids[i % len(ids)]], MODEL_NAME), 30)
    results["similar readings: reading an article's (queries.similar)"] = timed(
        lambda i: queries.similar(store, ids[i % 30]), 60)
    results["search (lexical)"] = timed(
        lambda i: queries.search(store, QUERIES[i % len(QUERIES)], semantic=False), 50)
    from dossier.search.engine import query_vector

    for query in QUERIES:  # the model loaded and each query encoded once, before timing
        query_vector(query)
    results["search (blended), query vectors encoded before"] = timed(
        lambda i: queries.search(store, QUERIES[i % len(QUERIES)], semantic=True), 50)

    def cold(i: int) -> None:
        query_vector.cache_clear()
        queries.search(store, QUERIES[i % len(QUERIES)], semantic=True)

    results["search (blended), query encoded in the call"] = timed(cold, 50)
    results["  of which encoding one query"] = timed(
        lambda i: (query_vector.cache_clear(), query_vector(QUERIES[i % len(QUERIES)])), 50)
    results.update(chronology_queries(store))
    checked = {
        "search (lexical)": plans(store, lambda: queries.search(store, "oil spill",
                                                                semantic=False)),
        "timeline page by entity": plans(store, lambda: queries.timeline(
            store, entity="RUS", limit=100)),
        "memberships": plans(store, lambda: queries.memberships(store, "CSTO")),
    }
    # How many articles each query matches: the lexical search ranks all of them.
    with store.engine.connect() as conn:
        results["articles matched per lexical query"] = {
            query: conn.execute(sa.text(
                "SELECT count(*) FROM articles WHERE search @@ "
                "websearch_to_tsquery('english', :q)"), {"q": query}).scalar_one()
            for query in QUERIES}
    index_path = getattr(space, "path", None)
    results["sizes"] = sizes(store, index_path)
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    store.close()
    print(json.dumps({"build_seconds": build, "results": results, "plans": checked}, indent=2))
    write_results("speed_million", argv, {"build_seconds": build, "results": results,
                                          "plans": checked}, module="bench.speed_million")
    return 0


if __name__ == "__main__":
    sys.exit(main())
