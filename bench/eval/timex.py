"""TempEval-3 evaluation of dossier.timex.

    python -m bench.eval.timex [--data ../shared/data/tempeval3] [--set platinum|train]

Scores as the TempEval-3 entity scorer (evaluate_entities.py) does, on character spans:
- extraction: strict (same span) and relaxed (overlapping span) precision, recall, F1;
- value: accuracy over relaxed-matched gold timexes; value P = accuracy × relaxed P,
  R = accuracy × relaxed R, F1 = accuracy × relaxed F1 (the TE3 "value F1");
- normalisation given gold spans: each gold span normalised with the document creation time,
  the share whose value equals the gold value.
The evaluation data is read only to measure: nothing in dossier.timex is keyed to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dossier.timex.extract import find_timexes, normalise_span

ANCHORS = {"HeidelTime": 77.61, "SUTime": 67.38}
GOALS = {"value_f1": 0.80, "gold_span_accuracy": 0.85}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def parse_tml(path: Path) -> tuple[str, dt.date, list[Gold]]:
    """(plain text of <TEXT>, document creation date, gold TIMEX3s with offsets)."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*>|<DCT>\s*<TIMEX3[^>]*>', raw)
    value = re.search(r'value="(\d{4}-\d{2}-\d{2})', dct.group(0) if dct else "")
    if value is None:
        value = re.search(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', raw, re.S)
    anchor = dt.date.fromisoformat(value.group(1))
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    text: list[str] = []
    length = 0
    golds: list[Gold] = []
    open_timex: tuple[int, str] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        text.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if not m.group(1):
            open_timex = (length, m.group(3))
        elif open_timex:
            start, attrs = open_timex
            kind = re.search(r'type="(\w+)"', attrs)
            val = re.search(r'value="([^"]*)"', attrs)
            golds.append(Gold(start, length, "", kind.group(1) if kind else "",
                              val.group(1) if val else ""))
            open_timex = None
    text.append(html.unescape(body[pos:]))
    plain = "".join(text)
    for g in golds:
        g.text = plain[g.start : g.end]
        # Spans compare without surrounding blanks, like the scorer's tokens.
        while g.start < g.end and plain[g.start].isspace():
            g.start += 1
        while g.end > g.start and plain[g.end - 1].isspace():
            g.end -= 1
    return plain, anchor, golds


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(files: list[Path], show_errors: int = 0) -> dict:
    """Scores over a list of gold .tml files (their text is the system's input)."""
    n_sys = n_gold = strict_p = strict_r = relaxed_p = relaxed_r = 0
    value_ok = type_ok = span_ok = 0
    errors: list[str] = []
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    started = time.perf_counter()
    for path in files:
        text, anchor, golds = parse_tml(path)
        system = find_timexes(text, anchor, ranges=False)
        n_sys += len(system)
        n_gold += len(golds)
        for s in system:
            overlaps = [g for g in golds if g.start < s.end and s.start < g.end]
            relaxed_p += bool(overlaps)
            strict_p += any(g.start == s.start and g.end == s.end for g in overlaps)
            if not overlaps:
                spurious[s.text.lower()] += 1
        for g in golds:
            overlaps = [s for s in system if g.start < s.end and s.start < g.end]
            if not overlaps:
                missed[g.text.lower()] += 1
            else:
                relaxed_r += 1
                best = max(overlaps, key=lambda s: min(s.end, g.end) - max(s.start, g.start))
                strict_r += best.start == g.start and best.end == g.end
                value_ok += best.value == g.value
                type_ok += best.type == g.type
                if best.value != g.value and len(errors) < show_errors:
                    errors.append(f"{path.name}: {g.text!r} gold {g.value} got {best.value} "
                                  f"({best.text!r}, {best.rule}) dct {anchor}")
            found = normalise_span(text, g.start, g.end, anchor)
            span_ok += found is not None and found.value == g.value
    seconds = time.perf_counter() - started
    sp, sr, sf = _prf(strict_p, n_sys, strict_r, n_gold)
    rp, rr, rf = _prf(relaxed_p, n_sys, relaxed_r, n_gold)
    accuracy = value_ok / relaxed_r if relaxed_r else 0.0
    type_accuracy = type_ok / relaxed_r if relaxed_r else 0.0
    return {
        "documents": len(files),
        "gold_timexes": n_gold,
        "system_timexes": n_sys,
        "strict": {"p": sp, "r": sr, "f1": sf},
        "relaxed": {"p": rp, "r": rr, "f1": rf},
        "value": {"accuracy": accuracy, "p": accuracy * rp, "r": accuracy * rr,
                  "f1": accuracy * rf},
        "type": {"accuracy": type_accuracy, "f1": type_accuracy * rf},
        "gold_span_accuracy": span_ok / n_gold if n_gold else 0.0,
        "seconds": round(seconds, 2),
        "errors": errors,
        "missed": missed.most_common(25),
        "spurious": spurious.most_common(25),
    }


def table(result: dict, name: str) -> str:
    """The results next to the TempEval-3 anchors."""
    pct = lambda x: f"{100 * x:6.2f}"  # noqa: E731
    rows = [
        f"TempEval-3 {name}: {result['documents']} documents, {result['gold_timexes']} gold / "
        f"{result['system_timexes']} system timexes",
        f"{'system':<14} {'strict P':>8} {'R':>6} {'F1':>6} | {'relaxed P':>9} {'R':>6} "
        f"{'F1':>6} | {'value F1':>8} {'type F1':>7} | {'gold-span acc':>13}",
        f"{'dossier.timex':<14} {pct(result['strict']['p']):>8} {pct(result['strict']['r'])} "
        f"{pct(result['strict']['f1'])} | {pct(result['relaxed']['p']):>9} "
        f"{pct(result['relaxed']['r'])} {pct(result['relaxed']['f1'])} | "
        f"{pct(result['value']['f1']):>8} {pct(result['type']['f1']):>7} | "
        f"{pct(result['gold_span_accuracy']):>13}",
    ]
    for system, value_f1 in ANCHORS.items():
        rows.append(f"{system:<14} {'':>8} {'':>6} {'':>6} | {'':>9} {'':>6} {'':>6} | "
                    f"{value_f1:8.2f} {'':>7} | {'':>13}")
    rows.append(f"goals: value F1 >= {100 * GOALS['value_f1']:.0f}, gold-span accuracy >= "
                f"{100 * GOALS['gold_span_accuracy']:.0f}; value accuracy on relaxed matches "
                f"{pct(result['value']['accuracy'])}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/tempeval3", type=Path)
    parser.add_argument("--set", default="platinum", choices=("platinum", "train"))
    parser.add_argument("--errors", type=int, default=0, help="print this many value errors")
    parser.add_argument("--out", type=Path, default=Path("bench/results/timex.json"))
    args = parser.parse_args(argv)
    if args.set == "platinum":
        files = sorted((args.data / "Evaluation" / "te3-platinum").glob("*.tml"))
    else:
        files = sorted((args.data / "Training" / "TBAQ-cleaned").glob("*/*.tml"))
    if not files:
        print(f"no .tml files under {args.data}", file=sys.stderr)
        return 1
    result = evaluate(files, show_errors=args.errors)
    print(table(result, args.set))
    for line in result["errors"]:
        print("  ", line)
    if args.errors:
        print("missed:", result["missed"])
        print("spurious:", result["spurious"])
    if args.set == "platinum":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        saved = {k: v for k, v in result.items() if k not in ("errors", "missed", "spurious")}
        saved["anchors_value_f1"] = ANCHORS
        saved["goals"] = GOALS
        args.out.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
