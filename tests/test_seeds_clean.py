"""The cleaner on the five real seed pages (read from ../shared/seeds at test time, never copied).

What must hold: no chrome line survives, seed 002's doubled paragraphs appear once and its
record block is parsed, and no paragraph of article text is lost.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from dossier.clean import Cleaned, clean_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# Lines of a seed that are not article text although they look like it: seed 000 opens
# with its masthead (site name, section, the section's tagline), three lines.
MASTHEAD_LINES = {"000": 3}
# Seed 001 ends with a parenthesised note about the site, which may be dropped.
_SITE_NOTE = re.compile(r"^\(.*\)$")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*$")
_RECORD_START = re.compile(r"^Similar Readings\b", re.M)
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


pytestmark = pytest.mark.skipif(not _seed_paths(), reason=f"the seeds are not at {SEEDS}")


@cache
def _clean(path: Path) -> tuple[str, Cleaned]:
    raw = path.read_text(encoding="utf-8")
    return raw, clean_text(raw)


def _lines(raw: str) -> list[str]:
    record = _RECORD_START.search(raw)
    text = raw[: record.start()] if record else raw
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _is_body(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_SENTENCE_END.search(line))


def _body_lines(path: Path, raw: str) -> list[str]:
    """The seed's paragraphs of running text, and the subheadings between two of them."""
    lines = _lines(raw)[MASTHEAD_LINES.get(path.name[:3], 0) :]
    body = []
    for index, line in enumerate(lines):
        if line.startswith("•") or _SITE_NOTE.match(line):
            continue
        if _is_body(line):
            body.append(line)
        elif 0 < index < len(lines) - 1:
            before, after = lines[index - 1], lines[index + 1]
            if _is_body(before) and _is_body(after):
                body.append(line)  # a subheading ("Afghan problem")
    return body


def _ids(paths: list[Path]) -> list[str]:
    return [p.name[:3] for p in paths]


@pytest.mark.parametrize("path", _seed_paths(), ids=_ids(_seed_paths()))
def test_every_body_paragraph_survives(path: Path) -> None:
    raw, cleaned = _clean(path)
    kept = cleaned.text.split("\n\n")
    missing = [line for line in _body_lines(path, raw) if line not in kept]
    assert not missing, f"{path.name}: lost {len(missing)} paragraph(s): {missing[:2]}"


@pytest.mark.parametrize("path", _seed_paths(), ids=_ids(_seed_paths()))
def test_no_chrome_line_survives(path: Path) -> None:
    _, cleaned = _clean(path)
    text = cleaned.text
    for chrome in (
        "Subscribe",
        "Newsfeed",
        "log in or register",
        "To participate in the discussion",
        "Frontline Updates",
        "Support local journalists",
        "globallookpress",
        "Sputnik International",
    ):
        assert chrome.casefold() not in text.casefold(), f"{path.name}: {chrome!r} survived"
    paragraphs = text.split("\n\n")
    assert not any(p.startswith("•") for p in paragraphs), "a caption or credit survived"
    assert "Reuters" not in paragraphs
    assert not _CYRILLIC.search(text), "the UI string in another script survived"
    assert "Read Count" not in text and "Similar Readings" not in text


@pytest.mark.parametrize("path", _seed_paths(), ids=_ids(_seed_paths()))
def test_no_paragraph_twice(path: Path) -> None:
    _, cleaned = _clean(path)
    paragraphs = cleaned.text.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))


def _seed(number: str) -> Path:
    matches = [p for p in _seed_paths() if p.name.startswith(number)]
    if not matches:
        pytest.skip(f"seed {number} is absent")
    return matches[0]


def test_seed_002_doubled_paragraphs_once() -> None:
    path = _seed("002")
    raw, cleaned = _clean(path)
    lines = _lines(raw)
    assert len(lines) > len(set(lines)), "seed 002 prints its paragraphs twice"
    for line in set(lines):
        assert cleaned.text.split("\n\n").count(line) == 1, line[:60]
    assert sum(1 for _, reason in cleaned.removed if reason == "repeated paragraph") >= 5


def test_seed_002_record_block_parsed() -> None:
    raw, cleaned = _clean(_seed("002"))
    url = re.search(r"^URL:\s*(\S+)", raw, re.M)
    assert url is not None
    assert cleaned.record["url"] == url.group(1)
    assert cleaned.record["category"] == "nhk"
    assert cleaned.record["date"].strip()
    assert "URL:" not in cleaned.text and "Category ID" not in cleaned.text


def test_seed_000_dateline_kept_and_read() -> None:
    _, cleaned = _clean(_seed("000"))
    assert cleaned.text.startswith("MOSCOW, November 14 (RIA Novosti)")
    assert cleaned.header.source == "RIA Novosti"
    assert cleaned.header.title and cleaned.header.title not in cleaned.text.split("\n\n")
