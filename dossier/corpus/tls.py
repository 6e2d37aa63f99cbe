"""Timeline summarisation: choose the dates that matter, then a short summary for each.

``summarise_timeline(articles, query=..., dates=N, sentences=K)`` answers "what happened in
this topic, and when?" from a pile of articles, as the DATEWISE method of news-tls does
(Gholipour Ghalandari and Ifrim, "Examining the State-of-the-Art in News Timeline
Summarization", ACL 2020; github.com/complementizer/news-tls, ``news_tls/datewise.py``).
DATEWISE beat clustering (CLUST) and the submodular models on Timeline17 and Crisis: ranking
*dates* first and summarising each date separately is both simpler and better than grouping
sentences into events.

1. **Candidate sentences and their dates.** Every sentence gets the date it talks about: the
   first day-precise DATE expression in it (``dossier.timex.find_timexes`` against the
   article's publication date), if that day lies within the collection's span (with a week's
   margin before it). A sentence that states no day is a *publication sentence*: among the
   first ``CLIP_SENTS`` sentences of an article (the lead tells the news), it stands for the
   publication day and the day before (news-tls ``pub_end=2``: an article published on the
   12th mostly reports the 11th or the 12th). Publication sentences weigh less
   (``PUB_WEIGHT``) than sentences that name their day, in the date score and in the per-date
   centroid. Query terms filter sentences as news-tls's ``sent_filter`` does: a sentence is
   summary material only if it contains one of them (word-prefix match, case-insensitive).
2. **Date selection** without training. DATEWISE's best ranker is a logistic regression over
   counts (sentences and articles mentioning a date, split by whether they were published
   before, on or after it, and articles published on it); its two unsupervised rankers are
   MentionCount and PubCount. We score a date with the regression's signs written by hand:
   articles published *after* a date that still mention it (``W_LATER_DOCS``: a date that is
   looked back on mattered), all mentioning sentences (``W_MENTIONS``), and articles published
   on the day or the day after (``W_PUB``, weighted down as publication evidence). Each
   count is damped (``log1p``) so that one long retrospective cannot carry a date alone.
3. **Per-date summary.** For each chosen date, the candidates are its mention sentences and its
   publication sentences. The date's "what happened" is news-tls's PM-Mean centroid: the mean
   TF-IDF vector of the mention sentences plus that of the publication sentences, kept only
   on the words both contain (IDF over the whole collection); with fewer than
   ``MIN_SHARED`` sentences of either kind, the weighted mean of all candidates stands in.
   Sentences are then taken as news-tls's CentroidOpt takes them: each step adds the sentence
   that brings the summary (the sum of its sentences' vectors) closest to the centroid, with
   a bonus for query terms; a sentence whose cosine to one already chosen exceeds
   ``REDUNDANCY`` is skipped, and so is one longer than ``MAX_WORDS`` words (gold timeline
   sentences are about 20 words; long ones are run-on captions and lists). With an
   ``embedder`` (MiniLM, ``dossier.nlp.embed.default_embedder()``) the centroid and cosines
   are computed on sentence embeddings instead (weighted mean; not measured on all 19
   timelines yet).
4. Dates are walked in score order until ``dates`` of them have a summary (a date whose
   candidates all fail the query filter is skipped), then returned in date order.

``Params`` holds the weights and switches (the module constants are its defaults; the
older variants, a weighted-mean centroid and ranking sentences by their own cosine, remain
selectable). ``python -m bench.eval.tls --cv`` chooses them by leave-one-subject-out
cross-validation on Timeline17 and reports the held-out figure beside the in-sample one.

The function is pure (no store, no I/O); ``prepare`` exposes step 1 so a caller that
summarises one collection several times (the benchmark: three gold timelines share a topic)
pays for time expressions once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dossier.timex import find_timexes
from dossier.timex.sentences import split_sentences

CLIP_SENTS = 5  # lead sentences of an article that stand for its publication day (news-tls)
PUB_DAYS = 2  # publication sentences count for the day of publication and the day before
PUB_WEIGHT = 0.5  # a publication sentence is weaker evidence than one that names its day
# Date weights, MAX_WORDS and the centroid and selection switches of Params are what
# ``python -m bench.eval.tls --cv`` picks on all of Timeline17 (its held-out figures are
# leave-one-subject-out, README).
W_LATER_DOCS, W_MENTIONS, W_PUB = 0.5, 0.5, 1.0
MARGIN_BEFORE = dt.timedelta(days=7)  # mentioned days allowed before the first article
MIN_WORDS, MAX_WORDS = 5, 40  # summary sentences outside these bounds are captions or lists
REDUNDANCY = 0.5  # cosine above which a sentence repeats one already chosen
QUERY_BONUS = 0.1  # added to the centroid cosine of a sentence with a query term
MIN_SHARED = 3  # sentences of each kind (naming the day, published then) PM-Mean needs
DEFAULT_DATES, DEFAULT_SENTENCES = 10, 2

_WORD = re.compile(r"[a-z0-9]+")
# Function words left out of the TF-IDF vectors (a short list; IDF does the rest).
_STOP_WORDS = (
    "a an the and or but of to in on at by for with from as is are was were be been being has "
    "have had do does did it its it's this that these those he she they we you i his her their "
    "our your not no will would can could should may might said says say also than then there "
    "which who whom what when where while after before about into over under up out more most "
    "s mr mrs ms"
)
_STOP = frozenset(_STOP_WORDS.split(" "))


@dataclass(frozen=True)
class ArticleText:
    """One article as the summariser needs it."""

    id: str
    text: str
    published: dt.date


@dataclass
class DatedSummary:
    """One timeline entry: a date and its sentences, each with the id of its article."""

    date: dt.date
    sentences: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Sentence:
    text: str
    article: str
    position: int
    published: dt.date
    mentioned: dt.date | None  # the day the sentence names, if any


@dataclass
class Prepared:
    """Step 1 of the method: the collection's sentences with their dates."""

    sentences: list[Sentence]
    start: dt.date | None
    end: dt.date | None


