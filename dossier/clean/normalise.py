"""Text normalisation and paragraph splitting, the first stage of cleaning."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi control characters that saved pages carry invisibly.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK = re.compile(r"\n\s*\n")
# C0 control characters but tab, newline, form feed and carriage return: not text in any
# input (a NUL in a JSON string, a stray byte in a saved page). PostgreSQL refuses NUL in
# text, SQLite keeps it: both get the text without them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """The text without control characters (tab, newline, form feed, CR stay)."""
    return _CONTROLS.sub("", text)


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line endings, no invisible characters, single spaces, trimmed lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def _is_wrapped(lines: list[str]) -> bool:
    """True when a block's lines are a hard-wrapped paragraph (a text dump at ~72 columns).

    Flattened pages put one element per line, with ragged lengths; a wrapped paragraph
    has lines of nearly equal length that mostly do not end a sentence.
    """
    if len(lines) < 3:
        return False
    body = lines[:-1]
    lengths = [len(line) for line in body]
    if min(lengths) < 40 or max(lengths) > 100 or max(lengths) - min(lengths) > 25:
        return False
    open_ends = sum(1 for line in body if not line.endswith((".", "!", "?", ":", '"', "”")))
    return open_ends >= 0.6 * len(body)


def split_paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs: one per line, unless a block is hard-wrapped."""
    paragraphs: list[str] = []
    for block in _BLANK.split(text):
        lines = [line for line in block.split("\n") if line]
        if _is_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs
