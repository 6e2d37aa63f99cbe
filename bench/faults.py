"""Faults: kill -9 at five moments of an ingest, then a rerun; hostile queries at 10,000
articles; the fuzz run's figures.

1. **kill -9.** 300 Timeline17 articles (a fixed random sample, seed 17) as one JSON Lines
   export with their dates and outlets. A clean ``dossier ingest`` of it is the reference.
   Then, five times, the same ingest into a fresh database is killed with SIGKILL at one
   moment (10% stored, 60% stored, while enriching, while analysing, while fusing: every
   article analysed, events not yet in the timeline), watched from outside by reading the
   database (the process and its analysis workers are killed as a group); the
   same ingest is run again to its end, and the store is compared with the reference:
   articles, summaries, events and timeline entries (with their sources), IDs aside.
2. **Hostile queries.** 1,000 generated queries (seed 13) that try to be slow or to break
   the query builder (a stopword repeated hundreds of times, thousands of terms, FTS5
   syntax, unbalanced quotes, control characters, SQL, 100 KB strings...) through
   ``queries.search`` on a 10,000-article store (T17 originals and reprints, the real
   pipeline, random unit vectors as embeddings so that blended search has a matrix to
   score); the slowest, the p95, how many were refused with a clear error (a limit), and
   crashes (any other exception).
3. **Fuzz.** The figures of the last ``make fuzz`` (``bench/results/fuzz.json``).

Run from the repository root::

    python -m bench.faults [--articles 300] [--queries 1000] [--skip-kills] [--skip-queries]

Results: ``bench/results/faults.json``. The kill part takes about 15 minutes on 2 cores (six
full ingests of 300 articles with everything on); the 10,000-article store is built once
into ``bench/work/`` (a few minutes) and kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.corpus import originals, plan
from bench.eval.report import write_results

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work" / "faults"
DOSSIER = [sys.executable, "-m", "dossier.cli"]

# The moments of an ingest to kill it at: a name and a test on what the database holds.
Counts = dict[str, int]
MOMENTS: list[tuple[str, Callable[[Counts, int], bool]]] = [
    ("10% stored", lambda c, n: c["articles"] >= n // 10),
    ("60% stored", lambda c, n: c["articles"] >= n * 6 // 10),
    ("enriching", lambda c, n: c["articles"] >= n and c["embeddings"] > 0),
    ("analysing", lambda c, n: c["analysed"] >= n // 3),
    ("fusing", lambda c, n: c["analysed"] >= n and c["unfused"] > 0),
]


def snapshot(store: Any) -> dict[str, Any]:
    """What an ingest leaves, without the random IDs: articles (origin, title, date,
    summary), events (origin, type, summary, sentence), timeline entries (type, date,
    summary, sources by origin and sentence) and what is still owed."""
    from dossier import queries

    records = [queries.article(store, i) for i in store.ids()]
    return {
        "articles": sorted((r["origin"], r["title"] or "", r["published"]["value"] or "",
                            r["summary"] or "") for r in records),
        "events": sorted((e["evidence"][0]["origin"], e["type"], e["summary"],
                          e["evidence"][0]["sentence"]) for e in queries.events(store)),
        "entries": sorted(_entries(store)),
        "pending": {k: len(v) for k, v in store.pending().items()},
    }


def _entries(store: Any) -> list[tuple[Any, ...]]:
    from dossier import queries

    found, cursor = [], None
    while True:
        page = queries.timeline(store, limit=500, cursor=cursor)
        found += [(e["type"], e["date"] or "", e["summary"],
                   tuple(sorted((s["origin"], s["sentence"]) for s in e["sources"])))
                  for e in page["entries"]]
        cursor = page.get("next")
        if not cursor or not page["entries"]:
            return found


def _compare(got: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    """Equal or not, part by part, with the size of each difference."""
    out: dict[str, Any] = {}
    for part in ("articles", "events", "entries"):
        mine, theirs = set(got[part]), set(want[part])
        out[part] = {"count": len(got[part]), "missing": len(theirs - mine),
                     "extra": len(mine - theirs)}
    out["pending"] = got["pending"]
    out["equal"] = got == want
    return out


# -- 1. kill -9 ------------------------------------------------------------------------------


def write_input(count: int, path: Path) -> Path:
    """The first ``count`` T17 originals of the fixed order, as JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in originals()[:count]:
            out.write(json.dumps({"text": item.text, "date": item.date, "source": item.source,
                                  "url": f"https://t17.example/{item.origin}"}) + "\n")
    return path


