"""Site chrome in text already flattened from a web page.

trafilatura works on the HTML tree; once a page has been flattened to text, its nav bars,
share buttons, captions and comment widgets are plain lines among the article's. This
stage decides line by line, from patterns kept in ``data/chrome_patterns.txt`` and from
the shape of the line (length, punctuation, script), then keeps the article's core.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dossier.resources import load_lines

_CAPTION_BULLET = re.compile(r"^[•·▪■►]\s*")


@cache
def _chrome() -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{p})" for p in load_lines("chrome_patterns.txt"))
    return re.compile(rf"^(?:{alternatives})$", re.I)


def _script_share(line: str) -> float:
    """Share of the letters in ``line`` that are Latin."""
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def _reason(line: str, main_latin: bool) -> str | None:
    if _chrome().match(line.rstrip(" .:|›»>")):
        return "chrome pattern"
    if _CAPTION_BULLET.match(line) and len(line.split()) <= 12:
        return "caption or credit"
    if main_latin and _script_share(line) < 0.5 and len(line.split()) <= 12:
        return "UI string in another script"
    return None


def strip_boilerplate(
    paragraphs: list[str], title: str | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop chrome paragraphs; return (kept, [(dropped, reason)])."""
    text = " ".join(paragraphs)
    main_latin = _script_share(text) >= 0.5
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        if paragraph == title:
            kept.append(paragraph)
            continue
        reason = _reason(paragraph, main_latin)
        if reason:
            removed.append((paragraph, reason))
        else:
            kept.append(paragraph)
    return _trim_edges(kept, removed)


def _trim_edges(
    kept: list[str], removed: list[tuple[str, str]]
) -> tuple[list[str], list[tuple[str, str]]]:
    """Short lines before the first and after the last paragraph of running text are chrome
    ("Russia", "Uzbekistan", a section name, a tagline), unless they are the headline."""

    def running(p: str) -> bool:
        return len(p.split()) >= 12 and p.rstrip('"”’)').endswith((".", "!", "?", "…"))

    first = next((i for i, p in enumerate(kept) if running(p)), None)
    if first is None:
        return kept, removed
    last = max(i for i, p in enumerate(kept) if running(p))
    tail = kept[last + 1 :]
    for paragraph in tail:
        removed.append((paragraph, "trailing chrome"))
    return kept[: last + 1], removed
