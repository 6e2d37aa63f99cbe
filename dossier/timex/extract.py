"""find_timexes: every temporal expression of a text, normalised against an anchor date."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from dossier.timex.chronology import anchor_end, chronology_lines
from dossier.timex.lexicon import rules
from dossier.timex.model import Timex
from dossier.timex.normalise import NORMALISERS, Context, _duration
from dossier.timex.ranges import build_ranges
from dossier.timex.sentences import split_sentences
from dossier.timex.tense import TenseOf, cheap_tense, spacy_tense_of
from dossier.timex.values import interval_of

_ANCHOR_PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "decade", "century",
                      "unknown")


def _candidates(text: str) -> list[tuple[int, int, int, Any, Any]]:
    """All rule matches as (start, end, priority, rule, match), the `pre` group cut off."""
    found = []
    lower = text.lower()
    present: dict[tuple[tuple[str, ...], bool], bool] = {}  # rules share `requires` lists
    for rule in rules():
        if rule.requires:
            key = (rule.requires, rule.requires_case)
            if key not in present:
                haystack = text if rule.requires_case else lower
                present[key] = any(word in haystack for word in rule.requires)
            if not present[key]:
                continue
        for m in rule.regex.finditer(text):
            start = m.start()
            if "pre" in rule.regex.groupindex and m.group("pre"):
                start = m.end("pre")
                while start < m.end() and text[start].isspace():
                    start += 1
            if m.end() > start:
                found.append((start, m.end(), rule.priority, rule, m))
    return found


def find_timexes(
    text: str,
    anchor: dt.date | None,
    *,
    anchor_precision: str = "day",
    locale: str | None = None,
    doc: Any = None,
    tense_of: TenseOf | None = None,
    ranges: bool = True,
) -> list[Timex]:
    """Every temporal expression in ``text``, in text order, resolved against ``anchor``.

    anchor_precision: how much of the anchor is known ("day", "month", "year"); expressions that
        need more ("yesterday" against a year) get an X-ed value and precision "unknown".
    locale: "en_US" reads 02/03/2008 as 3 February, "en_GB" (or any other) as 2 March; None
        keeps only the year of an ambiguous numeric date.
    doc / tense_of: a spaCy Doc of ``text`` or a ``tense_of(offset)`` callable for the tense
        of the governing verb (weekdays, dates without a year); by default a cheap word-cue
        look-up (tense.cheap_tense) is used.
    ranges: join "from 2008 to 2012", "since 2012", "through 2012" into range expressions
        (value "2008/2012") whose ends are in ``parts``; False gives TIMEX3 atoms only.
    """
    ctx, sentence_of = _context(text, anchor, anchor_precision, locale, doc, tense_of)
    out = _pick(text, ctx, sentence_of, _candidates(text))
    return build_ranges(text, out, anchor) if ranges else out


def normalise_span(
    text: str,
    start: int,
    end: int,
    anchor: dt.date | None,
    *,
    anchor_precision: str = "day",
    locale: str | None = None,
    tense_of: TenseOf | None = None,
) -> Timex | None:
    """Normalise the expression known to be at text[start:end] (e.g. a gold annotation): rule
    matches ending inside the span compete as in find_timexes and the one covering most of the
    span wins; None when no rule matches there."""
    ctx, sentence_of = _context(text, anchor, anchor_precision, locale, None, tense_of)
    candidates = [c for c in _candidates(text[:end]) if c[1] > start]
    # A match that is exactly the span wins: the span says where the expression ends ("eight
    # years" in "eight years from now", "now" on its own); else the one covering most of it.
    exact = [c for c in candidates if c[0] == start and c[1] == end]
    for group in (exact, candidates):
        found = _pick(text, ctx, sentence_of, group)
        if found:
            return max(found, key=lambda t: min(t.end, end) - max(t.start, start))
    return _bare_unit(text, start, end, sentence_of)


def _bare_unit(text: str, start: int, end: int, sentence_of: Any) -> Timex | None:
    """A span that is only a plural unit ("days", "weeks"): a duration of unknown length."""
    word = text[start:end].strip().lower()
    if word not in _BARE_UNITS:
        return None
    s, e = sentence_of(start)
    value = _duration(None, word)
    return Timex(text=text[start:end], start=start, end=end, type="DURATION", value=value,
                 sentence=text[s:e], sentence_start=s, rule="bare_unit_span")


_BARE_UNITS = frozenset(("seconds", "minutes", "hours", "days", "weeks", "months", "years"))


def _context(
    text: str,
    anchor: dt.date | None,
    anchor_precision: str,
    locale: str | None,
    doc: Any,
    tense_of: TenseOf | None,
) -> tuple[Context, Any]:
    """The normalisers' context and a sentence_of(offset) → (start, end) look-up."""
    if anchor_precision not in _ANCHOR_PRECISIONS:
        raise ValueError(f"anchor_precision must be one of {_ANCHOR_PRECISIONS}")
    if anchor is None:
        anchor_precision = "unknown"
    if doc is not None and tense_of is None:
        tense_of = spacy_tense_of(doc)
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        sentences = split_sentences(text)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return sentences[i] if i >= 0 else (0, len(text))

    lines = chronology_lines(text, anchor_end(anchor, anchor_precision))
    line_starts = [line.line_start for line in lines]

    def in_chronology(offset: int) -> bool:
        i = bisect.bisect_right(line_starts, offset) - 1
        return i >= 0 and offset < lines[i].line_end

    def tense(start: int, end: int) -> str | None:
        found = tense_of(start) if tense_of is not None else None
        if found is None:
            s, e = sentence_of(start)
            found = cheap_tense(text[s:e], start - s, end - s)
        if found == "present" and in_chronology(start):
            return "past"  # a chronology line's present is historical ("March 5 - X meets")
        return found

    return Context(text, anchor, anchor_precision, locale, tense,
                   {line.date_start: line for line in lines}), sentence_of


def _pick(text: str, ctx: Context, sentence_of: Any, candidates: list[Any]) -> list[Timex]:
    """Normalise candidates longest first (then by rule order), skipping overlaps."""
    taken: list[tuple[int, int]] = []
    out: list[Timex] = []
    # A match a normaliser rejects frees its span for shorter ones.
    for start, end, _, rule, m in sorted(candidates, key=lambda c: (c[0] - c[1], c[2])):
        if any(start < e and s < end for s, e in taken):
            continue
        norm = NORMALISERS[rule.kind](m, ctx)
        if norm is None:
            continue
        taken.append((start, end))
        if norm.type in ("DATE", "TIME"):
            first, last, precision = interval_of(norm.value, norm.mod)
        else:
            first, last, precision = None, None, "unknown"
        s, e = sentence_of(start)
        out.append(Timex(
            text=text[start:end], start=start, end=end, type=norm.type, value=norm.value,
            precision=precision, interval_start=first, interval_end=last,
            relative=norm.relative, mod=norm.mod, sentence=text[s:e], sentence_start=s,
            rule=rule.id, note=norm.note,
        ))
    out.sort(key=lambda t: t.start)
    return out
