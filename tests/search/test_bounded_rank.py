"""PostgreSQL ranks a bounded set of full-text matches (``RANKED_AT_MOST``): the same answer
as ranking every match wherever a query matches fewer, and the narrower ``prefer`` query's
matches ranked too when it matches more."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from dossier.corpus import similar
from dossier.model import Article, PublishedDate
from dossier.search.query import websearch_match
from dossier.store import Store, reader
from dossier.store.schema import articles

WORDS = ["oil", "spill", "well", "gulf", "coast", "cleanup", "tar", "beach", "fishermen",
         "rig", "explosion", "crude", "pipeline", "leak", "vaccine", "flu", "rebels",
         "tripoli", "bank", "bailout"]


def _article(n: int, text: str) -> Article:
    return Article(text=text, origin=f"/tmp/{n}.txt", content_hash=f"{n:064x}",
                   text_hash=f"{n + 10_000:064x}", title=f"Report {n}", source="Wire",
                   published=PublishedDate(f"2010-05-{n % 28 + 1:02d}", "day", "metadata",
                                           "test", 0.9), words=len(text.split()),
                   reading_minutes=1)


@pytest.fixture
def filled(pg_store: Store) -> Store:
    """60 short articles of words drawn from a few topics, so that queries tie and differ."""
    rng = random.Random(17)
    for n in range(1, 61):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 40))) + "."
        pg_store.add_article(_article(n, text))
    return pg_store


def _unbounded(store: Store, match: str, limit: int) -> list[tuple[str, float]]:
    """The ranking before the bound: every match ranked (ts_rank_cd), best first."""
    tsquery = sa.func.websearch_to_tsquery("english", match)
    search = sa.literal_column("search")
    rank = sa.func.ts_rank_cd(search, tsquery)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(articles.c.id, rank.label("rank")).where(
            search.op("@@")(tsquery)).order_by(rank.desc(), articles.c.id).limit(limit)).all()
    return [(row.id, float(row.rank)) for row in rows]


def _same(found: list[tuple[str, float]], expected: list[tuple[str, float]],
          every: list[tuple[str, float]]) -> None:
    """The same ranks in the same order, and at each rank IDs of that rank (ties, also
    those cut at the limit, in any order)."""
    assert [round(r, 6) for _, r in found] == [round(r, 6) for _, r in expected]
    by_rank: dict[float, set[str]] = {}
    for ident, rank in every:
        by_rank.setdefault(round(rank, 6), set()).add(ident)
    for ident, rank in found:
        assert ident in by_rank[round(rank, 6)]


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["oil spill", "flu", "gulf OR tripoli", '"crude oil"',
                                   "oil OR spill OR well OR gulf OR coast OR bank"])
def test_under_the_bound_the_ranking_is_every_matchs(filled: Store, query: str):
    """Top 10 (and top 50) as before on a store where every query matches fewer articles
    than the bound; with a narrower ``prefer`` too."""
    match = websearch_match(query)
    assert match
    every = _unbounded(filled, match, 1000)
    for limit in (10, 50):
        expected = _unbounded(filled, match, limit)
        _same(filled.fts_rank(match, limit=limit), expected, every)
        _same(filled.fts_rank(match, limit=limit, prefer=websearch_match("oil spill")),
              expected, every)


@pytest.mark.postgres
def test_over_the_bound_only_that_many_are_ranked_and_preferred_ones_among_them(
        filled: Store, monkeypatch: pytest.MonkeyPatch):
    # Three articles stored last (the last the index gives) with two rare words.
    for n in (61, 62, 63):
        filled.add_article(_article(n, f"Oil spill {n} reaches Zanzibar; a quokka is safe."))
    broad = websearch_match(" OR ".join(WORDS))
    assert broad
    everything = _unbounded(filled, broad, 100)
    assert len(everything) == 63
    monkeypatch.setattr(reader, "RANKED_AT_MOST", 5)
    assert len(filled.fts_rank(broad, limit=100)) == 5
    narrow = websearch_match("zanzibar quokka oil")
    assert narrow
    preferred = {i for i, _ in _unbounded(filled, narrow, 100)}
    assert len(preferred) == 3
    found = dict(filled.fts_rank(broad, limit=100, prefer=narrow))
    assert preferred <= set(found) and len(found) <= 10
    ranks = dict(everything)
    assert all(abs(found[i] - ranks[i]) < 1e-6 for i in found)  # ranked by the broad query
    # Enough preferred ones for the page: only they are ranked, the best of them first.
    best = filled.fts_rank(broad, limit=2, prefer=narrow)
    assert {i for i, _ in best} <= preferred
    assert [round(r, 6) for _, r in best] == sorted(
        (round(ranks[i], 6) for i in preferred), reverse=True)[:2]


@pytest.mark.postgres
def test_similar_readings_lexical_half_unchanged_under_the_bound(filled: Store):
    """similar.update's OR-query of keywords: the same scores as ranking every match."""
    ids = [row["id"] for row in filled.articles()][:8]
    rows, texts = filled.rows(ids), filled.texts(ids)
    for ident in ids:
        found = similar._lexical_scores(filled, ident, texts[ident], rows[ident]["title"])
        words = similar.keywords(f"{rows[ident]['title']} {rows[ident]['title']} "
                                 f"{texts[ident][:3000]}")
        match = websearch_match(" OR ".join(words))
        expected = [(o, r) for o, r in _unbounded(filled, match, similar.CANDIDATES)
                    if o != ident]
        every = dict(_unbounded(filled, match, 1000))
        top = max(r for _, r in expected)
        assert sorted(round(v, 6) for v in found.values()) == sorted(
            round(r / top, 6) for _, r in expected)
        for other, score in found.items():  # ties cut at the limit: any of them
            assert abs(score - every[other] / top) < 1e-6
