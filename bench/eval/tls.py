"""Timeline summarisation on Timeline17, scored with tilse as news-tls scores it.

Run from the repository root::

    python -m bench.eval.tls [--cv] [--topics bpoil_bbc,...] [--embeddings]
                             [--rouge original|reimpl]

For each of the 19 gold timelines of ../shared/data/t17 (17 topic folders; SyrianCrisis_reuters
has three), as news-tls's ``experiments/evaluate.py`` does: the input is the folder's articles,
the output has as many dates as the gold timeline and its average number of sentences per
date (rounded), and dates are chosen within the gold timeline's first and last date. Scores
are tilse's (Martschat and Markert 2017): ROUGE-1/2 F of the concatenated timelines
(``concat``), of the date-aligned summaries (``align+ m:1``, news-tls's "AR") and date F1.
Precision and recall are averaged over the timelines and F is taken of the averages
(news-tls ``get_average_results``). ROUGE counts come from tilse's Python ROUGE-1/2
(``rouge_computation="reimpl"``: lower-cased, stemmed, ROUGE's stop words removed) by default,
which takes a minute; ``--rouge original`` runs the ROUGE-1.5.5 Perl script tilse ships
(``-n 2 -m -s -t 2``; Debian's libxml-parser-perl), about 0.25 s a call: well over 15 minutes on
all 19 timelines here.

Query: news-tls filters summary sentences by the topic's keywords. The ``keywords.json`` files
of this copy hold the topic label ("bpoil", "LibyaWar"), which no article contains, so the
label is read as words (``QUERIES``, written here by hand from the labels).

Beside Dossier: a trivial baseline (the most mentioned days; for each, the first sentences
that mention it) and the published DATEWISE and CLUST figures (ANCHORS.md). Sentences and
their dates are cached per topic in ``bench/work/tls/`` (the time expressions are the slow
part). ``--cv`` adds leave-one-subject-out cross-validation of the method's settings
(``DATE_GRID`` and ``GRID``, about 12 minutes here). Writes ``bench/results/tls.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import hashlib
import inspect
import itertools
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.eval.report import write_results
from dossier.corpus import tls

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "t17" / "Timeline17"
WORK = Path(__file__).resolve().parents[1] / "work" / "tls"

QUERIES = {
    "bpoil": ["BP", "oil", "spill"],
    "EgyptianProtest": ["Egypt", "protest"],
    "Finan": ["financial", "economic", "crisis"],
    "H1N1": ["H1N1", "swine", "flu"],
    "haiti": ["Haiti", "quake", "earthquake"],
    "IraqWar": ["Iraq"],
    "LibyaWar": ["Libya"],
    "MJ": ["Michael", "Jackson"],
    "SyrianCrisis": ["Syria"],
}

# Published figures (Gholipour Ghalandari and Ifrim 2020, Table 3, T17): AR-1 F, AR-2 F, date F1.
ANCHORS = {"DATEWISE": (0.120, 0.035, 0.544), "CLUST": (0.082, 0.020, 0.407)}


def load_articles(topic: Path) -> list[tls.ArticleText]:
    out = []
    for day in sorted((topic / "InputDocs").iterdir()):
        published = dt.date.fromisoformat(day.name)
        for f in sorted(day.iterdir()):
            text = f.read_text(encoding="utf-8", errors="replace")
            out.append(tls.ArticleText(f"{topic.name}/{day.name}/{f.name}", text, published))
    return out


def load_gold(topic: Path) -> list[dict[dt.date, list[str]]]:
    golds = []
    for line in (topic / "timelines.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            golds.append({dt.date.fromisoformat(d): [s.strip() for s in sents]
                          for d, sents in json.loads(line)})
    return golds


def _code_digest() -> str:
    """What the cached sentences depend on: dossier.timex and tls.prepare."""
    root = Path(tls.__file__).resolve().parents[1]
    h = hashlib.sha1()
    for f in sorted([*(root / "timex").rglob("*.py"), *(root / "data").rglob("*")]):
        if f.is_file():
            h.update(f.read_bytes())
    for part in (tls.prepare, tls.Sentence, tls._sentence_index):
        h.update(inspect.getsource(part).encode())
    h.update(repr((tls.MARGIN_BEFORE,)).encode())
    return h.hexdigest()[:12]


def prepared(topic: Path, digest: str) -> tls.Prepared:
    WORK.mkdir(parents=True, exist_ok=True)
    cache = WORK / f"{topic.name}-{digest}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    result = tls.prepare(load_articles(topic))
    cache.write_bytes(pickle.dumps(result))
    return result


def baseline(p: tls.Prepared, n: int, k: int, span: tuple[dt.date, dt.date]) -> list[Any]:
    """Most mentioned days in the span; for each, the first ``k`` sentences naming it."""
    counts = Counter(s.mentioned for s in p.sentences
                     if s.mentioned and span[0] <= s.mentioned <= span[1])
    out = []
    for day, _ in counts.most_common(n):
        sents = [s for s in p.sentences if s.mentioned == day][:k]
        out.append(tls.DatedSummary(day, [(s.text, s.article) for s in sents]))
    return sorted(out, key=lambda e: e.date)


class Scorer:
    """tilse's concat and align+ m:1 ROUGE-1/2 and its date F1."""

    def __init__(self, computation: str) -> None:
        from tilse.evaluation import rouge

        self.computation = computation
        self.evaluator = rouge.TimelineRougeEvaluator(
            measures={"rouge_1", "rouge_2"}, rouge_computation=computation)
        _memoise_tilse(self.evaluator)

    def score(self, predicted: list[tls.DatedSummary], gold: dict[dt.date, list[str]]) -> dict:
        from tilse.data.timelines import GroundTruth, Timeline
        from tilse.evaluation.dates import evaluate_dates

        pred = Timeline({e.date: [s for s, _ in e.sentences] for e in predicted})
        truth = GroundTruth([Timeline(gold)])
        if not predicted:
            zero = {"precision": 0.0, "recall": 0.0, "f_score": 0.0}
            both = {"rouge_1": zero, "rouge_2": zero}
            return {"concat": both, "align_m1": both, "dates": zero}
        return {
            "concat": self.evaluator.evaluate_concat(pred, truth),
            "align_m1": self.evaluator.evaluate_align_date_content_costs_many_to_one(
                pred, truth),
            "dates": evaluate_dates(pred, truth),
        }


