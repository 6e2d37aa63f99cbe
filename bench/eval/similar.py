"""Similar readings on Timeline17: the share of an article's 5 similar readings from its own
topic (P@5).

Run from the repository root::

    python -m bench.eval.similar [--originals 2500] [--spot-check 6]

The store holds T17 originals only (no variants): a fixed random sample of ``--originals``
of the 4,650 articles (seed 17, the order ``bench.corpus`` uses; 4650 for all), built by
``bench.corpus.build`` (``bench/work/t17-originals-<N>.db``, reused): the real pipeline,
summaries and embeddings from the same functions ``enrich`` calls, and the links of the
real ``dossier.corpus.similar.update``. Each article's 5 similar readings (same-story links
are not among them) are scored against T17's topic folders:

* strict: the neighbour is in the same folder (topic and outlet, e.g. ``bpoil_bbc``);
* subject: the neighbour's folder has the same subject (``bpoil_*``, ``H1N1_*``,
  ``LibyaWar_*``...): T17 has several folders on one story from several outlets.

Beside them: what a random pick would score (the chance that another article shares the
topic / subject) and the 5 nearest by cosine of the document embeddings alone (no BM25, no
same-story filter). Same-story links are counted, and ``--spot-check`` pairs are printed
to check that they are real reprints. Writes ``bench/results/similar.json``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from bench import corpus
from bench.eval.report import write_results

K = 5


def topic_of(origin: str) -> str:
    """The T17 folder of a stored article's origin ("t17/<Topic>/InputDocs/...")."""
    return origin.split("/")[1]


def load(db: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, float, str]]]]:
    """{id: topic} of the stored articles, and {id: [(other, score, relation)]}."""
    with sqlite3.connect(db) as conn:
        topics = {i: topic_of(o) for i, o in conn.execute("SELECT id, origin FROM articles")}
        links: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
        for a, o, s, r in conn.execute(
                "SELECT article_id, other_id, score, relation FROM neighbours"):
            links[a].append((o, s, r))
    return topics, links


