"""The reading-app pass over newly stored articles: sentence embeddings, then the summary
and the article's embedding from them, then similar readings. Incremental: it touches the
given articles and the neighbours they displace, never the whole corpus.

An article's summary method is written last, after its similar readings: it marks the
article enriched, so an enrichment stopped part-way (kill, Ctrl-C) is found pending and
done again by the next ``dossier ingest`` or ``dossier summarize``."""

from __future__ import annotations

import logging

import numpy as np

from dossier.corpus import similar
from dossier.corpus.summary import sentences_of, summary_from
from dossier.nlp.embed import Embedder, default_embedder

log = logging.getLogger(__name__)

SUMMARY_METHOD = "extractive-centrality"
NO_SENTENCES = "no sentences"  # the method of a text with nothing to summarise: done, not pending


def enrich(store, article_ids: list[str], embedder: Embedder | None = None) -> int:  # type: ignore[no-untyped-def]
    """Summarise and embed the given articles, then link their similar readings; returns
    how many articles were processed (bookmarks without text are passed over)."""
    embedder = embedder or default_embedder()
    texts = {i: t for i, t in store.texts(article_ids).items() if t.strip()}
    if not texts:
        return 0
    spans = {i: sentences_of(t) for i, t in texts.items()}
    flat = [texts[i][s:e] for i in texts for s, e in spans[i]]
    vectors = embedder.encode(flat)
    at = 0
    summaries: dict[str, tuple[str | None, str]] = {}
    for article_id, text in texts.items():
        count = len(spans[article_id])
        own = vectors[at : at + count]
        at += count
        if count == 0:
            summaries[article_id] = (None, NO_SENTENCES)
            continue
        summary = summary_from(text, spans[article_id], own, SUMMARY_METHOD)
        summaries[article_id] = (summary.text, summary.method)
        centroid = own.mean(axis=0)
        store.put_embedding(article_id, embedder.name, centroid / (np.linalg.norm(centroid) or 1))
    similar.update(store, list(texts), embedder.name)
    for article_id, (text, method) in summaries.items():
        store.set_summary(article_id, text, method)
    return len(texts)
