"""Summaries: 2–3 sentences, at most about 70 words, leading with what happened."""

from __future__ import annotations

import numpy as np

from dossier import queries
from dossier.corpus.summary import MAX_WORDS, choose, sentences_of


def test_seed_002_summary_leads_with_the_meeting(reader_store):
    store, names = reader_store
    summary = queries.article(store, names["002"])["summary"]
    first = summary.split(". ")[0]
    assert "Mirziyoyev" in first and "met" in first


def test_summaries_are_short_clean_and_from_the_text(reader_store):
    store, names = reader_store
    for name in ("000", "001", "002", "003", "004"):
        record = queries.article(store, names[name], text=True)
        summary = record["summary"]
        assert 12 <= len(summary.split()) <= MAX_WORDS + 45, name
        sentences = [s for s in summary.split(". ") if s]
        assert 1 <= len(sentences) <= 4, name
        for sentence in sentences:
            assert sentence.rstrip(".") in record["text"], (name, sentence)
        for chrome in ("Subscribe", "Similar Readings", "Reuters"):
            assert chrome not in summary


def test_choose_skips_redundant_sentences():
    text = ("Ministers signed a water treaty on Monday in Almaty. "
            "Ministers signed a water treaty on Monday in Almaty again. "
            "The treaty sets quotas for the two rivers for ten years. "
            "Farmers downstream welcomed the deal but asked for more.")
    spans = sentences_of(text)
    vectors = np.eye(len(spans), dtype=np.float32)
    vectors[1] = vectors[0]  # the second sentence says the first again
    chosen = choose(text, spans, vectors)
    assert 0 in chosen and 1 not in chosen
