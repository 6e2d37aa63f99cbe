"""Publication dates of HTML pages: Dossier against htmldate on htmldate's own test pages.

Data: ../shared/data/htmldate-eval (the 200 mediacloud 2020 pages whose HTML is stored,
``test_set/*.html``, truth in ``eval_mediacloud_2020.json``). Accuracy is the share of pages
whose day is right, as in htmldate's evaluation; a page with no date found counts as wrong.

Run from the repository root::

    python -m bench.eval.dates [--data PATH] [--half dev|test]

``--half`` splits the pages, sorted by URL, by index: even indexes are ``dev`` (where
misses may be studied to design changes), odd ones ``test`` (held out). The default is all.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from bench.eval.report import write_results
from dossier.clean import clean_text
from dossier.errors import InputError
from dossier.model import RawDocument
from dossier.pipeline import extract_html, published_date

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "htmldate-eval"
ANCHOR = {"htmldate (extensive), published": 0.903}


def _htmldate(extensive: bool) -> Callable[[str, str], str | None]:
    from htmldate import find_date

    def run(html: str, url: str) -> str | None:
        try:
            return find_date(html, url=url, extensive_search=extensive, original_date=True)
        except Exception:  # a crash on one page is a miss, as in htmldate's own evaluation
            return None

    return run


def _dossier(html: str, url: str) -> str | None:
    """Dossier's publication date for a page: the pipeline's date stages (extract, clean,
    published_date) run even when the page has too little text to be kept as an article
    (short or CJK pages that ``analyse`` refuses), so the date function is what is measured."""
    raw = RawDocument(origin=url, content_hash="-", html=html, url=url)
    try:
        text, meta = extract_html(html, url=url)
    except InputError:
        text, meta = "", {}
    published = published_date(raw, clean_text(text, title=meta.get("title")), meta)
    return published.value if published.precision == "day" else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=("dev", "test"), default=None,
                        help="even (dev) or odd (test) pages in URL order; default all")
    args = parser.parse_args(argv)
    truth = json.loads((args.data / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    pages = []
    for index, (url, item) in enumerate(sorted(truth.items())):
        if args.half and (index % 2 == 0) != (args.half == "dev"):
            continue
        path = args.data / "test_set" / item["file"]
        if path.exists():
            pages.append((url, path.read_text(encoding="utf-8", errors="replace"), item["date"]))
    systems = {
        "htmldate (fast)": _htmldate(False),
        "htmldate (extensive)": _htmldate(True),
        "Dossier": _dossier,
    }
    results = {}
    print(f"{len(pages)} pages")
    print(f"{'system':<24} {'accuracy':>8} {'found':>6} {'ms/page':>8}")
    for name, run in systems.items():
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = [run(html, url) for url, html, _ in pages]
        elapsed = (time.perf_counter() - started) / len(pages) * 1000
        correct = sum(got == gold for got, (_, _, gold) in zip(found, pages, strict=True))
        results[name] = {
            "accuracy": correct / len(pages),
            "found": sum(bool(f) for f in found) / len(pages),
            "ms_per_page": elapsed,
        }
        print(f"{name:<24} {correct / len(pages):>8.3f} {results[name]['found']:>6.2f} "
              f"{elapsed:>8.1f}")
    print(f"{'anchor: htmldate extensive (its published evaluation)':<24} {0.903:>8.3f}")
    results_name = f"dates.{args.half}" if args.half else "dates"
    write_results(results_name, argv, {"pages": len(pages), "half": args.half or "all",
                               "anchors": ANCHOR, "results": results}, module="bench.eval.dates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
