"""Similar readings, kept up to date incrementally.

An article's neighbours blend the cosine of its embedding with the others' (semantic) and a
BM25 match of its keywords (lexical). Reprints and near-duplicates (the same story on another
site) are linked as "same story" and do not take a place among the five similar readings.
Adding an article touches only its own links and those of the articles it now beats.
"""

from __future__ import annotations

import re

from dossier.search import vectors
from dossier.search.query import fts5_match, keywords, websearch_match

K = 5  # similar readings per article
CANDIDATES = 50  # nearest by cosine considered for each new article
LEXICAL_WEIGHT = 0.25  # share of the BM25 score in the blend
PREFERRED = 3  # keywords an article must share to be ranked first (PostgreSQL, see below)
# The same story told again: most of its wording in common (5-word shingles), or nearly the
# same meaning with a good part of the wording. Meaning alone is not enough: two same-day
# reports of one event are similar readings, not reprints (measured on Timeline17).
SAME_STORY_SHINGLES = 0.5
SAME_STORY_COSINE = 0.95
SAME_STORY_COSINE_SHINGLES = 0.2
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def shingle_overlap(a: str, b: str) -> float:
    """Share of the shorter text's 5-word shingles found in the other (reprint detection)."""
    return _overlap(shingles(a), shingles(b))


def _overlap(first: set[tuple[str, ...]], second: set[tuple[str, ...]]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def _lexical_scores(store, article_id: str, text: str, title: str | None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    words = keywords(f"{title or ''} {title or ''} {text[:3000]}")
    if not words:
        return {}
    query = " OR ".join(words)
    if store.dialect == "postgresql":
        match = websearch_match(query)
        # The OR of a dozen keywords matches most of a large archive, and PostgreSQL ranks
        # only the first matches it finds (RANKED_AT_MOST): the articles that also have the
        # three most frequent keywords are ranked too, so the closest are among those ranked.
        prefer = websearch_match(" ".join(words[:PREFERRED])) if len(words) > 1 else None
    else:
        match, prefer = fts5_match(query), None
    if match is None:
        return {}
    ranks = {other: rank for other, rank in store.fts_rank(match, limit=CANDIDATES,
                                                          prefer=prefer)
             if other != article_id}
    top = max(ranks.values(), default=0.0)
    return {key: value / top for key, value in ranks.items()} if top > 0 else {}


def update(store, article_ids: list[str], model: str) -> None:  # type: ignore[no-untyped-def]
    """Compute the links of ``article_ids`` and fold them into their neighbours' links."""
    # Exact below vectors.THRESHOLD vectors (every cosine, as before), else the index.
    space = vectors.space(store, model)
    if not len(space):
        return
    targets = [a for a in article_ids if space.vector(a) is not None]
    rows = store.rows(targets)
    texts = store.texts(targets)
    links: dict[str, list[tuple[str, float, str]]] = {}
    offers: dict[str, list[tuple[str, float, str]]] = {}
    # Shingles of each text once per call: close articles recur from one target to the next.
    shingled: dict[str, set[tuple[str, ...]]] = {}
    for article_id in targets:
        vector = space.vector(article_id)
        lexical = _lexical_scores(store, article_id, texts[article_id],
                                  rows[article_id].get("title"))
        candidates = dict(space.nearest(vector, CANDIDATES, exclude=article_id,
                                        stable=False))
        others = space.cosines(vector, [o for o in lexical if o not in candidates])
        for other in lexical:
            if other in others:
                candidates.setdefault(other, others[other])
        scored = {
            other: (1 - LEXICAL_WEIGHT) * cos + LEXICAL_WEIGHT * lexical.get(other, 0.0)
            for other, cos in candidates.items()
        }
        close = [o for o, cos in candidates.items() if cos >= 0.75]
        same: set[str] = set()
        if close:
            if article_id not in shingled:
                shingled[article_id] = shingles(texts[article_id])
            missing = [o for o in close if o not in shingled]
            for other, text in (store.texts(missing) if missing else {}).items():
                shingled[other] = shingles(text)
            for other in close:
                overlap = _overlap(shingled[article_id], shingled[other])
                if overlap >= SAME_STORY_SHINGLES or (
                    candidates[other] >= SAME_STORY_COSINE
                    and overlap >= SAME_STORY_COSINE_SHINGLES
                ):
                    same.add(other)
        links[article_id] = _kept({
            o: (round(score, 4), "same_story" if o in same else "similar")
            for o, score in scored.items()
        })
        for other, score in scored.items():
            relation = "same_story" if other in same else "similar"
            offers.setdefault(other, []).append((article_id, round(score, 4), relation))
    # The new articles may now be among their neighbours' five: fold them in.
    existing = store.neighbours([o for o in offers if o not in links])
    for other, offered in offers.items():
        if other in links:
            continue
        before = existing.get(other, [])
        current = {o: (s, r) for o, s, r in before}
        for new_id, score, relation in offered:
            current[new_id] = (score, relation)
        after = _kept(current)
        if {o for o, _, _ in after} != {o for o, _, _ in before}:
            links[other] = after
    store.replace_neighbours(links)


def _kept(links: dict[str, tuple[float, str]]) -> list[tuple[str, float, str]]:
    """Every same-story link and the ``K`` best similar ones."""
    same = [(o, s, r) for o, (s, r) in links.items() if r == "same_story"]
    similar = sorted(((o, s, r) for o, (s, r) in links.items() if r == "similar"),
                     key=lambda item: -item[1])[:K]
    return same + similar
