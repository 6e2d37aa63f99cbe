"""Timeline summarisation (dossier.corpus.tls) on small articles written for the tests."""

from __future__ import annotations

import datetime as dt

import numpy as np

from dossier.corpus.tls import (
    ArticleText,
    Params,
    _centroid,
    _centroid_opt,
    prepare,
    rank_dates,
    summarise_timeline,
)

D = dt.date


def corpus() -> list[ArticleText]:
    """A small story: an explosion on 20 April, a failed dome on 8 May, a cap on 15 July."""
    return [
        ArticleText("a1", "An oil rig exploded in the Gulf of Mexico on April 20, killing 11 "
                    "workers.\nThe company said the oil well was leaking into the sea.\n"
                    "Officials met the press for an hour about the oil.", D(2010, 4, 21)),
        ArticleText("a2", "Engineers fought the oil leak after the rig exploded on April 20 "
                    "with eleven workers lost.\nThe oil slick grew toward the coast of "
                    "Louisiana.", D(2010, 4, 23)),
        ArticleText("a3", "A containment dome failed to stop the oil leak on May 8, engineers "
                    "said.\nThe dome was clogged by crystals of gas hydrate in the cold "
                    "water.", D(2010, 5, 10)),
        ArticleText("a4", "Since the rig exploded on April 20 the oil has not stopped.\nOn "
                    "May 8 the containment dome failed, a setback for the oil company.",
                    D(2010, 6, 1)),
        ArticleText("a5", "A new cap stopped the oil flowing from the well on July 15 for the "
                    "first time since the blast.\nResidents on the coast of Louisiana welcomed "
                    "the news about the well.", D(2010, 7, 16)),
        ArticleText("a6", "The football club signed a new striker from Brazil yesterday "
                    "for a record fee of money.", D(2010, 7, 16)),
    ]


def test_chooses_the_dates_the_articles_talk_about():
    timeline = summarise_timeline(corpus(), query=None, dates=3, sentences=1)
    assert [e.date for e in timeline] == [D(2010, 4, 20), D(2010, 5, 8), D(2010, 7, 15)]


def test_sentences_come_from_their_date_with_article_ids():
    timeline = summarise_timeline(corpus(), query=None, dates=3, sentences=1)
    by_date = {e.date: e.sentences for e in timeline}
    text, article = by_date[D(2010, 4, 20)][0]
    assert "exploded" in text and article in {"a1", "a2", "a4"}
    assert "dome" in by_date[D(2010, 5, 8)][0][0]
    assert "cap" in by_date[D(2010, 7, 15)][0][0]


def test_dates_and_sentences_are_honoured():
    one = summarise_timeline(corpus(), query=None, dates=1, sentences=1)
    assert len(one) == 1 and one[0].date == D(2010, 4, 20) and len(one[0].sentences) == 1
    two = summarise_timeline(corpus(), query=None, dates=2, sentences=2)
    assert len(two) == 2
    assert all(1 <= len(e.sentences) <= 2 for e in two)
    assert len(two[0].sentences) == 2  # 20 April has two different sentences about it
    assert summarise_timeline(corpus(), query=None, dates=0, sentences=2) == []


def test_redundant_sentences_are_not_repeated():
    articles = [*corpus(), ArticleText("a1-reprint", corpus()[0].text, D(2010, 4, 22))]
    timeline = summarise_timeline(articles, query=None, dates=1, sentences=3)
    texts = [t for t, _ in timeline[0].sentences]
    assert len(texts) == len(set(texts))


def test_query_filters_sentences_and_dates():
    timeline = summarise_timeline(corpus(), query=["striker"], dates=3, sentences=1)
    assert len(timeline) == 1
    assert timeline[0].sentences[0][1] == "a6"
    dome = summarise_timeline(corpus(), query=["dome"], dates=3, sentences=2)
    assert dome[0].date == D(2010, 5, 8)
    assert all("dome" in t.lower() for e in dome for t, _ in e.sentences)


def test_query_matching_nothing_gives_an_empty_timeline():
    assert summarise_timeline(corpus(), query=["volcano"], dates=3, sentences=2) == []
    assert summarise_timeline([], query=None, dates=3, sentences=2) == []


