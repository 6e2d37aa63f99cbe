"""A 10,000-article store for the reading-app benchmarks, built from Timeline17 (T17).

    python -m bench.corpus warm  [--originals N]          # sentence vectors only (slow part)
    python -m bench.corpus build [--originals N] [--size 10000] [--db PATH]
    python -m bench.corpus build --originals 4650 --size 0 --db bench/work/t17-originals.db

T17 (../shared/data/t17/Timeline17) holds 4,650 articles as ``<Topic>/InputDocs/<YYYY-MM-DD>/
<id>.htm.txt``, one sentence per line; the folder date is the publication date. Each original
goes in once as it is; variants fill the store up to ``--size``: the same article reprinted
by another outlet, trimmed or shortened, some with the paragraphs after the lead shuffled
(see :func:`variant`). Variants have other bytes and other text, so
neither hash matches: they are the reprints a real archive holds, and the similar readings
must mark them "same story".

Every article goes through the real pipeline (``dossier.pipeline.analyse`` then
``Store.add_article``), gets its summary and document embedding from the same functions
``dossier.corpus.enrich.enrich`` calls (``sentences_of``, ``summary_from``,
``put_embedding``, ``set_summary``) and its links from the real
``dossier.corpus.similar.update``, in batches. The one shortcut is that sentence vectors
come from a cache (``bench/work/sentences.db``, keyed by the sentence's text) filled in
large batches, so a variant reuses its original's vectors: all-MiniLM-L6-v2 encodes about
30 sentences a second on this 2-core machine, and that is most of the build.

Everything is resumable: the cache keeps what was encoded, the store keeps the articles,
summaries and embeddings written, and ``<db>.state.json`` the similar-links batches done.
Originals are taken in a fixed random order (seed 17), so ``--originals N`` is a fixed
random sample and a larger N extends a smaller one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "t17" / "Timeline17"
WORK = ROOT / "bench" / "work"
DEFAULT_DB = WORK / "corpus-10k.db"
SEED = 17
CHUNK = 64  # articles per analyse / embed / store round
LINK_BATCH = 250  # articles per similar.update call
# Originals in the 10k store: the rest are variants. 2,500 rather than all 4,650 keeps the
# sentence encoding (about 21 sentences per article at ~30 a second) near half an hour.
DEFAULT_ORIGINALS = 2500
OUTLETS = {
    "bbc": "BBC", "cnn": "CNN", "guardian": "The Guardian", "reuters": "Reuters",
    "foxnews": "Fox News", "washingtonpost": "The Washington Post",
}
# Reprints appear under an aggregator's or a regional paper's name.
REPRINTERS = ("Yahoo News", "MSN News", "The Independent", "Daily Herald", "NewsNow",
              "The Times of India", "Sydney Morning Herald", "Irish Times")


@dataclass(frozen=True)
class Item:
    """One article to store: an original T17 file or a variant of one."""

    origin: str  # "t17/<Topic>/InputDocs/<date>/<file>[#variant]"
    topic: str
    date: str
    source: str
    text: str
    variant: str = ""  # "", "trim" or "shuffle"

    @property
    def key(self) -> str:
        return self.origin.split("#")[0]


def topic_subject(topic: str) -> str:
    """The subject of a T17 folder: its name before the outlet ("bpoil_bbc" -> "bpoil")."""
    return topic.rsplit("_", 1)[0]


def originals(data: Path = DATA) -> list[Item]:
    """Every T17 article, in a fixed random order (seed 17)."""
    found = []
    for path in sorted(data.glob("*/InputDocs/*/*.htm.txt")):
        topic = path.parts[-4]
        outlet = topic.rsplit("_", 1)[1]
        text = path.read_bytes().decode("utf-8", errors="replace")
        found.append(Item(f"t17/{topic}/InputDocs/{path.parent.name}/{path.name}", topic,
                          path.parent.name, OUTLETS.get(outlet, outlet), text))
    random.Random(SEED).shuffle(found)
    return found


KINDS = ("trim", "shuffle", "short", "short-shuffle")


def variant(item: Item, kind: str, rng: random.Random) -> Item:
    """A reprint of ``item`` under another outlet's name: "trim" drops the last eighth of its
    paragraphs, "short" keeps the first 60 %; "shuffle" and "short-shuffle" also put the
    paragraphs after the lead in another order (only among the first 24, so the sentences
    the summary embeds stay the original's)."""
    lines = [line for line in item.text.splitlines() if line.strip()]
    if len(lines) > 4:
        keep = (len(lines) - max(1, len(lines) // 8) if kind in ("trim", "shuffle")
                else max(4, round(len(lines) * 0.6)))
        lines = lines[:keep]
    if kind.endswith("shuffle") and len(lines) > 3:
        head = lines[1:24]
        rng.shuffle(head)
        lines = [lines[0], *head, *lines[24:]]
    return Item(f"{item.origin}#{kind}", item.topic, item.date, rng.choice(REPRINTERS),
                "\n".join(lines) + "\n", kind)


def plan(count: int, size: int, data: Path = DATA) -> list[Item]:
    """The first ``count`` originals, then variants of them (one kind per round, each
    original in turn) until ``size`` articles or every kind is used."""
    chosen = originals(data)[:count]
    items = list(chosen)
    rng = random.Random(SEED + 1)
    for kind in KINDS:
        for original in chosen:
            if len(items) >= size:
                return items
            items.append(variant(original, kind, rng))
    return items


# -- sentence vectors ------------------------------------------------------------------------


class SentenceCache:
    """all-MiniLM-L6-v2 vectors of sentences, by the sentence's text, in a SQLite file."""

    def __init__(self, path: Path = WORK / "sentences.db") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
        self._embedder = None

    @staticmethod
    def key(sentence: str) -> str:
        return hashlib.sha1(sentence.encode("utf-8")).hexdigest()

    @property
    def embedder(self):  # type: ignore[no-untyped-def]
        if self._embedder is None:
            from dossier.nlp.embed import default_embedder

            self._embedder = default_embedder()
        return self._embedder

    def vectors(self, sentences: list[str]) -> tuple[np.ndarray, int]:
        """One row per sentence (encoding those not cached yet), and how many were encoded."""
        keys = [self.key(s) for s in sentences]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self.db.execute(
                    f"SELECT key, v FROM vectors WHERE key IN ({marks})", part):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = {k: s for k, s in zip(keys, sentences, strict=True) if k not in found}
        if missing:
            encoded = self.embedder.encode(list(missing.values()))
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", [
                    (k, v.astype(np.float32).tobytes())
                    for k, v in zip(missing, encoded, strict=True)])
            found.update(zip(missing, encoded, strict=True))
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32), 0
        return np.vstack([found[k] for k in keys]), len(missing)


