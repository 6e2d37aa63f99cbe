"""Validate ``bench/gold/t17_fusion.jsonl``, the cross-document event-coreference gold on T17.

    python -m bench.gold.check_t17_fusion [--data ../shared/data/t17/Timeline17] [--gold PATH]

Structure (always): ids, fields, PLOVER types, the split fixed by topic (dev = LibyaWar and
EgyptianProtest, held-out = SyrianCrisis and IraqWar), at least two distinct articles per group,
no sentence in two groups, at least 60 groups in all and 30 per split. Against the texts (when
the data folder is there): every mention's offsets cut one whole line (T17 holds one sentence a
line) of its article read as UTF-8 with ``errors="replace"``, and the sha1 of that substring
matches. Prints the counts; exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

#: dossier.events.model.PLOVER_TYPES, copied so the checker runs without the package
#: (tests/test_gold_t17_fusion.py keeps the two equal).
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
GOLD = Path(__file__).with_name("t17_fusion.jsonl")
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "t17" / "Timeline17"

SPLITS = {"LibyaWar": "dev", "EgyptianProtest": "dev",
          "SyrianCrisis": "heldout", "IraqWar": "heldout"}
FOLDERS = {"LibyaWar": ("LibyaWar_cnn", "LibyaWar_reuters"),
           "EgyptianProtest": ("EgyptianProtest_cnn",),
           "SyrianCrisis": ("SyrianCrisis_bbc", "SyrianCrisis_reuters"),
           "IraqWar": ("IraqWar_guardian",)}
KINDS = ("report", "retrospective")
MODALITIES = ("occurred", "planned", "reported")
PRECISIONS = {"day": 10, "month": 7, "year": 4}
MIN_GROUPS, MIN_PER_SPLIT, MIN_ARTICLES = 60, 30, 2
KEYS = {"id", "topic", "split", "gloss", "date", "precision", "types", "actors", "mentions", "hard"}
MENTION_KEYS = {"article", "start", "end", "sha1", "kind", "modality"}
ARTICLE = re.compile(r"^([A-Za-z0-9]+_[a-z]+)/InputDocs/(\d{4}-\d{2}-\d{2})/\d+\.htm\.txt$")


def load(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _valid_date(value: str, precision: str) -> bool:
    if len(value) != PRECISIONS.get(precision, -1):
        return False
    padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        return False
    return True


def check_structure(groups: list[dict[str, Any]]) -> list[str]:
    """Every check that needs no article text."""
    errors: list[str] = []
    ids: Counter[str] = Counter(g.get("id", "") for g in groups)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    seen: dict[tuple[str, int, int], str] = {}
    for g in groups:
        gid = g.get("id", "?")
        if set(g) != KEYS:
            errors.append(f"{gid}: keys {sorted(set(g) ^ KEYS)} differ")
            continue
        topic = g["topic"]
        if SPLITS.get(topic) != g["split"]:
            errors.append(f"{gid}: topic {topic} must be in split {SPLITS.get(topic)}")
        if not _valid_date(g["date"], g["precision"]):
            errors.append(f"{gid}: date {g['date']!r} does not fit precision {g['precision']!r}")
        if not g["gloss"].strip():
            errors.append(f"{gid}: empty gloss")
        errors += [f"{gid}: type {t} not PLOVER" for t in g["types"] if t not in PLOVER_TYPES]
        if not g["actors"] or not all(isinstance(a, str) and a == a.upper() for a in g["actors"]):
            errors.append(f"{gid}: actors must be upper-case codes")
        if g["hard"] is not None and not (isinstance(g["hard"], str) and g["hard"]):
            errors.append(f"{gid}: hard must be null or a label")
        articles = set()
        for m in g["mentions"]:
            if set(m) != MENTION_KEYS:
                errors.append(f"{gid}: mention keys {sorted(set(m) ^ MENTION_KEYS)} differ")
                continue
            match = ARTICLE.match(m["article"])
            if not match or match.group(1) not in FOLDERS.get(topic, ()):
                errors.append(f"{gid}: article {m['article']} is not a {topic} article")
            if m["kind"] not in KINDS or m["modality"] not in MODALITIES:
                errors.append(f"{gid}: bad kind/modality in {m['article']}")
            if not 0 <= m["start"] < m["end"] or not re.fullmatch(r"[0-9a-f]{40}", m["sha1"]):
                errors.append(f"{gid}: bad offsets or sha1 in {m['article']}")
            key = (m["article"], m["start"], m["end"])
            if key in seen:
                errors.append(f"{gid}: sentence {key} is already in {seen[key]}")
            seen[key] = gid
            articles.add(m["article"])
        if len(articles) < MIN_ARTICLES:
            errors.append(f"{gid}: mentions from {len(articles)} article(s), needs {MIN_ARTICLES}")
    per_split = Counter(g.get("split") for g in groups)
    if len(groups) < MIN_GROUPS:
        errors.append(f"{len(groups)} groups, needs {MIN_GROUPS}")
    for split in ("dev", "heldout"):
        if per_split[split] < MIN_PER_SPLIT:
            errors.append(f"split {split}: {per_split[split]} groups, needs {MIN_PER_SPLIT}")
    return errors


def check_texts(groups: list[dict[str, Any]], data: Path) -> list[str]:
    """Offsets and hashes against the articles: each mention is one whole line."""
    errors: list[str] = []
    cache: dict[str, str] = {}
    for g in groups:
        for m in g["mentions"]:
            path = data / m["article"]
            if m["article"] not in cache:
                if not path.is_file():
                    errors.append(f"{g['id']}: missing article {m['article']}")
                    continue
                cache[m["article"]] = path.read_bytes().decode("utf-8", errors="replace")
            text = cache[m["article"]]
            sub = text[m["start"]:m["end"]]
            if hashlib.sha1(sub.encode("utf-8")).hexdigest() != m["sha1"]:
                errors.append(f"{g['id']}: sha1 mismatch at {m['article']}:{m['start']}")
                continue
            line_start = text.rfind("\n", 0, m["start"]) + 1
            line_end = text.find("\n", m["end"])
            line_end = len(text) if line_end < 0 else line_end
            if not sub.strip() or text[line_start:line_end].strip() != sub:
                errors.append(f"{g['id']}: {m['article']}:{m['start']} is not one whole line")
    return errors


def stats(groups: list[dict[str, Any]]) -> dict[str, Any]:
    def outlets(g: dict[str, Any]) -> set[str]:
        return {m["article"].split("/")[0] for m in g["mentions"]}

    sizes = [len(g["mentions"]) for g in groups]
    return {
        "groups": len(groups),
        "per_split": dict(Counter(g["split"] for g in groups)),
        "per_topic": dict(Counter(g["topic"] for g in groups)),
        "mentions": sum(sizes),
        "mentions_per_group": {"min": min(sizes), "max": max(sizes),
                               "mean": round(sum(sizes) / len(sizes), 2)},
        "articles_per_group_min": min(len({m["article"] for m in g["mentions"]}) for g in groups),
        "groups_with_3plus_articles": sum(len({m["article"] for m in g["mentions"]}) >= 3
                                          for g in groups),
        "cross_outlet_groups": sum(len(outlets(g)) > 1 for g in groups),
        "groups_with_retrospective": sum(any(m["kind"] == "retrospective" for m in g["mentions"])
                                         for g in groups),
        "retrospective_mentions": sum(m["kind"] == "retrospective"
                                      for g in groups for m in g["mentions"]),
        "modalities": dict(Counter(m["modality"] for g in groups for m in g["mentions"])),
        "hard": dict(Counter(g["hard"] for g in groups if g["hard"])),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    groups = load(args.gold)
    errors = check_structure(groups)
    if args.data.is_dir():
        errors += check_texts(groups, args.data)
    else:
        print(f"(no data at {args.data}: texts not checked)")
    print(json.dumps(stats(groups), indent=1))
    for error in errors:
        print("ERROR", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