def cosine_top(db: Path, k: int = K) -> dict[str, list[str]]:
    """The ``k`` nearest articles of each by cosine of the stored document embeddings."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT article_id, vector FROM embeddings ORDER BY article_id").fetchall()
    ids = [r[0] for r in rows]
    matrix = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
    found = {}
    for start in range(0, len(ids), 512):
        block = matrix[start : start + 512] @ matrix.T
        for row, index in enumerate(range(start, min(start + 512, len(ids)))):
            block[row, index] = -2.0
        best = np.argsort(-block, axis=1)[:, :k]
        for row, index in enumerate(range(start, min(start + 512, len(ids)))):
            found[ids[index]] = [ids[j] for j in best[row]]
    return found


def precision(neighbours: dict[str, list[str]], topics: dict[str, str]) -> dict[str, float]:
    """P@5 strict and by subject over the articles that have neighbours."""
    strict = subject = 0.0
    scored = 0
    for article, others in neighbours.items():
        if article not in topics:
            continue
        scored += 1
        mine = topics[article]
        strict += sum(topics.get(o) == mine for o in others[:K]) / K
        subject += sum(corpus.topic_subject(topics.get(o, "?")) == corpus.topic_subject(mine)
                       for o in others[:K]) / K
    return {"articles": scored, "p_at_5": round(strict / max(scored, 1), 4),
            "p_at_5_subject": round(subject / max(scored, 1), 4)}


def chance(topics: dict[str, str]) -> dict[str, float]:
    """The P@5 of neighbours drawn at random."""
    n = len(topics)

    def share(counts: Counter[str]) -> float:
        return sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))

    return {"p_at_5": round(share(Counter(topics.values())), 4),
            "p_at_5_subject": round(share(Counter(map(corpus.topic_subject,
                                                      topics.values()))), 4)}


def lead_matches(db: Path, pairs: list[tuple[str, str]], words: int = 30) -> int:
    """Same-story pairs whose texts open with the same ``words`` words (plain reprints)."""
    with sqlite3.connect(db) as conn:
        leads = {i: " ".join(t.split()[:words]) for i, t in conn.execute(
            "SELECT id, text FROM articles")}
    return sum(leads[a] == leads[b] for a, b in pairs)


def spot_check(db: Path, pairs: list[tuple[str, str]], count: int) -> list[dict[str, object]]:
    """A few same-story pairs with what shows whether they are reprints."""
    from dossier.corpus.similar import shingle_overlap

    chosen = random.Random(5).sample(pairs, min(count, len(pairs)))
    checked = []
    with sqlite3.connect(db) as conn:
        for a, b in chosen:
            rows = {r[0]: r[1:] for r in conn.execute(
                "SELECT id, origin, source, published, text FROM articles WHERE id IN (?, ?)",
                (a, b))}
            (oa, sa, pa, ta), (ob, sb, pb, tb) = rows[a], rows[b]
            checked.append({
                "a": oa, "b": ob, "sources": [sa, sb], "published": [pa, pb],
                "shingle_overlap": round(shingle_overlap(ta, tb), 3),
                "lead_a": " ".join(ta.split()[:22]), "lead_b": " ".join(tb.split()[:22]),
            })
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=corpus.DEFAULT_ORIGINALS,
                        help="T17 articles in the store (a fixed random sample; 4650: all)")
    parser.add_argument("--spot-check", type=int, default=6, help="same-story pairs to print")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    db = corpus.WORK / f"t17-originals-{args.originals}.db"
    corpus.ensure(db, args.originals, 0, log=lambda line: print(line, file=sys.stderr))
    topics, links = load(db)
    similar = {a: [o for o, _, r in sorted(rows, key=lambda x: -x[1]) if r == "similar"]
               for a, rows in links.items()}
    same_pairs = sorted({tuple(sorted((a, o))) for a, rows in links.items()
                         for o, _, r in rows if r == "same_story"})
    blended = precision(similar, topics)
    cosine = precision(cosine_top(db), topics)
    base = chance(topics)
    short = sum(1 for a in topics if len(similar.get(a, [])) < K)
    per_topic = {}
    for topic in sorted(set(topics.values())):
        members = {a: similar.get(a, []) for a, t in topics.items() if t == topic}
        per_topic[topic] = precision(members, topics)
    with_same = sum(1 for a in topics if any(r == "same_story" for _, _, r in links.get(a, [])))
    cross = sum(1 for a, b in same_pairs if topics[a] != topics[b])
    same_lead = lead_matches(db, same_pairs)
    checked = spot_check(db, same_pairs, args.spot_check)
    seconds = time.perf_counter() - started

    print(f"Timeline17, {len(topics)} original articles in {len(set(topics.values()))} topic "
          f"folders ({len(set(map(corpus.topic_subject, topics.values())))} subjects); "
          f"P@5 = share of the 5 similar readings from the same topic")
    print("| ranking | articles | P@5 (topic folder) | P@5 (subject) |")
    print("|---|---:|---:|---:|")
    print(f"| similar readings (BM25 + cosine, same story apart) | {blended['articles']} | "
          f"{blended['p_at_5']:.3f} | {blended['p_at_5_subject']:.3f} |")
    print(f"| cosine of document embeddings only | {cosine['articles']} | "
          f"{cosine['p_at_5']:.3f} | {cosine['p_at_5_subject']:.3f} |")
    print(f"| random neighbours (expected) | {len(topics)} | {base['p_at_5']:.3f} | "
          f"{base['p_at_5_subject']:.3f} |")
    print("\n| topic folder | articles | P@5 (topic) | P@5 (subject) |")
    print("|---|---:|---:|---:|")
    for topic, row in per_topic.items():
        print(f"| {topic} | {row['articles']} | {row['p_at_5']:.3f} | "
              f"{row['p_at_5_subject']:.3f} |")
    print(f"\narticles with fewer than {K} similar readings: {short}")
    print(f"same story: {len(same_pairs)} pairs; {with_same} articles "
          f"({with_same / max(len(topics), 1):.1%}) have at least one; {cross} pairs cross "
          f"topic folders; {same_lead} pairs open with the same 30 words (plain reprints)")
    for pair in checked:
        print(f"  {pair['a']} ({pair['sources'][0]}, {pair['published'][0]})\n"
              f"  {pair['b']} ({pair['sources'][1]}, {pair['published'][1]}) "
              f"shingles {pair['shingle_overlap']}\n    a: {pair['lead_a']}\n"
              f"    b: {pair['lead_b']}")
    print(f"({seconds:.1f} s)")
    write_results("similar", argv, {
        "data": "../shared/data/t17 (Timeline17)", "originals": args.originals,
        "seed": corpus.SEED, "articles": len(topics), "k": K,
        "results": {"similar_readings": blended, "cosine_only": cosine, "random": base},
        "per_topic": per_topic, "fewer_than_k": short,
        "same_story": {"pairs": len(same_pairs), "articles_with_one": with_same,
                       "share_of_articles": round(with_same / max(len(topics), 1), 4),
                       "cross_topic_pairs": cross, "same_lead_pairs": same_lead,
                       "spot_check": checked},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
