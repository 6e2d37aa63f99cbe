"""Validate the Timeline17 event gold (``t17_events.jsonl``) and print its counts.

Checks: every record's fields; its sentence's offsets in range, its sha1 against the article
file, the span a whole line of the file and inside the article's covered span; types and
modalities in Dossier's lists (read from ``dossier/events/model.py`` without importing it);
the split fixed by topic; dates in the form their precision says; the picked articles still
those of the rule (``pick_t17_articles.py``); at least 150 events over at least 60 articles.

``python -m bench.gold.check_t17_events [T17_ROOT]``: prints the counts, exits 1 on an error.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench.gold.pick_t17_articles import SPLITS, T17_ROOT, body_lines, pick, read_text

HERE = Path(__file__).parent
EVENTS = HERE / "t17_events.jsonl"
ARTICLES = HERE / "t17_events.articles.jsonl"
MODEL = HERE.parent.parent / "dossier" / "events" / "model.py"
PRECISIONS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
KEYS = {"id", "topic", "split", "article", "published", "sentence", "trigger", "types", "modality",
        "source", "target", "date", "precision", "date_text"}
MIN_EVENTS, MIN_ARTICLES = 150, 60


def model_lists(path: Path = MODEL) -> dict[str, tuple[str, ...]]:
    """PLOVER_TYPES and MODALITIES as model.py spells them (a literal read, no import)."""
    found: dict[str, tuple[str, ...]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        name = node.targets[0]
        if isinstance(name, ast.Name) and name.id in ("PLOVER_TYPES", "MODALITIES"):
            found[name.id] = tuple(ast.literal_eval(node.value))
    return found


def _load(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _codes_ok(codes: Any) -> bool:
    return isinstance(codes, list) and all(
        isinstance(c, str) and c and c == c.upper() and c.strip() == c for c in codes)


def check(root: Path = T17_ROOT, *, repick: bool = True) -> tuple[list[str], dict[str, Any]]:
    """(errors, counts) of the gold against the article files under ``root``."""
    lists = model_lists()
    types_ok, modalities_ok = set(lists["PLOVER_TYPES"]), set(lists["MODALITIES"])
    errors: list[str] = []
    articles = {row["article"]: row for row in _load(ARTICLES)}
    texts: dict[str, str] = {}
    for rel, row in articles.items():
        text = texts[rel] = read_text(root / rel)
        cov = row["covered"]
        if hashlib.sha1(text[cov["start"]:cov["end"]].encode("utf-8")).hexdigest() != cov["sha1"]:
            errors.append(f"{rel}: covered span's sha1 differs")
        if SPLITS.get(row["topic"]) != row["split"] or not rel.startswith(row["topic"] + "_"):
            errors.append(f"{rel}: topic/split {row['topic']}/{row['split']} not the fixed split")
    if repick and [r["article"] for r in pick(root)] != list(articles):
        errors.append("the picked articles are no longer those of the rule in pick_t17_articles.py")
    events = _load(EVENTS)
    ids = Counter(e.get("id") for e in events)
    errors += [f"id {i} used {n} times" for i, n in ids.items() if n > 1]
    for ev in events:
        eid = ev.get("id")
        if set(ev) != KEYS:
            errors.append(f"{eid}: keys {sorted(set(ev) ^ KEYS)} missing or extra")
            continue
        row = articles.get(ev["article"])
        if row is None:
            errors.append(f"{eid}: article {ev['article']} is not a picked article")
            continue
        if any(ev[k] != row[k] for k in ("topic", "split", "published")):
            errors.append(f"{eid}: topic, split or published differ from the article's")
        text = texts[ev["article"]]
        start, end = ev["sentence"]["start"], ev["sentence"]["end"]
        if not 0 <= start < end <= len(text):
            errors.append(f"{eid}: offsets {start}-{end} out of range")
            continue
        if hashlib.sha1(text[start:end].encode("utf-8")).hexdigest() != ev["sentence"]["sha1"]:
            errors.append(f"{eid}: sentence sha1 differs from the file")
        if (start, end) not in body_lines(text):
            errors.append(f"{eid}: {start}-{end} is not a whole sentence (line) of the file")
        if not row["covered"]["start"] <= start < end <= row["covered"]["end"]:
            errors.append(f"{eid}: sentence outside the article's covered span")
        types = ev["types"]
        if not types or any(t not in types_ok for t in types) or len(set(types)) != len(types):
            errors.append(f"{eid}: types {ev['types']} not in PLOVER_TYPES")
        if ev["modality"] not in modalities_ok:
            errors.append(f"{eid}: modality {ev['modality']} not in MODALITIES")
        if not (_codes_ok(ev["source"]) and _codes_ok(ev["target"])):
            errors.append(f"{eid}: actor codes must be lists of upper-case codes")
        trigger = ev["trigger"]
        if not isinstance(trigger, str) or not trigger or len(trigger.split()) > 12:
            errors.append(f"{eid}: trigger must be a few words")
        prec, date = ev["precision"], ev["date"]
        if prec == "unknown":
            if date is not None:
                errors.append(f"{eid}: precision unknown but a date")
        elif prec not in PRECISIONS or not re.fullmatch(PRECISIONS[prec], str(date)):
            errors.append(f"{eid}: date {date!r} does not fit precision {prec!r}")
        if ev["date_text"] is not None and not isinstance(ev["date_text"], str):
            errors.append(f"{eid}: date_text must be a string or null")
    counts = _counts(events, articles)
    if counts["events"] < MIN_EVENTS:
        errors.append(f"{counts['events']} events, fewer than {MIN_EVENTS}")
    if counts["articles"] < MIN_ARTICLES:
        errors.append(f"{counts['articles']} articles, fewer than {MIN_ARTICLES}")
    missing = set(SPLITS) - set(counts["events_by_topic"])
    if missing:
        errors.append(f"no events for {sorted(missing)}")
    return errors, counts


def _counts(events: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "events": len(events),
        "articles": len(articles),
        "articles_with_events": len({e["article"] for e in events}),
        "events_by_split": dict(Counter(e["split"] for e in events)),
        "articles_by_split": dict(Counter(r["split"] for r in articles.values())),
        "events_by_topic": dict(Counter(e["topic"] for e in events)),
        "articles_by_topic": dict(Counter(r["topic"] for r in articles.values())),
        "first_type": dict(Counter(e["types"][0] for e in events).most_common()),
        "modality": dict(Counter(e["modality"] for e in events).most_common()),
        "precision": dict(Counter(e["precision"] for e in events).most_common()),
        "ambiguous_types": sum(len(e["types"]) > 1 for e in events),
    }


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else T17_ROOT
    errors, counts = check(root)
    print(json.dumps(counts, indent=1))
    for err in errors:
        print("ERROR", err)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
