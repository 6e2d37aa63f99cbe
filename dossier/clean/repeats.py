"""Paragraphs printed more than once (a scraping bug: seed 002 prints every paragraph twice)."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"\W+")


def paragraph_key(paragraph: str) -> str:
    """The form under which two paragraphs count as the same: case and punctuation folded."""
    return _NON_WORD.sub(" ", paragraph.casefold()).strip()


def drop_repeats(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Keep the first copy of every paragraph; return (kept, dropped)."""
    seen: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for paragraph in paragraphs:
        key = paragraph_key(paragraph)
        if key and key in seen:
            dropped.append(paragraph)
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept, dropped