def _memoise_tilse(evaluator: Any) -> None:
    """Make tilse's scoring fast without changing a figure. Its align+ m:1 costs call a
    ROUGE-1 approximation for every pair of predicted and gold dates (twice), and its Python
    ROUGE stems every token again each time; both are pure, so each input is computed once."""
    from tilse.evaluation import util

    if getattr(util.compute_rouge_approximation, "memoised", False):
        pass
    else:
        original = util.compute_rouge_approximation

        @functools.lru_cache(maxsize=200_000)
        def cached(pred: tuple[str, ...], gold: tuple[tuple[str, ...], ...]) -> float:
            return original(list(pred), [list(g) for g in gold])

        def approximation(pred_summary: Any, groundtruth: Any) -> float:
            return cached(tuple(pred_summary), tuple(tuple(g) for g in groundtruth))

        approximation.memoised = True  # type: ignore[attr-defined]
        util.compute_rouge_approximation = approximation
    stem = getattr(evaluator.rouge, "stem_function", None)
    if stem is not None:
        evaluator.rouge.stem_function = functools.lru_cache(maxsize=None)(stem)


def average(results: list[dict]) -> dict[str, float]:
    """news-tls's averaging: mean precision and recall over timelines, F of the means."""

    def f_of(prfs: list[dict]) -> float:
        p = sum(x["precision"] for x in prfs) / len(prfs)
        r = sum(x["recall"] for x in prfs) / len(prfs)
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "AR-1 F": f_of([r["align_m1"]["rouge_1"] for r in results]),
        "AR-2 F": f_of([r["align_m1"]["rouge_2"] for r in results]),
        "concat R-1 F": f_of([r["concat"]["rouge_1"] for r in results]),
        "concat R-2 F": f_of([r["concat"]["rouge_2"] for r in results]),
        "date F1": f_of([r["dates"] for r in results]),
    }


# Leave-one-subject-out cross-validation (``--cv``). A subject is the topic label of
# ``keywords.json`` (bpoil, H1N1, ...): a subject's folders tell one story from several
# sources, so none of them may help choose the settings it is scored with. Each fold chooses
# on the other subjects' timelines, in two steps: the date ranker's weights (DATE_GRID) by
# date F1, then the summary settings (GRID, scored with the default date weights) by AR-1 F;
# the held-out subject is then scored with both choices.
DATE_GRID: dict[str, tuple[Any, ...]] = {
    "w_later_docs": (0.0, 0.5, 1.0),
    "w_mentions": (0.5, 1.0),
    "w_pub": (0.0, 0.5, 1.0),
}
GRID: dict[str, tuple[Any, ...]] = {
    "centroid": ("weighted", "shared"),
    "select": ("rank", "opt"),
    "max_words": (40, 50, 60),
    "named_bonus": (0.0, 0.05),
}


