"""Cleaning of article text: the chain that turns a flattened page into the article.

Stages, in order (each a pure function, each tested alone):

1. ``normalise.normalise_text``: Unicode NFC, line endings, invisible characters.
2. ``record.extract_record``: a reading app's record block (Summary / Similar Readings /
   Statistics / Details) is parsed into metadata and cut from the text.
3. ``masthead.read_masthead`` (first, while repeats are still there: a headline printed
   twice is evidence): the headline and site of the page's <title> line, the copyright
   line's owner, the URL's outlet. ``repeats.drop_repeats``: paragraphs printed twice are
   kept once.
4. ``header.read_header``: title, source, dateline and date lines at the top are read
   as metadata (the dateline stays in the text: it is part of the article).
   Lines above the headline are the masthead.
5. ``boilerplate.strip_boilerplate``: site chrome, share lines, captions and credits,
   comment-widget trailers, UI strings in another script.
6. ``repeats.drop_contained``: a paragraph that mostly repeats earlier kept text (the
   article run together again in a metadata block, a truncated copy of the lead) goes.

Captions, photo credits and bylines that survive (a long caption ending in its credit, "By
Jane Smith | Staff writer") stay in the text: ``captions.caption_kind`` names such a line,
and the summary and event extraction pass over it (``captions.caption_spans``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dossier.clean.boilerplate import line_chrome_reason, strip_boilerplate
from dossier.clean.header import Header, read_header
from dossier.clean.masthead import read_masthead
from dossier.clean.normalise import normalise_text, split_paragraphs
from dossier.clean.record import extract_record
from dossier.clean.repeats import drop_contained, drop_repeats

__all__ = ["Cleaned", "clean_text"]

# In the fall-back, a line needs this many words to count as text.
_FALLBACK_MIN_WORDS = 6
# Above a headline, at most this many words of non-chrome lines count as a masthead.
_MASTHEAD_MAX_WORDS = 30


@dataclass
class Cleaned:
    """The article text and what was learned or dropped on the way."""

    text: str
    header: Header
    record: dict[str, Any] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason)


def _masthead_like(paragraphs: list[str]) -> bool:
    """Lines above a headline are a masthead (site name, menu, section, a tagline) when
    they hold little text; many words above it mean the "headline" is deeper in the page
    (a subheading, a teaser) and what is above may be the article."""
    words = sum(len(p.split()) for p in paragraphs if line_chrome_reason(p) is None)
    return words <= _MASTHEAD_MAX_WORDS


def clean_text(text: str, title: str | None = None, url: str | None = None) -> Cleaned:
    """Clean text flattened from a web page; ``title`` is a known title, ``url`` the
    page's address, if any."""
    text = normalise_text(text)
    text, record = extract_record(text)
    paragraphs = split_paragraphs(text)
    removed: list[tuple[str, str]] = []
    masthead = read_masthead(paragraphs, url=url)  # before repeats go: a repeat is evidence
    page = paragraphs
    paragraphs, dropped = drop_repeats(paragraphs)
    removed += [(p, "repeated paragraph") for p in dropped]
    header = read_header(paragraphs, title=title or record.get("title") or masthead.title,
                         page=page)
    weak = masthead.site_evidence in ("copyright", "self-named")  # a "- Name" line beats them
    if masthead.site and (header.site is None or not weak):
        header.site = masthead.site  # the <title>'s or the URL's name beats a "- Name" line
    if masthead.title_line and header.title == masthead.title:
        header.meta_lines.append(masthead.title_line)
    # Above the headline is the masthead: site name, section, tagline.
    if header.title_index is not None and _masthead_like(paragraphs[: header.title_index]):
        removed += [(p, "masthead") for p in paragraphs[: header.title_index]]
        paragraphs = paragraphs[header.title_index :]
    kept, dropped_chrome = strip_boilerplate(paragraphs, title=header.title)
    if not any(p != header.title for p in kept):
        # Fall-back, as trafilatura falls back on its baseline: when the classifier finds
        # no running text at all (a short page, a language without a stopword list), keep
        # every line of some length that is not chrome on its own, rather than lose the
        # article (menus and one-word links still go).
        kept = [
            p for p in paragraphs
            if len(p.split()) >= _FALLBACK_MIN_WORDS and line_chrome_reason(p) is None
        ]
        dropped_chrome = [(p, "chrome line") for p in paragraphs if p not in kept]
    paragraphs = kept
    removed += dropped_chrome
    paragraphs, dropped = drop_contained(paragraphs)
    removed += [(p, "repeated text") for p in dropped]
    metadata = {header.title, *header.meta_lines}
    removed += [(p, "metadata line") for p in paragraphs if p in header.meta_lines]
    body = [p for p in paragraphs if p not in metadata]
    return Cleaned(text="\n\n".join(body), header=header, record=record, removed=removed)
