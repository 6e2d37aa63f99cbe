"""Extractive summaries: 2–3 sentences that lead with what happened.

Sentences are scored by centrality (cosine similarity to the article's centroid), a position
prior (news puts the event first) and an event cue (a sentence that states when something
happened: a day, a weekday, a date). Sentences on a caption, photo credit or byline line
(``dossier.clean.captions``) are not candidates. Redundant sentences are skipped (maximal
marginal relevance). The best sentence leads; the others follow in text order. ``Summarizer`` is the
one interface, so an abstractive model can be added without touching callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dossier.clean.captions import caption_spans, in_captions
from dossier.timex.sentences import split_sentences

MAX_WORDS = 70
MAX_SENTENCES = 3
# Sentences outside these bounds are not summary material (captions, quotes cut short).
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 6, 45
# Weights of the three scores; the event cue is what makes a summary "lead with what
# happened" rather than with an analysis sentence.
W_CENTRALITY, W_POSITION, W_EVENT = 0.5, 0.3, 0.2
REDUNDANCY = 0.8  # cosine above which a sentence repeats one already chosen
MAX_SENTENCES_EMBEDDED = 25  # long articles: the opening carries the news; bounds the cost

_EVENT_CUE = re.compile(
    r"\b(?:on|last|this|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{1,2}\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b|\b(?:yesterday|today)\b"
)


@dataclass
class Summary:
    text: str
    sentences: list[tuple[int, int]]  # offsets in the article text
    method: str


class Summarizer(Protocol):
    method: str

    def summarize(self, text: str) -> Summary: ...


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence offsets of an article, at most ``MAX_SENTENCES_EMBEDDED``."""
    return split_sentences(text)[:MAX_SENTENCES_EMBEDDED]


def choose(
    text: str, spans: list[tuple[int, int]], vectors: np.ndarray
) -> list[int]:
    """Indices of the sentences to keep, in the order they are told."""
    if not spans:
        return []
    words = [len(text[s:e].split()) for s, e in spans]
    # Captions, photo credits and bylines are the page's, not the story's: never summary
    # material, unless the text has nothing else (dossier.clean.captions).
    captions = caption_spans(text)
    told = [not in_captions(s, e, captions) for s, e in spans]
    eligible = [t and MIN_SENTENCE_WORDS <= n <= MAX_SENTENCE_WORDS
                for t, n in zip(told, words, strict=True)]
    if not any(eligible):
        eligible = told if any(told) else [True] * len(spans)
    story = vectors[told] if any(told) else vectors
    centroid = story.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = vectors @ centroid
    # The position prior counts the story's sentences: a lead below a caption still leads.
    rank = np.cumsum(told) - np.asarray(told) if any(told) else np.arange(len(spans))
    position = 1.0 / (1.0 + rank / 2.0)
    event = np.array([bool(_EVENT_CUE.search(text[s:e])) for s, e in spans], dtype=float)
    score = W_CENTRALITY * centrality + W_POSITION * position + W_EVENT * event
    order = [i for i in np.argsort(-score) if eligible[i]]
    chosen: list[int] = []
    total = 0
    for index in order:
        if len(chosen) == MAX_SENTENCES:
            break
        if any(float(vectors[index] @ vectors[j]) > REDUNDANCY for j in chosen):
            continue
        if chosen and total + words[index] > MAX_WORDS:
            continue
        chosen.append(int(index))
        total += words[index]
        if total >= MAX_WORDS * 0.8 and len(chosen) >= 2:
            break
    lead, rest = chosen[0], sorted(chosen[1:])
    return [lead, *rest]


class CentralitySummarizer:
    """The default: extractive, over sentence embeddings."""

    method = "extractive-centrality"

    def __init__(self, embedder) -> None:  # type: ignore[no-untyped-def]
        self.embedder = embedder

    def summarize(self, text: str) -> Summary:
        spans = sentences_of(text)
        if not spans:
            return Summary("", [], self.method)
        vectors = self.embedder.encode([text[s:e] for s, e in spans])
        return summary_from(text, spans, vectors, self.method)


def summary_from(
    text: str, spans: list[tuple[int, int]], vectors: np.ndarray, method: str
) -> Summary:
    """The summary of ``text`` given its sentences and their vectors (shared with the
    embedding pass, which computes the vectors once for both)."""
    chosen = choose(text, spans, vectors)
    picked = [spans[i] for i in chosen]
    return Summary(" ".join(text[s:e].strip() for s, e in picked), picked, method)
