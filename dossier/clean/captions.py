"""Captions, photo credits and bylines among the lines of an article's text.

A page flattened to text keeps the words printed around its pictures and its author line.
They are the page's, so cleaning keeps them in the text (the reader shows them), but they do
not tell the news: a summary must not lead with one, and an event must not be read from one.

**Definition.** A line is one of these when its job is to describe or attribute a picture,
or to name who wrote the article, rather than to tell the story:

- **caption**: a line describing a picture or video shown with the article. It opens as
  captions do ("FILE - ...", "In this Nov. 5, 2019 file photo, ...", "This image provided by
  ... shows", "Image caption ...", "Pictured: ..."), says what the picture shows in the
  present tense ("Planes are pictured on the tarmac", "Jane Doe, pictured at ..."), or ends
  in the picture's credit ("... Photograph: Jane Doe/AP", "... Credit: Getty Images",
  "... (Photo: Getty Images)", "... (AP Photo/John Doe)", "... (John Doe/Pool via AP)");
- **credit**: a line that is only a picture's credit ("Photograph: Jane Doe/AP", "Foto: dpa",
  "Фото: ТАСС", "Getty Images", "Courtesy Google");
- **byline**: a short line naming the article's author, with a role, outlet or date beside
  it ("By Jane Smith, Reporter", "Jane Smith | Staff writer", "June 3, 2020 | by Jane Smith",
  "PTI | July 9, 2020"), or a note about the author ("Jane Smith is a reporter for ...").

A news sentence that mentions a photograph or an agency ("Reuters reported", "the AP
photographer said") is none of these: a credit counts only at the end of a line, an agency
only as the whole line or the whole of a closing parenthesis, a byline only in a short line
without a sentence's full stop.

``caption_kind(line)`` is the one place the decision is made; ``caption_spans(text)`` gives
the offsets of such lines, which the summary (``dossier.corpus.summary``) and event
extraction (``dossier.events``) pass over. Cue phrases, agencies and roles, in several
languages, are data: ``data/clean/captions.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dossier.resources import load_toml

CAPTION, CREDIT, BYLINE = "caption", "credit", "byline"
KINDS = (CAPTION, CREDIT, BYLINE)

_WORD = re.compile(r"\w+")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐ"
# A name as a byline prints it: capitalised words, with particles ("Jean de la Fontaine").
_NAME = (rf"[{_UPPER}][\w'’.\-]*(?:\s+(?:[{_UPPER}][\w'’.\-]*|de|da|di|del|der|van|von|la|le"
         rf"|bin|al|el))*")
# A line that ends a sentence: a full stop, question or exclamation mark (a byline has none;
# an initial such as "Jane Q." is not a sentence's end).
_SENTENCE_END = re.compile(rf"(?<![{_UPPER}])[.!?][\"'”’»)]*$")
_SEPARATORS = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+(?=\S)")


@dataclass(frozen=True)
class _Cues:
    credit_alone: re.Pattern[str]
    credit_tail: re.Pattern[str]
    agency_tail: re.Pattern[str]
    slash_tail: re.Pattern[str]
    agency_line: re.Pattern[str]
    opener: re.Pattern[str]
    caption_word: re.Pattern[str]
    byline_open: re.Pattern[str]
    byline_part: re.Pattern[str]
    dated_byline: re.Pattern[str]
    author_note: re.Pattern[str]
    credit_max_words: int
    byline_max_words: int
    caption_max_words: int


def _any(items: list[str]) -> str:
    return "|".join(f"(?:{item})" for item in sorted(items, key=len, reverse=True))


@cache
def cues() -> _Cues:
    """The cue patterns, compiled once from ``data/clean/captions.toml``."""
    spec = load_toml("clean/captions.toml")
    labels, agencies = _any(spec["credit_labels"]), _any(spec["agencies"])
    roles, openers = _any(spec["byline_roles"]), _any(spec["byline_openers"])
    n = spec["credit_max_words"]
    # What follows a label: names, a slash, an agency (or nothing: "Фото:" on its own line).
    named = r"[^\s.!?\"“”«»„][^!?\"“”«»„]{0,100}"  # a credit quotes no one
    credit = rf"(?:{named})?"
    flags = re.I
    return _Cues(
        credit_alone=re.compile(
            rf"^[(\[]?(?:{labels})\s*(?::|\||…|\.\.\.|/|-|\bby\b)\s*{credit}$"
            rf"|^courtesy(?: of)?\s+{credit}$", flags),
        credit_tail=re.compile(
            rf"[\s(\[](?:{labels})\s*(?::|…|\.\.\.)\s*{named}$"
            rf"|[\s(\[](?:photo(?:graph)?s?|image|picture|video)\s+by\s+{named}$"
            # Not a bare agency after a full stop: wire copy ends a news paragraph so
            # ("... were deported on Friday. PTI"), a caption seldom.
            rf"|[.!?)]\s+(?:photo |image )?courtesy(?: of)?\s+{named}$",
            flags),
        agency_tail=re.compile(
            rf"\(\s*(?:[^()]{{0,80}}(?:/|\bvia\b)\s*)?(?:{agencies})(?:\s+(?:photo|images?))?"
            rf"(?:\s*/\s*[^()]{{1,60}})?\s*\)$", flags),
        slash_tail=re.compile(rf"\(\s*{_NAME}\s*/\s*[{_UPPER}][^()]{{1,60}}\)$"),
        agency_line=re.compile(
            rf"^(?:{agencies})(?:\s+(?:photo|images?))?(?:\s*(?:/|via|,|-)\s*[^.!?]{{1,60}})?$",
            flags),
        opener=re.compile(rf"^(?:{_any(spec['caption_openers'])})", flags),
        caption_word=re.compile(_any(spec["caption_words"]), flags),
        byline_open=re.compile(rf"^(?i:{openers})(?:\s*:)?\s+{_NAME}"),
        byline_part=re.compile(
            rf"^(?:(?i:{openers})(?:\s*:)?\s+{_NAME}.*|(?i:{roles})|(?i:{agencies}))$"),
        dated_byline=re.compile(
            rf"^(?i:{agencies})\s+(?=[^.!?]*\d)[\w ,:./-]{{1,40}}$"
            rf"|^(?=[^.!?]*\d).{{1,80}}\s(?i:by)\s+{_NAME}$"),
        author_note=re.compile(
            rf"^{_NAME}\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:{roles})\s+(?:for|with|at)\b",
            flags),
        credit_max_words=n,
        byline_max_words=spec["byline_max_words"],
        caption_max_words=spec["caption_max_words"],
    )


def caption_kind(line: str) -> str | None:
    """"caption", "credit" or "byline" when ``line`` is one (see the module's definition),
    else None."""
    c = cues()
    text = line.strip().strip("•·▪■►◦● ")
    if not text:
        return None
    words = len(_WORD.findall(text))
    sentence = bool(_SENTENCE_END.search(text))
    if words <= c.credit_max_words + 2 and (c.credit_alone.match(text)
                                            or c.agency_line.match(text)):
        return CREDIT
    if words <= c.caption_max_words and c.credit_tail.search(text):
        return CAPTION
    if words <= c.byline_max_words and not sentence and _byline(text, c):
        return BYLINE
    if c.author_note.match(text) and words <= c.caption_max_words:
        return BYLINE
    if words > c.caption_max_words:
        return None
    if c.opener.match(text) or c.caption_word.search(text):
        return CAPTION
    if c.agency_tail.search(text) or c.slash_tail.search(text):
        return CAPTION
    return None


def _byline(text: str, c: _Cues) -> bool:
    """"By Jane Smith, Reporter"; "Jane Smith | Staff writer"; "PTI | July 9, 2020"."""
    # The opener needs a capitalised name after it ("By the time ..." is a sentence).
    if c.byline_open.match(text) or c.dated_byline.match(text):
        return True
    parts = [p.strip() for p in _SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2:
        return False
    return any(c.byline_part.match(p) for p in parts)


def caption_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the lines of ``text`` that are captions, credits or bylines."""
    spans: list[tuple[int, int, str]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and (kind := caption_kind(line)) is not None:
            spans.append((start, end, kind))
        start = end + 1
    return spans


def in_captions(start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    """Whether the text between ``start`` and ``end`` overlaps one of the ``spans``."""
    return any(start < s_end and end > s_start for s_start, s_end, _ in spans)
