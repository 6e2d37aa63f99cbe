"""Event types and actors: Dossier's extract_events on the PETRARCH-2 and PLOVER gold sentences.

Data (../shared/data):
- petrarch2_gsr_validation/PETR2_GSR_validation.jsonl: 78 AFP sentences, 92 CAMEO codings
  (12 "no event"); each CAMEO code is mapped to PLOVER with plover_gsr_cameo/CAMEO2PLOVER-2021.txt
  (the longest listed prefix of the code). Event-type accuracy: share of typed codings whose
  PLOVER type is among the sentence's events; source/target accuracy: share of typed codings
  with a state actor whose state is among the sources/targets of an event of that type; the
  no-event rate: share of the "no event" sentences where nothing is extracted.
- plover_gsr_cameo/PLOVER_GSR_CAMEO.normalized.jsonl: 322 PLOVER gold records with the 2024
  type names (``event_2024``, the 16 types). One label per sentence: the first event Dossier
  extracts (none = a miss). Macro-F1 over the 16 types, on a fixed dev / held-out split (by a
  hash of the record id; rules were developed looking at dev only, never keyed to sentences).

Anchor: NGEC (2025) macro-F1 0.52 over the 16 PLOVER types (on its own held-out set).

    python -m bench.eval.events [--data PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.eval.report import write_results
from dossier.events import extract_events
from dossier.events.model import PLOVER_TYPES

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data"
ANCHOR = {"NGEC (2025) macro-F1, 16 PLOVER types": 0.52}


def crosswalk(path: Path) -> dict[str, str | None]:
    """CAMEO code -> PLOVER type (None when CAMEO2PLOVER gives no type)."""
    out: dict[str, str | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = line.split(":", 1)
        kind = rest.split(",")[0].strip()
        out[code.strip()] = kind or None
    return out


def plover_of(code: str, table: dict[str, str | None]) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def split_of(record_id: str) -> str:
    """A fixed split: about 5/8 of the records for development, the rest held out."""
    return "dev" if int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 8 < 5 else "held-out"


def codes(actors: list[Any]) -> set[str]:
    return {c for a in actors for c in (a.code, a.state) if c}


def _day(value: str) -> dt.date | None:
    """The sentences' dates: "20080804" or "121108" (yymmdd)."""
    for form in ("%Y%m%d", "%y%m%d"):
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def petrarch(data: Path) -> dict[str, Any]:
    table = crosswalk(data / "plover_gsr_cameo" / "CAMEO2PLOVER-2021.txt")
    rows = [json.loads(line) for line in
            (data / "petrarch2_gsr_validation" / "PETR2_GSR_validation.jsonl").open()]
    typed = type_ok = src_total = src_ok = tgt_total = tgt_ok = 0
    no_event = no_event_ok = untyped = 0
    for row in rows:
        day = _day(row["date"])
        events = extract_events(row["text"], published=day,
                                precision="day" if day else "unknown")
        for coding in row["events"]:
            if coding.get("noevents"):
                no_event += 1
                no_event_ok += not events
                continue
            kind = plover_of(coding["eventcode"], table)
            if kind is None:
                untyped += 1
                continue
            typed += 1
            same = [e for e in events if e.type == kind]
            type_ok += bool(same)
            for field, role in (("sourcecode", "source"), ("targetcode", "target")):
                state = (coding.get(field) or "")[:3]
                if not state.isalpha() or state in ("IGO", "---"):
                    continue
                hit = any(state in codes([a for a in e.actors if a.role == role]) for e in same)
                if role == "source":
                    src_total += 1
                    src_ok += hit
                else:
                    tgt_total += 1
                    tgt_ok += hit
    return {
        "sentences": len(rows),
        "typed codings": typed,
        "codings with no PLOVER type": untyped,
        "event-type accuracy": type_ok / typed if typed else 0.0,
        "source state accuracy": src_ok / src_total if src_total else 0.0,
        "target state accuracy": tgt_ok / tgt_total if tgt_total else 0.0,
        "no-event rate": no_event_ok / no_event if no_event else 0.0,
        "no-event codings": no_event,
    }


