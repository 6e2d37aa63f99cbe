"""Paragraphs printed more than once.

A scraping bug prints every paragraph twice (seed 002); a page's metadata block repeats the
whole article run together in one paragraph, or a teaser repeats its first sentence cut
short ("This is the tech news you need to..."). The first copy is kept.
"""

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


_SHINGLE = 4


def _shingles(paragraph: str) -> set[tuple[str, ...]]:
    words = paragraph_key(paragraph).split()
    return set(zip(*(words[i:] for i in range(_SHINGLE)), strict=False))


def drop_contained(
    paragraphs: list[str], min_shingles: int = 3, share: float = 0.8
) -> tuple[list[str], list[str]]:
    """Drop paragraphs whose text mostly repeats earlier ones (``share`` of their word
    4-grams seen before): the article run together again, a truncated copy of a lead.
    Paragraphs with fewer than ``min_shingles`` 4-grams are too short to judge."""
    seen: set[tuple[str, ...]] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for paragraph in paragraphs:
        shingles = _shingles(paragraph)
        if len(shingles) >= min_shingles and len(shingles & seen) >= share * len(shingles):
            dropped.append(paragraph)
            continue
        seen |= shingles
        kept.append(paragraph)
    return kept, dropped
