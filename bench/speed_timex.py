"""Speed of dossier.timex.find_timexes, in sentences per second on one core.

    python -m bench.speed_timex [--data ../shared/data/tempeval3] [--repeat 3]

Sentences are the TimeBank/AQUAINT training texts (TBAQ-cleaned), split by our own splitter;
each sentence is one call with the document creation time as anchor and the cheap tense
fall-back (no spaCy). The issue asks for at least 2,000 sentences per second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.eval.timex import parse_tml
from dossier.timex import find_timexes
from dossier.timex.sentences import split_sentences

GOAL = 2000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/tempeval3", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    items = []
    for path in sorted((args.data / "Training" / "TBAQ-cleaned").glob("*/*.tml")):
        text, anchor, _ = parse_tml(path)
        items.extend((text[s:e], anchor) for s, e in split_sentences(text))
    if not items:
        print(f"no TBAQ-cleaned .tml files under {args.data}")
        return 1
    find_timexes(items[0][0], items[0][1])  # load the grammar once
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        found = sum(len(find_timexes(sentence, anchor)) for sentence, anchor in items)
        best = min(best, time.perf_counter() - started)
    rate = len(items) / best
    print(f"{len(items)} sentences, {found} expressions, {best:.2f} s: "
          f"{rate:,.0f} sentences/second (goal {GOAL:,})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
