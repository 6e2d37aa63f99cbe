"""Timeline summarisation (dossier.corpus.tls) on small articles written for the tests."""

from __future__ import annotations

import datetime as dt

import numpy as np

from dossier.corpus.tls import ArticleText, prepare, rank_dates, summarise_timeline

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
