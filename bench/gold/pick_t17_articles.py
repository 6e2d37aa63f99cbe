"""Pick the Timeline17 articles of the event gold (``t17_events.jsonl``) by a fixed rule.

The rule was written down before any picked article was read (see ``README.md``,
"## t17_events.jsonl"): per source folder, order the files by the sha256 of their path
relative to ``Timeline17/`` (hex digest, ascending), skip near-empty files (fewer than
``MIN_LINES`` non-empty lines or ``MIN_CHARS`` characters) and exact duplicates of an article
already picked, and take the first ``PER_FOLDER``. The covered span of an article is its first
``COVERED_LINES`` body sentences: the files hold one sentence per line; a first line that starts
with ``Source :`` (CNN's story highlights) is not body.

Writes ``bench/gold/t17_events.articles.jsonl`` (paths, offsets and hashes only, never text):
``python -m bench.gold.pick_t17_articles [T17_ROOT]``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

T17_ROOT = Path("/work/shared/data/t17/Timeline17")
OUT = Path(__file__).with_name("t17_events.articles.jsonl")
SPLITS = {"LibyaWar": "dev", "EgyptianProtest": "dev",
          "SyrianCrisis": "held-out", "IraqWar": "held-out"}
FOLDERS = ("LibyaWar_cnn", "LibyaWar_reuters", "EgyptianProtest_cnn",
           "SyrianCrisis_bbc", "SyrianCrisis_reuters", "IraqWar_guardian")
PER_FOLDER = 11
COVERED_LINES = 5
MIN_LINES = 10
MIN_CHARS = 1500


def read_text(path: Path) -> str:
    """The file's text as every offset of the gold counts it."""
    return path.read_bytes().decode("utf-8", errors="replace")


def body_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, stripped, in order; CNN's highlights line dropped."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(line)
    if spans and text[spans[0][0]:spans[0][1]].startswith("Source :"):
        spans = spans[1:]
    return spans


def pick(root: Path = T17_ROOT) -> list[dict]:
    rows: list[dict] = []
    for folder in FOLDERS:
        topic = folder.split("_")[0]
        files = (root / folder / "InputDocs").glob("*/*.txt")
        paths = sorted((p.relative_to(root).as_posix() for p in files),
                       key=lambda rel: hashlib.sha256(rel.encode("utf-8")).hexdigest())
        seen: set[str] = set()
        taken = 0
        for rel in paths:
            if taken == PER_FOLDER:
                break
            text = read_text(root / rel)
            lines = body_lines(text)
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
            if len(lines) < MIN_LINES or len(text) < MIN_CHARS or digest in seen:
                continue
            seen.add(digest)
            covered = lines[:COVERED_LINES]
            start, end = covered[0][0], covered[-1][1]
            span_sha1 = hashlib.sha1(text[start:end].encode("utf-8")).hexdigest()
            rows.append({"article": rel, "topic": topic, "split": SPLITS[topic],
                         "published": rel.split("/")[2], "rank": taken + 1,
                         "covered": {"start": start, "end": end, "sentences": len(covered),
                                     "sha1": span_sha1}})
            taken += 1
    return rows


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else T17_ROOT
    rows = pick(root)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
