"""Search: BM25 over the store's full-text index, blended with the cosine between the
query's embedding and each article's."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import numpy as np

from dossier.dates import parse_user_date
from dossier.errors import InputError
from dossier.search import vectors
from dossier.search.query import check_query, fts5_match, websearch_match
from dossier.search.vectors import Approximate, Exact
from dossier.settings import default_settings
from dossier.store import Store
from dossier.store.reader import HIT_END, HIT_START

LEXICAL_WEIGHT = 0.65  # BM25 (normalised to the best hit) against cosine
SEMANTIC_FLOOR = 0.35  # an article found only by meaning needs at least this cosine
CANDIDATES = 100
# Encoding the query (≈20 ms on one core) runs on this thread while the lexical search runs
# on the caller's: torch and SQLite both release the GIL, so on two cores the two overlap.
_ENCODER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-query")


def _bound(value: str | None) -> str | None:
    """A --from/--to bound as the prefix of an ISO date ("2005", "2005-11", "2005-11-14")."""
    if not value:
        return None
    return parse_user_date(value).value


def mark(snippet: str) -> str:
    """A snippet with its hits between <mark> and </mark>. The rest is the article's plain
    text, not HTML: whoever shows it as HTML escapes it (the web app does)."""
    return snippet.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")


def run_search(
    store: Store, query: str, *, source: str | None, date_from: str | None,
    date_to: str | None, limit: int, semantic: bool,
) -> dict[str, Any]:
    from dossier.queries import article_record

    if not query or not query.strip():
        raise InputError("empty query: give a word or a \"phrase\" to search for")
    check_query(query, default_settings())
    low, high = _bound(date_from), _bound(date_to)
    encoding = None
    if semantic:
        from dossier.nlp.embed import default_embedder

        default_embedder()  # loaded here, once, not raced by the encoding thread
        encoding = _ENCODER.submit(query_vector, query)
    match = websearch_match(query) if store.dialect == "postgresql" else fts5_match(query)
    hits = (
        store.fts_rank(match, source=source, date_from=low, date_to=high, limit=CANDIDATES)
        if match else []
    )
    best = max((rank for _, rank in hits), default=0.0)
    scores = {a: LEXICAL_WEIGHT * (rank / best if best > 0 else 0.0) for a, rank in hits}
    found = set(scores)
    if encoding is not None:
        space, vector = _space(store, encoding)
        # Cosines for the hits and the ``limit`` nearest only: in a small store the same
        # stable order as sorting every (id, cosine) pair by cosine; in a large one what
        # the nearest-neighbour index finds (dossier.search.vectors).
        nearest = space.nearest(vector, limit)
        best_ids = [a for a, _ in nearest]
        cosines = space.cosines(vector, found) | dict(nearest)
        for article_id in found:
            scores[article_id] += (1 - LEXICAL_WEIGHT) * max(cosines.get(article_id, 0.0), 0.0)
        extra = [a for a in best_ids if cosines[a] >= SEMANTIC_FLOOR and a not in found]
        rows = store.rows(extra)
        for article_id, row in rows.items():
            if _within(row, source, low, high):
                scores[article_id] = (1 - LEXICAL_WEIGHT) * cosines[article_id]
    else:
        rows = {}
    ranked = sorted(scores, key=lambda a: -scores[a])[:limit]
    # Records and snippets (milliseconds each on long articles) for the results shown only.
    rows |= store.rows([a for a in ranked if a not in rows])
    snippets = store.fts_snippets(match, [a for a in ranked if a in found]) if match else {}
    results = []
    for article_id in ranked:
        row = rows[article_id]
        record = article_record(row)
        record.pop("meta", None)
        record["score"] = round(scores[article_id], 4)
        record["lexical"] = article_id in found
        snippet = (snippets.get(article_id) if article_id in found
                   else row.get("summary"))
        record["snippet"] = mark(snippet or "")
        results.append(record)
    return {"query": query, "count": len(results), "results": results}


def _within(row: dict[str, Any], source: str | None, low: str | None, high: str | None) -> bool:
    published = row.get("published") or ""
    if source and row.get("source") != source:
        return False
    if low and (not published or published < low):
        return False
    return not (high and (not published or published[: len(high)] > high))


def _space(store: Store, encoding: Future[np.ndarray]) -> tuple[Exact | Approximate, np.ndarray]:
    """The articles' vectors (read, or brought up to date, while the query is encoded) and
    the query's embedding."""
    from dossier.nlp.embed import default_embedder

    found = vectors.space(store, default_embedder().name)
    return found, encoding.result()


@lru_cache(maxsize=256)
def query_vector(query: str) -> np.ndarray:
    """The query's embedding; the same query typed again (the next page, a filter changed,
    the web app's search-as-you-go) is not encoded again."""
    from dossier.nlp.embed import default_embedder

    vector = default_embedder().encode([query])[0]
    vector.setflags(write=False)
    return vector