def counts(db: Path) -> Counts:
    """What the database holds now (read-only, beside the writer)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return dict.fromkeys(("articles", "embeddings", "analysed", "unfused"), 0)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {"articles": one("select count(*) from articles"),
                "embeddings": one("select count(*) from embeddings"),
                "analysed": one("select count(*) from articles where analysis is not null"),
                "unfused": one("select count(*) from events where entry_id is null")}
    except sqlite3.OperationalError:  # tables not created yet
        return dict.fromkeys(("articles", "embeddings", "analysed", "unfused"), 0)
    finally:
        conn.close()


def ingest_cmd(db: Path, source: Path) -> list[str]:
    return [*DOSSIER, "--db", str(db), "ingest", "--json", str(source)]


def killed_run(db: Path, source: Path, count: int,
               moment: Callable[[Counts, int], bool]) -> dict[str, Any]:
    """Start an ingest, SIGKILL it when ``moment`` holds; what the store held then."""
    process = subprocess.Popen(ingest_cmd(db, source), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.monotonic()
    seen: Counts = {}
    while process.poll() is None:
        if db.exists() and moment(seen := counts(db), count):
            os.killpg(process.pid, signal.SIGKILL)  # the ingest and its analysis workers
            process.wait()
            return {"killed_after_s": round(time.monotonic() - started, 1), "held": seen}
        time.sleep(0.05)
    return {"killed_after_s": None, "held": counts(db), "missed": True}


def kills(count: int) -> dict[str, Any]:
    from dossier.store import open_store

    source = write_input(count, WORK / f"t17-{count}.jsonl")
    results: dict[str, Any] = {"articles": count, "moments": []}
    clean_db = WORK / "clean.db"
    _remove(clean_db)
    started = time.monotonic()
    subprocess.run(ingest_cmd(clean_db, source), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    results["clean_run_s"] = round(time.monotonic() - started, 1)
    with closing(open_store(clean_db)) as store:
        reference = snapshot(store)
    results["clean"] = {k: len(v) if isinstance(v, list) else v for k, v in reference.items()}
    print(f"clean run: {results['clean_run_s']} s, {results['clean']}", flush=True)
    stored = results["clean"]["articles"]  # a few inputs are not articles
    for name, moment in MOMENTS:
        db = WORK / "killed.db"
        _remove(db)
        kill = killed_run(db, source, stored, moment)
        started = time.monotonic()
        rerun = subprocess.run(ingest_cmd(db, source), capture_output=True, text=True)
        with closing(open_store(db)) as store:
            compared = _compare(snapshot(store), reference)
        row = {"moment": name, **kill, "rerun_s": round(time.monotonic() - started, 1),
               "rerun_exit": rerun.returncode, **compared}
        results["moments"].append(row)
        print(f"{name}: {row}", flush=True)
    return results


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# -- 2. hostile queries ----------------------------------------------------------------------

STOPWORDS = ("the", "a", "of", "and", "to", "in", "is", "said")
FTS_SYNTAX = ("OR", "AND", "NOT", "NEAR", "NEAR/2", "*", "^", "title:", "text:", "(", ")",
              '"', "-", "+", ":", "{", "}", "\\", "'", ";", "--", "/*")


def hostile_queries(count: int, words: list[str], limit: int, seed: int = 13) -> list[str]:
    """Queries built to be slow or to break a query builder, in ten families; every other
    one cut to ``limit`` characters."""
    rng = random.Random(seed)
    makers: list[Callable[[], str]] = [
        lambda: " ".join([rng.choice(STOPWORDS)] * rng.randint(50, 2000)),
        lambda: " ".join(rng.choices(words, k=rng.randint(30, 3000))),
        lambda: " OR ".join(rng.choices(words, k=rng.randint(10, 500))),
        lambda: " ".join(rng.choice(FTS_SYNTAX) + rng.choice(words) for _ in range(
            rng.randint(1, 200))),
        lambda: '"' * rng.randint(1, 99) + " ".join(rng.choices(words, k=rng.randint(1, 50))),
        lambda: "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 3000))),
        lambda: rng.choice(["'; DROP TABLE articles; --", "1=1 OR", "\x00" * 50,
                            "%_%_%", "*" * 500]) + " " + rng.choice(words),
        lambda: rng.choice(words) * rng.randint(100, 20000),
        lambda: " ".join(w + "*" for w in rng.choices(words, k=rng.randint(1, 300))),
        lambda: " NEAR(".join(rng.choices(words, k=rng.randint(2, 100))) + ")" * 50,
    ]
    made = [makers[n % len(makers)]() for n in range(count)]
    # Half are cut to the length a query may have, so that they reach the query builder and
    # the index rather than being refused at the door.
    return [q if n % 2 else q[:limit] for n, q in enumerate(made)]


def search_store(db: Path, size: int) -> Any:
    """A store of ``size`` T17 articles (originals, then reprints) through the real pipeline,
    with a random unit vector per article (blended search scores them all)."""
    import numpy as np

    from dossier.pipeline import analyse
    from dossier.store import open_store

    store = open_store(db)
    if store.count() >= size:
        return store
    from dossier.errors import InputError
    from dossier.ingest.files import sha256
    from dossier.model import RawDocument

    stored = {record["origin"] for record in store.articles()}
    rng = np.random.default_rng(5)
    # Some inputs are not articles or repeat another's text: plan a tenth more than needed.
    for item in plan(min(2500, size), size * 11 // 10):
        if item.origin in stored:
            continue
        raw = RawDocument(origin=item.origin, content_hash=sha256(item.origin.encode()),
                          text=item.text, date=item.date, source=item.source)
        try:
            added = store.add_article(analyse(raw))
        except InputError:
            continue
        if added.status == "added":
            vector = rng.normal(size=384).astype(np.float32)
            store.put_embedding(added.id, "all-MiniLM-L6-v2", vector / np.linalg.norm(vector))
            if store.count() >= size:
                break
    return store


def queries_probe(count: int, size: int) -> dict[str, Any]:
    from dossier import queries
    from dossier.errors import DossierError

    store = search_store(WORK / f"search-{size}.db", size)
    store_size = store.count()
    words = sorted({w.strip(".,\"'()") for item in originals()[:200]
                    for w in item.text.split() if w.isalpha()})
    from dossier.settings import default_settings

    timings: list[tuple[float, str, str]] = []
    refused = crashes = 0
    examples: dict[str, str] = {}
    queries.search(store, "election results")  # the embedding model loads once, untimed
    limit = default_settings().max_query_chars
    for n, query in enumerate(hostile_queries(count, words, limit)):
        mode = "blended" if n // 2 % 2 else "lexical"
        started = time.perf_counter()
        try:
            queries.search(store, query, semantic=mode == "blended")
        except DossierError as error:
            refused += 1
            examples.setdefault(str(error).split("(setting ")[-1][:40], str(error)[:200])
        except Exception as error:  # a crash: what this counts
            crashes += 1
            examples.setdefault("crash " + type(error).__name__, repr(error)[:200])
        timings.append((time.perf_counter() - started, mode, query[:80]))
    store.close()
    seconds = sorted(t for t, _, _ in timings)
    slowest = max(timings)
    return {
        "articles": store_size, "queries": count, "refused": refused, "crashes": crashes,
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(seconds[int(len(seconds) * 0.95)] * 1000, 1),
        "slowest_ms": round(slowest[0] * 1000, 1),
        "slowest": {"mode": slowest[1], "query_start": slowest[2]},
        "messages": examples,
    }


# -- 3. fuzz ---------------------------------------------------------------------------------


def fuzz_figures() -> dict[str, Any] | None:
    path = REPO / "bench" / "results" / "fuzz.json"
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    return {"date": record.get("date"), "commit": record.get("commit"),
            "parsers": [{k: row[k] for k in ("parser", "inputs", "crashes", "slowest_ms")}
                        for row in record.get("parsers", [])]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--search-articles", type=int, default=10000)
    parser.add_argument("--skip-kills", action="store_true")
    parser.add_argument("--skip-queries", action="store_true")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # A part skipped keeps the figures of its last run.
    previous = REPO / "bench" / "results" / "faults.json"
    body: dict[str, Any] = {
        part: value for part, value in (json.loads(previous.read_text(encoding="utf-8"))
                                        if previous.exists() else {}).items()
        if part in ("kills", "queries")}
    if not args.skip_kills:
        body["kills"] = kills(args.articles)
    if not args.skip_queries:
        body["queries"] = queries_probe(args.queries, args.search_articles)
        print(json.dumps(body["queries"], indent=2), flush=True)
    body["fuzz"] = fuzz_figures()
    write_results("faults", argv, body, module="bench.faults")
    return 0


if __name__ == "__main__":
    sys.exit(main())
