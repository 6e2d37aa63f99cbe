"""Captions, credits and bylines in summaries and event sentences (issue 14).

Measure only. Pages: the scrapinghub, htmldate and fundus pages of the page-header
evaluation, loaded and flattened as there (``bench.eval.header.load_pages``: whole-page text,
no HTML, no URL), with its dev / held-out split by the sha256 of the page id (``split_of``).
Each page goes through ``dossier.pipeline.analyse``; a page rejected as no article is not
counted. On the cleaned text:

- the extractive summary (``dossier.corpus.summary``, over all-MiniLM-L6-v2 vectors, as the
  enrichment pass makes it);
- the events (``dossier.events.analyse`` with the article's date).

What counts as a caption, credit or byline is the written definition of
``dossier.clean.captions`` (its module docstring); a sentence counts when it overlaps such a
line of the cleaned text. Figures per split:

- **summaries with one**: articles whose summary has a caption, credit or byline sentence,
  over articles with a summary;
- **events from one**: events whose trigger (the verb that typed them) is on such a line,
  and all events;
- **off-body (scrapinghub)**: summary sentences that are not in the page's true article body
  (``ground-truth.json`` articleBody; compared on word sequences, case folded), over all
  summary sentences: a check that does not use the definition, so a fix that only moved the
  summary to other non-article lines would show here.

Dev pages flagged are written page by page (page id and line kind, no text) to
``bench/results/captions.json``; held-out is kept as figures only.

Run from the repository root::

    python -m bench.eval.captions [--data PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from bench.eval.header import DEFAULT_DATA, SETS, load_pages
from bench.eval.report import write_results
from dossier.clean.captions import caption_spans, in_captions
from dossier.model import RawDocument
from dossier.pipeline import analyse

SPLITS = ("dev", "held-out")
_WORDS = re.compile(r"\w+")


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _truth_bodies(data: Path) -> dict[str, str]:
    path = data / "scrapinghub-article-extraction-benchmark" / "ground-truth.json"
    if not path.exists():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {page_id: _key(row.get("articleBody") or "") for page_id, row in rows.items()}


def measure(data: Path) -> dict[str, Any]:
    from dossier.corpus.summary import sentences_of, summary_from
    from dossier.events import analyse as analyse_events
    from dossier.nlp.embed import default_embedder
    from dossier.queries import anchor_of

    embedder = default_embedder()
    bodies = _truth_bodies(data)
    counts = {s: {"articles": 0, "summaries": 0, "summaries_with": 0, "events": 0,
                  "events_from": 0, "summary_sentences": 0, "off_body": 0, "body_checked": 0}
              for s in SPLITS}
    flagged: list[dict[str, Any]] = []
    for name in SETS:
        for page in load_pages(data, name):
            raw = RawDocument(origin=f"{name}:{page.page_id}",
                              content_hash=hashlib.sha256(page.text.encode()).hexdigest(),
                              text=page.text)
            try:
                article = analyse(raw)
            except Exception:  # a page rejected as no article has no summary or events
                continue
            tally = counts[page.split]
            tally["articles"] += 1
            text, marks = article.text, caption_spans(article.text)
            spans = sentences_of(text)
            kinds: list[str] = []
            if spans:
                vectors = embedder.encode([text[s:e] for s, e in spans])
                summary = summary_from(text, spans, vectors, "extractive-centrality")
                tally["summaries"] += 1
                in_summary = [k for s, e in summary.sentences for a, b, k in marks
                              if s < b and e > a]
                tally["summaries_with"] += bool(in_summary)
                kinds += [f"summary:{k}" for k in in_summary]
                body = bodies.get(page.page_id) if name == "scrapinghub" else None
                for s, e in summary.sentences:
                    tally["summary_sentences"] += 1
                    if body is not None:
                        tally["body_checked"] += 1
                        tally["off_body"] += _key(text[s:e]) not in body
            published, precision = anchor_of(article.published.value,
                                             article.published.precision)
            events = analyse_events(text, published=published, precision=precision).events
            tally["events"] += len(events)
            for event in events:
                if in_captions(event.trigger_start, event.trigger_start + 1, marks):
                    tally["events_from"] += 1
                    kinds.append("event")
            if kinds and page.split == "dev":
                flagged.append({"set": name, "page": page.page_id, "found": kinds})
    return {"counts": counts, "flagged_dev": flagged}


def _share(k: int, n: int) -> float | None:
    return round(k / n, 4) if n else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval.captions")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not (args.data / "page-header-truth").exists():
        print(f"skipped: no page-header truth under {args.data}")
        return 0
    result = measure(args.data)
    print("| split | articles | summaries with a caption/credit/byline | events from one "
          "| off-body summary sentences (scrapinghub) |")
    print("|---|---|---|---|---|")
    figures: dict[str, Any] = {}
    for split in SPLITS:
        c = result["counts"][split]
        with_share = _share(c["summaries_with"], c["summaries"])
        off_share = _share(c["off_body"], c["body_checked"])
        figures[split] = {**c, "summaries_with_share": with_share, "off_body_share": off_share}
        print(f"| {split} | {c['articles']} | {c['summaries_with']}/{c['summaries']} "
              f"({with_share}) | {c['events_from']}/{c['events']} "
              f"| {c['off_body']}/{c['body_checked']} ({off_share}) |")
    write_results("captions", argv, {"figures": figures, "flagged_dev": result["flagged_dev"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