def macro_f1(pairs: list[tuple[str, str | None]]) -> tuple[float, float, dict[str, float]]:
    """(macro-F1 over the 16 types, accuracy, F1 per type) of (gold, predicted) pairs."""
    f1s = {}
    for kind in PLOVER_TYPES:
        tp = sum(g == kind and p == kind for g, p in pairs)
        predicted = sum(p == kind for _, p in pairs)
        gold = sum(g == kind for g, _ in pairs)
        precision = tp / predicted if predicted else 0.0
        recall = tp / gold if gold else 0.0
        f1s[kind] = 2 * precision * recall / (precision + recall) if tp else 0.0
    accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    return sum(f1s.values()) / len(f1s), accuracy, f1s


def plover(data: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in
            (data / "plover_gsr_cameo" / "PLOVER_GSR_CAMEO.normalized.jsonl").open()]
    pairs: dict[str, list[tuple[str, str | None]]] = {"dev": [], "held-out": []}
    for row in rows:
        events = extract_events(row["text"], published=dt.date(2000, 1, 1), precision="day")
        predicted = events[0].type if events else None
        pairs[split_of(row["id"])].append((row["event_2024"], predicted))
    out: dict[str, Any] = {}
    for name, group in [("dev", pairs["dev"]), ("held-out", pairs["held-out"]),
                        ("all", pairs["dev"] + pairs["held-out"])]:
        macro, accuracy, per_type = macro_f1(group)
        out[name] = {"records": len(group), "macro-F1": macro, "accuracy": accuracy,
                     "no event": sum(p is None for _, p in group) / len(group),
                     "F1 per type": per_type}
    out["confusions (all)"] = Counter(
        f"{g}->{p}" for g, p in pairs["dev"] + pairs["held-out"] if g != p
    ).most_common(12)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not (args.data / "plover_gsr_cameo").is_dir():
        print(f"no PLOVER gold under {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    petr = petrarch(args.data)
    plo = plover(args.data)
    print("PETRARCH-2 gold sentences (CAMEO mapped to PLOVER)")
    print(f"| {'measure':32} | {'Dossier':>8} |")
    print(f"| {'-' * 32} | {'-' * 8} |")
    for key in ("event-type accuracy", "source state accuracy", "target state accuracy",
                "no-event rate"):
        print(f"| {key:32} | {petr[key]:8.3f} |")
    print(f"({petr['typed codings']} typed codings, {petr['no-event codings']} no-event, "
          f"{petr['codings with no PLOVER type']} with no PLOVER type)\n")
    print("PLOVER gold records, macro-F1 over the 16 types (first event of each sentence)")
    print(f"| {'split':9} | {'records':>7} | {'macro-F1':>8} | {'accuracy':>8} | "
          f"{'no event':>8} | {'anchor NGEC 2025':>16} |")
    print(f"| {'-' * 9} | {'-' * 7} | {'-' * 8} | {'-' * 8} | {'-' * 8} | {'-' * 16} |")
    for split in ("dev", "held-out", "all"):
        r = plo[split]
        print(f"| {split:9} | {r['records']:7d} | {r['macro-F1']:8.3f} | {r['accuracy']:8.3f} | "
              f"{r['no event']:8.3f} | {0.52:16.2f} |")
    print("\nF1 per type (all): " + ", ".join(
        f"{k} {v:.2f}" for k, v in plo["all"]["F1 per type"].items()))
    print("most frequent confusions: " + ", ".join(f"{k} ({n})"
                                                   for k, n in plo["confusions (all)"]))
    path = write_results("events", argv, {
        "data": str(args.data), "anchor": ANCHOR, "petrarch2": petr, "plover": plo,
        "seconds": round(time.perf_counter() - started, 1),
    })
    print(f"\nwritten {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
