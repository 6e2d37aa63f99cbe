"""A small rule sentence splitter, used when no spaCy Doc is given."""

from __future__ import annotations

import re
from functools import cache

from dossier.timex.lexicon import lexicon

# A sentence ends at . ! ? (with closing quotes/brackets) followed by space and an upper-case
# letter, a digit or an opening quote, or at a blank line / line break.
_BOUNDARY = re.compile(r"""(?<=[.!?])["'”’)\]]*(?P<gap>\s+)(?=["'“‘(]?[A-Z0-9])|(?P<nl>\n\s*)""")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(lexicon()["abbreviations"])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``.

    "Nov. 14" and "Mr. Putin" do not end a sentence; a line break always does."""
    spans: list[tuple[int, int]] = []
    start = 0
    abbreviations = _abbreviations()
    for m in _BOUNDARY.finditer(text):
        if m.group("gap") and "\n" not in m.group(0):
            before = text[max(start, m.start("gap") - 12) : m.start("gap")]
            word = re.search(r"([\w.]+)\.[\"'”’)\]]*$", before)
            if word and (word.group(1).lower() in abbreviations or len(word.group(1)) == 1):
                continue
        end = m.start("gap") if m.group("gap") else m.start()
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