def grid(axes: dict[str, tuple[Any, ...]]) -> list[dict[str, Any]]:
    keys = list(axes)
    return [dict(zip(keys, combo, strict=True))
            for combo in itertools.product(*(axes[k] for k in keys))]


def cross_validate(runs: list[dict], scorer: Scorer) -> dict[str, Any]:
    """Leave-one-subject-out: per subject, settings chosen on the others, scored on it."""
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.dates import evaluate_dates

    def date_f1(rows: list[dict]) -> float:
        return average([{"align_m1": {"rouge_1": r, "rouge_2": r},
                         "concat": {"rouge_1": r, "rouge_2": r}, "dates": r}
                        for r in rows])["date F1"]

    # Step 1: dates only (one sentence a date with the fast ranking; the dates do not depend
    # on how sentences are chosen), no ROUGE.
    date_configs = grid(DATE_GRID)
    date_scores = []
    for settings in date_configs:
        params = dataclasses.replace(tls.DEFAULT_PARAMS, select="rank", **settings)
        date_scores.append([
            evaluate_dates(Timeline({e.date: [""] for e in _summarise(run, params, k=1)}),
                           GroundTruth([Timeline(run["gold"])]))
            for run in runs])
    # Step 2: summary settings, with the default date weights.
    configs = grid(GRID)
    scores: list[list[dict]] = []
    for c, settings in enumerate(configs):
        params = dataclasses.replace(tls.DEFAULT_PARAMS, **settings)
        scores.append([scorer.score(_summarise(run, params), run["gold"]) for run in runs])
        figs = average(scores[-1])
        print(f"grid {c + 1}/{len(configs)} {settings}: AR-1 F {figs['AR-1 F']:.4f} "
              f"AR-2 F {figs['AR-2 F']:.4f} date F1 {figs['date F1']:.4f}", flush=True)

    def best(n: int, figure: Any, rows: list[int]) -> int:
        return max(range(n), key=lambda c: (figure(c, rows), -c))

    def ar1(c: int, rows: list[int]) -> float:
        return average([scores[c][i] for i in rows])["AR-1 F"]

    def dates_of(d: int, rows: list[int]) -> float:
        return date_f1([date_scores[d][i] for i in rows])

    held_out: list[dict] = []
    folds = {}
    for subject in sorted({run["subject"] for run in runs}):
        train = [i for i, run in enumerate(runs) if run["subject"] != subject]
        test = [i for i, run in enumerate(runs) if run["subject"] == subject]
        chosen = {**date_configs[best(len(date_configs), dates_of, train)],
                  **configs[best(len(configs), ar1, train)]}
        folds[subject] = chosen
        params = dataclasses.replace(tls.DEFAULT_PARAMS, **chosen)
        held_out += [scorer.score(_summarise(runs[i], params), runs[i]["gold"]) for i in test]
    everything = list(range(len(runs)))
    in_sample_dates = best(len(date_configs), dates_of, everything)
    in_sample = best(len(configs), ar1, everything)
    return {
        "date_grid": {k: list(v) for k, v in DATE_GRID.items()},
        "grid": {k: list(v) for k, v in GRID.items()},
        "criteria": "date weights by date F1, then summary settings by AR-1 F (with the "
                    "default date weights), on the other subjects' timelines (news-tls "
                    "averaging)",
        "folds": folds,
        "held_out": average(held_out),
        "held_out_timelines": held_out,
        "best_in_sample": {**date_configs[in_sample_dates], **configs[in_sample]},
        "date_grid_f1": [{"settings": d, "date F1": date_f1(rows)}
                         for d, rows in zip(date_configs, date_scores, strict=True)],
        "grid_figures": [{"settings": c, "figures": average(rows)}
                         for c, rows in zip(configs, scores, strict=True)],
    }


