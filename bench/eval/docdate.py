"""Article dating from the text alone: Dossier on Timeline17's articles.

Data: ../shared/data/t17/Timeline17/<Topic>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt (4,650 news
articles from BBC, CNN, the Guardian, Reuters, Fox News and the Washington Post, 2009-2013;
the folder is the publication date). Each article's text goes through what Dossier does with
an input that has no metadata (``clean_text`` then ``published_date``: a date line or
dateline in the text, else ``infer_date``). A fixed random sample, split by a fixed seed into a
dev half (to develop rules on) and a held-out half (only to report).

Scores per half: share dated at all; share correct at day / month / year precision (the true
date inside the returned interval, the interval at most that wide); share wrong (a value whose
interval misses the true date); mean interval width in days over the dated articles.

Run from the repository root::

    python -m bench.eval.docdate [--data PATH] [--sample 1500] [--errors 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from bench.eval.report import write_results
from dossier.clean import clean_text
from dossier.model import RawDocument
from dossier.pipeline import published_date
from dossier.timex.values import interval_of

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "t17" / "Timeline17"
SEED = 17
_WIDTH = {"day": 1, "week": 7, "month": 31, "season": 92, "quarter": 92, "year": 366}


Items = list[tuple[Path, dt.date]]


def articles(data: Path, sample: int) -> tuple[Items, Items]:
    """(dev, held-out): a fixed sample of (path, publication date), split in two halves."""
    found = sorted(data.glob("*/InputDocs/*/*.htm.txt"))
    rng = random.Random(SEED)
    chosen = rng.sample(found, min(sample, len(found))) if sample else list(found)
    rng.shuffle(chosen)
    items = [(p, dt.date.fromisoformat(p.parent.name)) for p in chosen]
    half = len(items) // 2
    return items[:half], items[half:]


def date_text(text: str) -> tuple[str | None, str, dt.date | None, dt.date | None, str]:
    """(value, precision, interval start, interval end, method) from the text only."""
    cleaned = clean_text(text)
    published = published_date(RawDocument(origin="t17", content_hash="-", text=text), cleaned, {})
    if published.value is None:
        return None, "unknown", None, None, published.method
    start, end, _ = interval_of(published.value)
    return published.value, published.precision, start, end, published.method


def score(items: Items, show_errors: int = 0) -> dict:
    n = len(items)
    dated = wrong = 0
    correct = {"day": 0, "month": 0, "year": 0}
    widths: list[int] = []
    methods: dict[str, int] = {}
    errors: list[str] = []
    for path, truth in items:
        value, precision, start, end, method = date_text(
            path.read_text(encoding="utf-8", errors="replace"))
        if value is None or start is None or end is None:
            continue
        dated += 1
        methods[method] = methods.get(method, 0) + 1
        width = (end - start).days + 1
        widths.append(width)
        if not start <= truth <= end:
            wrong += 1
            if len(errors) < show_errors:
                errors.append(f"{path.parent.parent.parent.name}/{path.parent.name}/{path.name}: "
                              f"{value} ({precision}, {method}) true {truth}")
            continue
        for level in correct:
            correct[level] += width <= _WIDTH[level]
    share = lambda k: k / n if n else 0.0  # noqa: E731
    return {
        "articles": n,
        "dated": share(dated),
        "correct_day": share(correct["day"]),
        "correct_month": share(correct["month"]),
        "correct_year": share(correct["year"]),
        "wrong": share(wrong),
        "mean_width_days": sum(widths) / len(widths) if widths else None,
        "methods": methods,
        "errors": errors,
    }


def table(results: dict[str, dict]) -> str:
    rows = [f"{'half':<10} {'articles':>8} {'dated':>6} {'day':>6} {'month':>6} {'year':>6} "
            f"{'wrong':>6} {'width d':>8}"]
    for name, r in results.items():
        width = f"{r['mean_width_days']:.0f}" if r["mean_width_days"] is not None else "-"
        rows.append(f"{name:<10} {r['articles']:>8} {r['dated']:>6.3f} {r['correct_day']:>6.3f} "
                    f"{r['correct_month']:>6.3f} {r['correct_year']:>6.3f} {r['wrong']:>6.3f} "
                    f"{width:>8}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sample", type=int, default=1500, help="articles (0: all)")
    parser.add_argument("--errors", type=int, default=0, help="print this many dev errors")
    parser.add_argument("--dev-only", action="store_true", help="score the dev half only")
    args = parser.parse_args(argv)
    dev, held = articles(args.data, args.sample)
    if not dev:
        print(f"no articles under {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    results = {"dev": score(dev, args.errors)}
    if not args.dev_only:
        results["held-out"] = score(held)
    seconds = time.perf_counter() - started
    print("Timeline17, text only (clean_text → published_date); correct = true date inside the "
          "interval, at most a day / month / year wide")
    print(table(results))
    for name, r in results.items():
        print(f"{name} methods: {r['methods']}")
    for line in results["dev"]["errors"]:
        print("  ", line)
    print(f"({seconds:.1f} s)")
    if not args.dev_only:
        saved = {name: {k: v for k, v in r.items() if k != "errors"}
                 for name, r in results.items()}
        write_results("docdate", argv, {"sample": args.sample, "seed": SEED, "results": saved})
    return 0


if __name__ == "__main__":
    sys.exit(main())
