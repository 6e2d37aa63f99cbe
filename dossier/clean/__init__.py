"""Cleaning of article text: the chain that turns a flattened page into the article.

Stages, in order (each a pure function, each tested alone):

1. ``normalise.normalise_text``: Unicode NFC, line endings, invisible characters.
2. ``record.extract_record``: a reading app's record block (Summary / Similar Readings /
   Statistics / Details) is parsed into metadata and cut from the text.
3. ``repeats.drop_repeats``: paragraphs printed twice are kept once.
4. ``boilerplate.strip_boilerplate``: site chrome, share lines, captions and credits,
   comment-widget trailers, UI strings in another script.
5. ``header.read_header``: title, source, dateline and date lines at the top are read
   as metadata (the dateline stays in the text: it is part of the article).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dossier.clean.boilerplate import strip_boilerplate
from dossier.clean.header import Header, read_header
from dossier.clean.normalise import normalise_text, split_paragraphs
from dossier.clean.record import extract_record
from dossier.clean.repeats import drop_repeats

__all__ = ["Cleaned", "clean_text"]


@dataclass
class Cleaned:
    """The article text and what was learned or dropped on the way."""

    text: str
    header: Header
    record: dict[str, Any] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason)


def clean_text(text: str, title: str | None = None) -> Cleaned:
    """Clean text flattened from a web page; ``title`` is a known title, if any."""
    text = normalise_text(text)
    text, record = extract_record(text)
    paragraphs = split_paragraphs(text)
    removed: list[tuple[str, str]] = []
    paragraphs, dropped = drop_repeats(paragraphs)
    removed += [(p, "repeated paragraph") for p in dropped]
    header = read_header(paragraphs, title=title or record.get("title"))
    # Above the headline is the masthead: site name, section, tagline.
    if header.title_index is not None:
        removed += [(p, "masthead") for p in paragraphs[: header.title_index]]
        paragraphs = paragraphs[header.title_index :]
    paragraphs, dropped_chrome = strip_boilerplate(paragraphs, title=header.title)
    removed += dropped_chrome
    metadata = {header.title, *header.meta_lines}
    removed += [(p, "metadata line") for p in paragraphs if p in header.meta_lines]
    body = [p for p in paragraphs if p not in metadata]
    return Cleaned(text="\n\n".join(body), header=header, record=record, removed=removed)