def prepare(articles: Iterable[ArticleText]) -> Prepared:
    """Split articles into sentences and date each one (the costly step: time expressions)."""
    articles = list(articles)
    if not articles:
        return Prepared([], None, None)
    start = min(a.published for a in articles)
    end = max(a.published for a in articles)
    out: list[Sentence] = []
    for a in articles:
        spans = split_sentences(a.text)
        starts = [s for s, _ in spans]
        days: dict[int, dt.date] = {}
        for t in find_timexes(a.text, anchor=a.published):
            if t.type != "DATE" or t.precision != "day" or t.interval_start is None:
                continue
            if t.interval_end not in (None, t.interval_start):
                continue
            if not start - MARGIN_BEFORE <= t.interval_start <= end:
                continue
            index = _sentence_index(starts, t.start)
            days.setdefault(index, t.interval_start)  # the first day named in the sentence
        for i, (s, e) in enumerate(spans):
            text = " ".join(a.text[s:e].split())
            out.append(Sentence(text, a.id, i, a.published, days.get(i)))
    return Prepared(out, start, end)


def _sentence_index(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


@dataclass(frozen=True)
class Params:
    """The method's settings (the module constants are the defaults)."""

    pub_weight: float = PUB_WEIGHT
    w_later_docs: float = W_LATER_DOCS
    w_mentions: float = W_MENTIONS
    w_pub: float = W_PUB
    min_words: int = MIN_WORDS
    max_words: int = MAX_WORDS
    redundancy: float = REDUNDANCY
    query_bonus: float = QUERY_BONUS
    # "weighted": the weighted mean of all candidates; "shared": news-tls's PM-Mean, the mean
    # of the mention centroid and the publication centroid on the words both contain.
    centroid: str = "shared"
    # "rank": sentences by their own cosine to the centroid; "opt": news-tls's CentroidOpt,
    # each step adds the sentence that brings the summary's sum closest to the centroid.
    select: str = "opt"
    named_bonus: float = 0.0  # added to the score of a sentence that names the date itself


DEFAULT_PARAMS = Params()


def rank_dates(prepared: Prepared, params: Params = DEFAULT_PARAMS) -> list[tuple[dt.date, float]]:
    """Dates by score, best first (step 2)."""
    later_docs: dict[dt.date, set[str]] = defaultdict(set)
    mentions: Counter[dt.date] = Counter()
    published: dict[dt.date, set[str]] = defaultdict(set)
    for s in prepared.sentences:
        if s.mentioned is not None:
            mentions[s.mentioned] += 1
            if s.mentioned < s.published:
                later_docs[s.mentioned].add(s.article)
        for k in range(PUB_DAYS):
            published[s.published - dt.timedelta(days=k)].add(s.article)
    days = set(mentions) | set(published)
    scored = [
        (
            d,
            params.w_later_docs * math.log1p(len(later_docs[d]))
            + params.w_mentions * math.log1p(mentions[d])
            + params.w_pub * params.pub_weight * math.log1p(len(published[d])),
        )
        for d in days
        if prepared.start is None or d >= prepared.start - MARGIN_BEFORE
    ]
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored


def _terms(query: Sequence[str] | None) -> list[str]:
    return [w for q in query or () for w in _WORD.findall(q.lower())]


def _matches(text: str, terms: list[str]) -> bool:
    words = _WORD.findall(text.lower())
    return any(w.startswith(t) for t in terms for w in words)


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and not w.isdigit()]