def test_between_limits_the_dates():
    timeline = summarise_timeline(corpus(), query=None, dates=2, sentences=1,
                                  between=(D(2010, 5, 1), D(2010, 7, 31)))
    assert [e.date for e in timeline] == [D(2010, 5, 8), D(2010, 7, 15)]


def test_mentioned_dates_outrank_publication_dates():
    ranked = [d for d, _ in rank_dates(prepare(corpus()))]
    assert ranked[0] == D(2010, 4, 20)
    assert ranked.index(D(2010, 5, 8)) < ranked.index(D(2010, 6, 1))


class BagOfWords:
    """A stand-in embedder: hashed bags of words, L2-normalised."""

    name = "bag-of-words"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, sum(map(ord, w)) % 64] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_an_embedder_can_replace_tfidf():
    timeline = summarise_timeline(corpus(), query=None, dates=3, sentences=1,
                                  embedder=BagOfWords())
    assert [e.date for e in timeline] == [D(2010, 4, 20), D(2010, 5, 8), D(2010, 7, 15)]


def test_params_switches_keep_the_dates():
    """Every centroid and selection variant still finds the story's three dates."""
    for centroid in ("weighted", "shared"):
        for select in ("rank", "opt"):
            params = Params(centroid=centroid, select=select)
            timeline = summarise_timeline(corpus(), query=None, dates=3, sentences=2,
                                          params=params)
            assert [e.date for e in timeline] == [D(2010, 4, 20), D(2010, 5, 8),
                                                  D(2010, 7, 15)]
            texts = [t for e in timeline for t, _ in e.sentences]
            assert len(texts) == len(set(texts))


def test_max_words_drops_long_sentences():
    timeline = summarise_timeline(corpus(), query=None, dates=3, sentences=2,
                                  params=Params(max_words=12))
    assert all(len(t.split()) <= 12 for e in timeline for t, _ in e.sentences)


def test_shared_centroid_keeps_words_of_both_kinds_of_sentence():
    """PM-Mean: the centroid holds only words found both in sentences naming the day and in
    lead sentences published then; a word only one side has gets no weight."""
    named = [{"dome": 0.6, "failed": 0.8}] * 3
    published = [{"dome": 0.6, "crystals": 0.8}] * 3
    kinds = [True] * 3 + [False] * 3
    centroid = _centroid(named + published, [1.0] * 3 + [0.5] * 3, kinds, "shared")
    assert set(centroid) == {"dome"} and abs(centroid["dome"] - 1.0) < 1e-9
    weighted = _centroid(named + published, [1.0] * 3 + [0.5] * 3, kinds, "weighted")
    assert set(weighted) == {"dome", "failed", "crystals"}
    assert weighted["failed"] > weighted["crystals"]


def test_shared_centroid_needs_a_few_sentences_of_each_kind():
    """With one sentence naming the day, its few words in common with the lead sentences
    ("oil", "well") would make the centroid: the weighted mean is used instead."""
    vectors = [{"dome": 0.6, "failed": 0.8}, {"dome": 0.6, "crystals": 0.8}]
    centroid = _centroid(vectors, [1.0, 0.5], [True, False], "shared")
    assert set(centroid) == {"dome", "failed", "crystals"}


def test_centroid_opt_covers_the_centroid_rather_than_repeating_it():
    """CentroidOpt takes the sentence nearest the centroid first, then the one that best
    completes the summary, not the second nearest when that one says the same thing."""
    sims = [0.9, 0.85, 0.6]
    pairwise = {(0, 1): 0.45, (0, 2): 0.0, (1, 2): 0.0}

    def similarity(i: int, j: int) -> float:
        return 1.0 if i == j else pairwise[min(i, j), max(i, j)]

    picked = _centroid_opt([0, 1, 2], 2, sims, similarity, lambda i: 0.0, redundancy=0.5)
    assert picked == [0, 2]
    # Not the redundancy rule's doing: with it switched off the choice is the same.
    assert _centroid_opt([0, 1, 2], 2, sims, similarity, lambda i: 0.0, redundancy=1.0) == [0, 2]