def analysed(items: list[Item]) -> Iterator[tuple[Item, object]]:
    """(item, Article) for the items the pipeline accepts as articles."""
    from dossier.errors import InputError
    from dossier.model import RawDocument
    from dossier.pipeline import analyse

    for item in items:
        raw = RawDocument(origin=item.origin, content_hash=hashlib.sha256(
            item.text.encode("utf-8")).hexdigest(), text=item.text, date=item.date,
            source=item.source, encoding="utf-8")
        try:
            yield item, analyse(raw)
        except InputError:
            continue  # a few T17 files are empty


def warm(count: int, cache: SentenceCache, log=print) -> None:  # type: ignore[no-untyped-def]
    """Fill the cache with the sentence vectors of the first ``count`` originals."""
    from dossier.corpus.summary import sentences_of

    items = originals()[:count]
    started, encoded = time.perf_counter(), 0
    for start in range(0, len(items), CHUNK):
        sentences = []
        for _, article in analysed(items[start : start + CHUNK]):
            sentences += [article.text[s:e] for s, e in sentences_of(article.text)]
        encoded += cache.vectors(sentences)[1]
        elapsed = time.perf_counter() - started
        log(f"warm: {min(start + CHUNK, len(items))}/{len(items)} originals, {encoded} "
            f"sentences encoded, {elapsed:.0f} s ({encoded / max(elapsed, 1e-9):.1f}/s)")


# -- the store -------------------------------------------------------------------------------


def _state(db: Path) -> dict:  # type: ignore[type-arg]
    path = db.with_suffix(".state.json")
    return json.loads(path.read_text()) if path.exists() else {}


def _save_state(db: Path, state: dict) -> None:  # type: ignore[type-arg]
    db.with_suffix(".state.json").write_text(json.dumps(state, indent=1) + "\n")