class _Tfidf:
    """Sparse TF-IDF vectors (dicts), IDF over the collection's sentences."""

    def __init__(self, texts: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for t in texts:
            df.update(set(_tokens(t)))
            n += 1
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
        self._default = math.log(1 + n) + 1

    def vector(self, text: str) -> dict[str, float]:
        tf = Counter(_tokens(text))
        v = {w: c * self.idf.get(w, self._default) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def summarise_timeline(
    articles: list[ArticleText] | Prepared,
    *,
    query: list[str] | None = None,
    dates: int = DEFAULT_DATES,
    sentences: int = DEFAULT_SENTENCES,
    embedder: Any = None,
    between: tuple[dt.date, dt.date] | None = None,
    params: Params = DEFAULT_PARAMS,
) -> list[DatedSummary]:
    """The ``dates`` most important dates of the articles, ``sentences`` sentences each.

    query: words a summary sentence must contain one of (word-prefix, case-insensitive); a
        query that matches no sentence gives an empty timeline.
    embedder: an ``Embedder`` (``dossier.nlp.embed``) to compare sentences by embeddings
        instead of TF-IDF.
    between: only dates in this inclusive span are chosen (news-tls restricts each run to the
        gold timeline's first and last date).
    params: the method's weights and switches (``Params``).
    Returns the entries in date order; each sentence comes with its article's id.
    """
    prepared = articles if isinstance(articles, Prepared) else prepare(articles)
    if dates <= 0 or sentences <= 0 or not prepared.sentences:
        return []
    terms = _terms(query)

    def allowed(s: Sentence) -> bool:
        n = len(s.text.split())
        return (params.min_words <= n <= params.max_words
                and (not terms or _matches(s.text, terms)))

    by_date: dict[dt.date, list[tuple[Sentence, float]]] = defaultdict(list)
    for s in prepared.sentences:
        if s.mentioned is not None:
            by_date[s.mentioned].append((s, 1.0))
        elif s.position < CLIP_SENTS:
            for k in range(PUB_DAYS):
                by_date[s.published - dt.timedelta(days=k)].append((s, params.pub_weight))
    if terms and not any(allowed(s) for s in prepared.sentences):
        return []

    tfidf = None if embedder is not None else _Tfidf(s.text for s in prepared.sentences)
    timeline: list[DatedSummary] = []
    for day, _score in rank_dates(prepared, params):
        if len(timeline) >= dates:
            break
        if between is not None and not between[0] <= day <= between[1]:
            continue
        candidates = by_date.get(day)
        if not candidates or not any(allowed(s) for s, _ in candidates):
            continue
        chosen = _summarise_date(day, candidates, allowed, sentences, terms, tfidf, embedder,
                                 params)
        if chosen:
            timeline.append(DatedSummary(day, [(s.text, s.article) for s in chosen]))
    timeline.sort(key=lambda e: e.date)
    return timeline


def _summarise_date(
    day: dt.date,
    candidates: list[tuple[Sentence, float]],
    allowed: Any,
    k: int,
    terms: list[str],
    tfidf: _Tfidf | None,
    embedder: Any,
    params: Params,
) -> list[Sentence]:
    """Centroid selection with redundancy removal (step 3)."""
    # One copy of each text (reprints repeat sentences word for word); the weight adds up.
    weights: dict[str, float] = defaultdict(float)
    first: dict[str, Sentence] = {}
    named: set[str] = set()
    for s, w in candidates:
        weights[s.text] += w
        first.setdefault(s.text, s)
        if s.mentioned == day:
            named.add(s.text)
    texts = list(first)
    if tfidf is not None:
        vectors = [tfidf.vector(t) for t in texts]
        centroid = _centroid(vectors, [weights[t] for t in texts],
                             [t in named for t in texts], params.centroid)
        sims = [_dot(v, centroid) for v in vectors]

        def similarity(i: int, j: int) -> float:
            return _dot(vectors[i], vectors[j])
    else:
        matrix = np.asarray(embedder.encode(texts), dtype=np.float32)
        w = np.asarray([weights[t] for t in texts], dtype=np.float32)[:, None]
        c = (matrix * w).sum(0)
        c /= np.linalg.norm(c) or 1.0
        sims = list(matrix @ c)

        def similarity(i: int, j: int) -> float:
            return float(matrix[i] @ matrix[j])

    def prior(i: int) -> float:
        t = texts[i]
        bonus = params.query_bonus if terms and _matches(t, terms) else 0.0
        if t in named:
            bonus += params.named_bonus
        return bonus

    eligible = [i for i, t in enumerate(texts) if allowed(first[t])]
    if params.select == "opt":
        picked = _centroid_opt(eligible, k, sims, similarity, prior, params.redundancy)
    else:
        scored = sorted(((float(sims[i]) + prior(i), i) for i in eligible),
                        key=lambda x: (-x[0], x[1]))
        picked = []
        for _score, i in scored:
            if len(picked) >= k:
                break
            if any(similarity(i, j) > params.redundancy for j in picked):
                continue
            picked.append(i)
    return [first[texts[i]] for i in picked]


def _centroid(vectors: list[dict[str, float]], weights: list[float], named: list[bool],
              how: str) -> dict[str, float]:
    """The date's centroid: weighted mean, or news-tls's PM-Mean on shared words. PM-Mean
    needs a few sentences of each kind: the words two sentences share are mostly common
    ones, so with fewer than ``MIN_SHARED`` on a side the weighted mean stands in."""
    n_named = sum(named)
    if how == "shared" and min(n_named, len(named) - n_named) >= MIN_SHARED:
        parts: list[dict[str, float]] = [defaultdict(float), defaultdict(float)]
        sizes = [0, 0]
        for v, is_named in zip(vectors, named, strict=True):
            sizes[is_named] += 1
            for word, x in v.items():
                parts[is_named][word] += x
        pub, ment = parts
        centroid = {w: pub[w] / sizes[0] + ment[w] / sizes[1] for w in pub if w in ment}
    else:
        centroid = defaultdict(float)
        for v, weight in zip(vectors, weights, strict=True):
            for word, x in v.items():
                centroid[word] += weight * x
    norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    return {w: x / norm for w, x in centroid.items()}


def _centroid_opt(eligible: list[int], k: int, sims: Sequence[float], similarity: Any,
                  prior: Any, redundancy: float) -> list[int]:
    """Greedy: add the sentence that brings the summary (sum of unit vectors) closest to the
    centroid (news-tls ``CentroidOpt``), skipping near-repeats of a chosen one."""
    picked: list[int] = []
    to_summary = {i: 0.0 for i in eligible}  # dot of each candidate with the summary's sum
    summary_dot, summary_sq = 0.0, 0.0  # summary·centroid and |summary|²
    remaining = list(eligible)
    while remaining and len(picked) < k:
        best, best_score = None, -math.inf
        for i in remaining:
            norm = math.sqrt(summary_sq + 2 * to_summary[i] + 1.0) or 1.0
            score = (summary_dot + float(sims[i])) / norm + prior(i)
            if score > best_score:
                best, best_score = i, score
        assert best is not None
        remaining.remove(best)
        if any(similarity(best, j) > redundancy for j in picked):
            continue
        picked.append(best)
        summary_dot += float(sims[best])
        summary_sq += 2 * to_summary[best] + 1.0
        for i in remaining:
            to_summary[i] += similarity(best, i)
    return picked
