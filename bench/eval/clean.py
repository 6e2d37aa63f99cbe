"""Score ``dossier.clean.clean_text`` on text already flattened from web pages.

Data: the scrapinghub article-extraction benchmark. Its ``output/html-text.json`` holds, for
each of its 181 pages, the whole page flattened to text by ``html-text``: that is the input.
``ground-truth.json`` holds the article body: that is the truth. The metric is the
benchmark's own (4-gram shingle precision / recall / F1), reimplemented below line for line
from scrapinghub/article-extraction-benchmark ``evaluate.py`` (``string_shingle_matching``,
``_all_shingles``, ``_tokenize``, ``_ngrams``, ``metrics_from_tp_fp_fns``,
``precision_score``, ``recall_score``), without its bootstrap intervals.

Run from the repository root::

    python -m bench.eval.clean [--data PATH] [--no-baselines]

Prints one table per split (a fixed random half of the page ids used while developing the
cleaner, the other half held out, and the full set) and writes ``bench/results/clean.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from dossier.clean import clean_text

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "scrapinghub-article-extraction-benchmark"
RESULTS = REPO / "bench" / "results" / "clean.json"
SPLIT_SEED = 20240601  # fixes the dev / held-out halves; never change it after tuning

# Published or measured-here anchors (../shared/ANCHORS.md), F1.
ANCHORS = {
    "whole page text": 0.665,
    "trafilatura (lines as paragraphs)": 0.693,
    "jusText (lines as paragraphs)": 0.761,
}

TpFpFn = tuple[float, float, float]

# ---- the benchmark's metric (evaluate.py of scrapinghub/article-extraction-benchmark) ----

# Same expression and flags as evaluate.py: case is kept (IGNORECASE does not fold \w).
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def _ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    tokens = _tokenize(text)
    result = []
    # As in evaluate.py: a text shorter than n tokens gives one short shingle, none if empty.
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            result.append(shingle)
    return result


def string_shingle_matching(true: str, pred: str, ngram_n: int = 4) -> TpFpFn:
    """TP/FP/FN over 4-gram shingles, normalised to sum 1 (evaluate.py)."""
    true_shingles = Counter(_ngrams(true, ngram_n))
    pred_shingles = Counter(_ngrams(pred, ngram_n))
    tp = fp = fn = 0.0
    for key in set(true_shingles) | set(pred_shingles):
        true_count = true_shingles.get(key, 0)
        pred_count = pred_shingles.get(key, 0)
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    total = tp + fp + fn
    if total > 0:  # longer texts do not get more weight
        return (tp / total, fp / total, fn / total)
    return (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_from_tp_fp_fns(tp_fp_fns: list[TpFpFn]) -> dict[str, float]:
    """Mean per-page precision (pages with a prediction) and recall (pages with a truth)."""
    precision = statistics.mean(
        precision_score(tp, fp, fn) for tp, fp, fn in tp_fp_fns if tp + fp > 0
    )
    recall = statistics.mean(recall_score(tp, fp, fn) for tp, fp, fn in tp_fp_fns if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall)
    return {"f1": f1, "precision": precision, "recall": recall}


# ---- systems ----


def _dossier(page: str) -> str:
    return clean_text(page).text


def _whole_page(page: str) -> str:
    return page


def _lines_as_html(page: str) -> str:
    from html import escape

    lines = (line.strip() for line in page.splitlines())
    body = "\n".join(f"<p>{escape(line)}</p>" for line in lines if line)
    return f"<html><body>{body}</body></html>"


def _justext(page: str) -> str:
    import justext

    paragraphs = justext.justext(_lines_as_html(page), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _trafilatura(page: str) -> str:
    import trafilatura

    return trafilatura.extract(_lines_as_html(page), favor_recall=False) or ""


def _systems(baselines: bool) -> dict[str, Callable[[str], str]]:
    systems: dict[str, Callable[[str], str]] = {"Dossier cleaner": _dossier}
    if baselines:
        systems["whole page text"] = _whole_page
        for name, run in (
            ("jusText (lines as paragraphs)", _justext),
            ("trafilatura (lines as paragraphs)", _trafilatura),
        ):
            try:  # optional: skip a baseline whose package is not installed
                run("probe")
            except ImportError:
                continue
            systems[name] = run
    return systems


# ---- running ----


def _load(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    pages = json.loads((data / "output" / "html-text.json").read_text(encoding="utf-8"))
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = pages.get("output", pages)
    if pages.keys() != truth.keys():
        raise SystemExit("prediction keys do not match ground truth")
    return (
        {k: v.get("articleBody", "") for k, v in pages.items()},
        {k: v.get("articleBody", "") for k, v in truth.items()},
    )


def splits(ids: list[str]) -> dict[str, list[str]]:
    """The dev half (used while tuning), the held-out half, and the full set."""
    shuffled = sorted(ids)
    random.Random(SPLIT_SEED).shuffle(shuffled)
    half = len(shuffled) // 2
    return {"dev": sorted(shuffled[:half]), "held-out": sorted(shuffled[half:]), "full": ids}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-baselines", action="store_true", help="score Dossier only")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    pages, truth = _load(args.data)
    ids = sorted(truth)
    scores: dict[str, dict[str, TpFpFn]] = {}
    timing: dict[str, float] = {}
    for name, run in _systems(not args.no_baselines).items():
        start = time.perf_counter()
        scores[name] = {k: string_shingle_matching(truth[k], run(pages[k])) for k in ids}
        timing[name] = (time.perf_counter() - start) / len(ids) * 1000
    results: dict[str, dict[str, dict[str, float]]] = {}
    for split, members in splits(ids).items():
        print(f"\n{split} ({len(members)} pages)")
        print(f"{'system':<36} {'precision':>9} {'recall':>7} {'F1':>6} {'anchor F1':>9}")
        results[split] = {}
        for name, per_page in scores.items():
            metrics = metrics_from_tp_fp_fns([per_page[k] for k in members])
            results[split][name] = metrics
            anchor = f"{ANCHORS[name]:.3f}" if name in ANCHORS and split == "full" else ""
            print(
                f"{name:<36} {metrics['precision']:>9.3f} {metrics['recall']:>7.3f} "
                f"{metrics['f1']:>6.3f} {anchor:>9}"
            )
    for name in ANCHORS:
        if name not in scores:
            print(f"{name:<36} {'':>9} {'':>7} {'':>6} {ANCHORS[name]:>9.3f}  (anchor only)")
    print("\nms per page: " + ", ".join(f"{n} {t:.1f}" for n, t in timing.items()))
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.eval.clean " + " ".join(argv or sys.argv[1:]),
        "data": str(args.data.name),
        "pages": len(ids),
        "split_seed": SPLIT_SEED,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "versions": {p: _version(p) for p in ("dossier", "justext", "trafilatura")},
        "anchors_f1": ANCHORS,
        "ms_per_page": timing,
        "results": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