def _store_items(store, items: list[Item], state: dict, key: str, cache: SentenceCache,  # type: ignore[no-untyped-def,type-arg]
                 log, until: int | None = None) -> None:
    """Store, summarise and embed ``items`` from ``state[key]`` on, chunk by chunk, until
    ``until`` articles are stored; the state is saved after every chunk."""
    from dossier.corpus.enrich import SUMMARY_METHOD
    from dossier.corpus.summary import sentences_of, summary_from
    from dossier.nlp.embed import MODEL_NAME

    started = time.perf_counter()
    start = state.get(key, 0)
    while start < len(items) and (until is None or len(state["ids"]) < until):
        chunk = items[start : start + (CHUNK if until is None
                                       else min(CHUNK, until - len(state["ids"])))]
        accepted = list(analysed(chunk))
        state["failed"] += len(chunk) - len(accepted)
        fresh = []
        known = set(state["ids"])
        for _item, article in accepted:
            result = store.add_article(article)
            # A "duplicate" not known yet was stored by a run stopped inside this chunk.
            if result.status == "duplicate" and result.id in known:
                state["duplicates"] += 1
                continue
            known.add(result.id)
            fresh.append((result.id, article))
        spans = {i: sentences_of(a.text) for i, a in fresh}
        flat = [a.text[s:e] for i, a in fresh for s, e in spans[i]]
        vectors, _ = cache.vectors(flat)
        at = 0
        for article_id, article in fresh:
            own = vectors[at : at + len(spans[article_id])]
            at += len(spans[article_id])
            if not len(own):
                continue
            summary = summary_from(article.text, spans[article_id], own, SUMMARY_METHOD)
            store.set_summary(article_id, summary.text, summary.method)
            centroid = own.mean(axis=0)
            store.put_embedding(article_id, MODEL_NAME,
                                centroid / (np.linalg.norm(centroid) or 1))
            state["ids"].append(article_id)
        start = state[key] = start + len(chunk)
        _save_state(store.bench_db, state)
        log(f"{key}: {state[key]}/{len(items)} items, {len(state['ids'])} articles, "
            f"{time.perf_counter() - started:.0f} s")


def top_up(items: list[Item]) -> list[Item]:
    """More reprints ("short-shuffle" of each original in turn, then "trim" with another
    shuffle) for when the store rejects some variants as the same text as their original
    (articles of four lines or fewer trim to themselves)."""
    chosen = [i for i in items if not i.variant]
    rng = random.Random(SEED + 2)
    return ([variant(o, "short-shuffle", rng) for o in chosen]
            + [variant(o, "shuffle", rng) for o in chosen])


def build(db: Path, items: list[Item], cache: SentenceCache, log=print,  # type: ignore[no-untyped-def]
          size: int = 0) -> dict:  # type: ignore[type-arg]
    """Store, summarise, embed and link ``items`` in ``db``, then top up with more reprints
    until ``size`` articles are stored (some variants are the same text as their original);
    resumable. Returns the state."""
    from dossier.corpus import similar
    from dossier.nlp.embed import MODEL_NAME
    from dossier.store import open_store

    db.parent.mkdir(parents=True, exist_ok=True)
    state = _state(db)
    plan_id = hashlib.sha1("\n".join(i.origin for i in items).encode()).hexdigest()
    if state.get("plan") not in (None, plan_id):
        raise SystemExit(f"{db} was built from another plan; remove it and its .state.json")
    state.setdefault("plan", plan_id)
    for key, value in (("stored", 0), ("linked", 0), ("ids", []), ("duplicates", 0),
                       ("failed", 0)):
        state.setdefault(key, value)
    store = open_store(db)
    store.bench_db = db
    started = time.perf_counter()
    _store_items(store, items, state, "stored", cache, log)
    if size and len(state["ids"]) < size:
        # Topped up after the first links: these arrive as new articles do.
        _link(store, state, similar, MODEL_NAME, log, started)
        _store_items(store, top_up(items), state, "topped_up", cache, log, until=size)
    _link(store, state, similar, MODEL_NAME, log, started)
    store.close()
    state["done"] = True
    state["size"] = size
    _save_state(db, state)
    return state


def _link(store, state, similar, model, log, started) -> None:  # type: ignore[no-untyped-def]
    ids = state["ids"]
    for start in range(state["linked"], len(ids), LINK_BATCH):
        similar.update(store, ids[start : start + LINK_BATCH], model)
        state["linked"] = min(start + LINK_BATCH, len(ids))
        _save_state(store.bench_db, state)
        log(f"links: {state['linked']}/{len(ids)}, {time.perf_counter() - started:.0f} s")


def ensure(  # type: ignore[no-untyped-def]
    db: Path = DEFAULT_DB, count: int = DEFAULT_ORIGINALS, size: int = 10_000, log=print
) -> Path:
    """The store at ``db``, built (or finished) if needed."""
    state = _state(db)
    if not state.get("done") or state.get("size") != size:
        build(db, plan(count, size), SentenceCache(), log=log, size=size)
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("warm", "build"))
    parser.add_argument("--originals", type=int, default=DEFAULT_ORIGINALS)
    parser.add_argument("--size", type=int, default=10_000,
                        help="articles in all (variants fill up); 0: originals only")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args(argv)
    cache = SentenceCache()
    if args.command == "warm":
        warm(args.originals, cache)
        return 0
    started = time.perf_counter()
    state = build(args.db, plan(args.originals, args.size), cache, size=args.size)
    print(f"{args.db}: {len(state['ids'])} articles ({state['duplicates']} duplicate texts, "
          f"{state['failed']} not articles), {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
