"""The reading-app pass over newly stored articles: sentence embeddings, then the summary
and the article's embedding from them, then similar readings. Incremental: it touches the
given articles and the neighbours they displace, never the whole corpus.

An article's summary method is written last, after its similar readings: it marks the
article enriched, so an enrichment stopped part-way (kill, Ctrl-C) is found pending and
done again by the next ``dossier ingest`` or ``dossier summarize``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from dossier.corpus import similar
from dossier.corpus.summary import sentences_of, summary_from
from dossier.nlp.embed import Embedder, default_embedder

log = logging.getLogger(__name__)

SUMMARY_METHOD = "extractive-centrality"
NO_SENTENCES = "no sentences"  # the method of a text with nothing to summarise: done, not pending

K = TypeVar("K")


@dataclass
class Enrichment:
    """What the reading-app pass computes from one article's text alone: its summary and
    the normalised mean of its sentence vectors (None when it has no sentences)."""

    summary: str | None
    method: str
    vector: np.ndarray | None


def enrichments(texts: dict[K, str], embedder: Embedder) -> dict[K, Enrichment]:
    """Summaries and article vectors of the given texts (a pure function: no store). The
    sentences of every text are encoded in one batch."""
    spans = {i: sentences_of(t) for i, t in texts.items()}
    flat = [texts[i][s:e] for i in texts for s, e in spans[i]]
    vectors = embedder.encode(flat) if flat else np.zeros((0, 0), dtype=np.float32)
    at = 0
    found: dict[K, Enrichment] = {}
    for key, text in texts.items():
        count = len(spans[key])
        own = vectors[at : at + count]
        at += count
        if count == 0:
            found[key] = Enrichment(None, NO_SENTENCES, None)
            continue
        summary = summary_from(text, spans[key], own, SUMMARY_METHOD)
        centroid = own.mean(axis=0)
        found[key] = Enrichment(summary.text, summary.method,
                                centroid / (np.linalg.norm(centroid) or 1))
    return found


def store_enrichments(store, found: dict[str, Enrichment], model: str) -> None:  # type: ignore[no-untyped-def]
    """Store the vectors, link the similar readings of these articles, then write their
    summaries: the summary method last, as the mark that the article is enriched."""
    for article_id, enrichment in found.items():
        if enrichment.vector is not None:
            store.put_embedding(article_id, model, enrichment.vector)
    similar.update(store, list(found), model)
    for article_id, enrichment in found.items():
        store.set_summary(article_id, enrichment.summary, enrichment.method)


def enrich(store, article_ids: list[str], embedder: Embedder | None = None) -> int:  # type: ignore[no-untyped-def]
    """Summarise and embed the given articles, then link their similar readings; returns
    how many articles were processed (bookmarks without text are passed over)."""
    embedder = embedder or default_embedder()
    texts = {i: t for i, t in store.texts(article_ids).items() if t.strip()}
    if not texts:
        return 0
    store_enrichments(store, enrichments(texts, embedder), embedder.name)
    return len(texts)