def _summarise(run: dict, params: tls.Params = tls.DEFAULT_PARAMS, embedder: Any = None,
               k: int | None = None) -> list[tls.DatedSummary]:
    return tls.summarise_timeline(run["prepared"], query=run["query"], dates=run["dates"],
                                  sentences=k or run["sentences"], embedder=embedder,
                                  between=run["span"], params=params)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval.tls")
    parser.add_argument("--topics", default="", help="comma-separated folders (default: all)")
    parser.add_argument("--embeddings", action="store_true", help="MiniLM instead of TF-IDF")
    parser.add_argument("--rouge", choices=("original", "reimpl"), default="reimpl")
    parser.add_argument("--cv", action="store_true",
                        help="also leave-one-subject-out cross-validation over GRID")
    args = parser.parse_args(argv)
    try:
        scorer = Scorer(args.rouge)
    except ImportError as exc:
        print(f"tls: tilse is not installed ({exc}); skipped")
        return 0
    embedder = None
    if args.embeddings:
        from dossier.nlp.embed import default_embedder

        embedder = default_embedder()
    wanted = {t for t in args.topics.split(",") if t}
    topics = [t for t in sorted(DATA.iterdir()) if t.is_dir() and (not wanted or t.name in wanted)]
    digest = _code_digest()
    per_timeline: list[dict] = []
    runs: list[dict] = []
    started = time.perf_counter()
    times = {"prepare": 0.0, "summarise": 0.0, "score": 0.0}
    for topic in topics:
        t0 = time.perf_counter()
        p = prepared(topic, digest)
        times["prepare"] += time.perf_counter() - t0
        label = json.loads((topic / "keywords.json").read_text())[0]
        query = QUERIES.get(label, [label])
        for i, gold in enumerate(load_gold(topic)):
            n = len(gold)
            k = max(1, round(sum(len(v) for v in gold.values()) / n))
            run = {"topic": topic.name, "subject": label, "timeline": i, "prepared": p,
                   "gold": gold, "query": query, "dates": n, "sentences": k,
                   "span": (min(gold), max(gold))}
            runs.append(run)
            t0 = time.perf_counter()
            ours = _summarise(run, embedder=embedder)
            times["summarise"] += time.perf_counter() - t0
            base = baseline(p, n, k, run["span"])
            t0 = time.perf_counter()
            row = {"topic": topic.name, "timeline": i, "dates": n, "sentences": k,
                   "dossier": scorer.score(ours, gold), "baseline": scorer.score(base, gold)}
            times["score"] += time.perf_counter() - t0
            per_timeline.append(row)
            d, b = row["dossier"], row["baseline"]
            print(f"{topic.name:<22} #{i} n={n:<3} k={k}  dossier AR-1 "
                  f"{d['align_m1']['rouge_1']['f_score']:.3f} date "
                  f"{d['dates']['f_score']:.3f} | baseline AR-1 "
                  f"{b['align_m1']['rouge_1']['f_score']:.3f} date "
                  f"{b['dates']['f_score']:.3f}", flush=True)
    cv = None
    if args.cv and not embedder:
        t0 = time.perf_counter()
        cv = cross_validate(runs, scorer)
        times["cross-validation"] = time.perf_counter() - t0
        for subject, settings in cv["folds"].items():
            print(f"fold {subject}: {settings}")
    ours = average([r["dossier"] for r in per_timeline])
    base = average([r["baseline"] for r in per_timeline])
    cols = list(ours)
    print(f"\nTimeline17, {len(per_timeline)} timelines, tilse ROUGE {args.rouge} "
          f"({'MiniLM' if embedder else 'TF-IDF'})\n")
    print(f"| system | {' | '.join(cols)} |")
    print("| --- |" + " ---: |" * len(cols))
    rows = [("Dossier (defaults, in-sample)", ours)]
    if cv is not None:
        rows.append(("Dossier (leave-one-subject-out)", cv["held_out"]))
    rows.append(("trivial baseline", base))
    for name, figs in rows:
        print(f"| {name} | " + " | ".join(f"{figs[c]:.3f}" for c in cols) + " |")
    for name, (ar1, ar2, date_f1) in ANCHORS.items():
        figs = {"AR-1 F": ar1, "AR-2 F": ar2, "date F1": date_f1}
        print(f"| {name} (published) | "
              + " | ".join(f"{figs[c]:.3f}" if c in figs else "–" for c in cols) + " |")
    print(f"\ntimes: {', '.join(f'{k} {v:.0f} s' for k, v in times.items())}; "
          f"total {time.perf_counter() - started:.0f} s")
    if not wanted:
        write_results("tls", argv, {
            "dataset": "t17 (../shared/data/t17/Timeline17), 19 gold timelines",
            "metric": f"tilse {args.rouge} ROUGE; align+ m:1 (AR) and concat, date F1; "
                      "F of mean P and mean R over timelines (news-tls)",
            "representation": "MiniLM" if embedder else "TF-IDF",
            "versions_extra": {"tilse": _version("tilse")},
            "settings": dataclasses.asdict(tls.DEFAULT_PARAMS),
            "dossier": ours, "baseline": base,
            "cross_validation": cv,
            "anchors": {k: dict(zip(("AR-1 F", "AR-2 F", "date F1"), v, strict=True))
                        for k, v in ANCHORS.items()},
            "timelines": per_timeline,
            "seconds": times,
        })
    return 0


def _version(package: str) -> str | None:
    from bench.eval.report import version

    return version(package)


if __name__ == "__main__":
    sys.exit(main())
