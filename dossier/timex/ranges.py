"""Ranges built from two expressions, or one and the anchor: "from 2008 to 2012",
"between 2008 and 2012", "2009-2010", "since 2012", "through 2012"."""

from __future__ import annotations

import datetime as dt
import re

from dossier.timex.model import Timex
from dossier.timex.resolve import finer_or_equal

_FROM = re.compile(r"\b(from|between)\s+$", re.IGNORECASE)
_JOIN = {"from": re.compile(r"^\s*(?:to|until|till|through|thru|-|–|—)\s*$", re.IGNORECASE),
         "between": re.compile(r"^\s*(?:and|-|–)\s*$", re.IGNORECASE),
         "": re.compile(r"^[-–]$")}
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_UNTIL = re.compile(r"\b(through|until|till|thru)\s+$", re.IGNORECASE)


def _coarser(a: str, b: str) -> str:
    return a if finer_or_equal(b, a) else b


def _range(text: str, start: int, first: Timex, last: Timex, end_day: dt.date | None) -> Timex:
    return Timex(
        text=text[start : last.end],
        start=start,
        end=last.end,
        type="DATE",
        value=f"{first.value}/{last.value}",
        precision=_coarser(first.precision, last.precision),
        interval_start=first.interval_start,
        interval_end=end_day,
        relative=first.relative or last.relative,
        sentence=first.sentence,
        sentence_start=first.sentence_start,
        rule="range",
        parts=[first, last],
    )


def _dated(t: Timex) -> bool:
    return t.type in ("DATE", "TIME") and t.interval_start is not None


def build_ranges(text: str, timexes: list[Timex], anchor: dt.date | None) -> list[Timex]:
    """Replace pairs of expressions joined as a range (and "since X") by one range Timex whose
    ``parts`` are the originals. The list must be sorted by offset."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        t = timexes[i]
        nxt = timexes[i + 1] if i + 1 < len(timexes) else None
        lead = _FROM.search(text, max(0, t.start - 12), t.start)
        signal = lead.group(1).lower() if lead else ""
        if (nxt and _dated(t) and _dated(nxt) and _JOIN[signal].match(text[t.end : nxt.start])
                and t.interval_start <= nxt.interval_start):
            out.append(_range(text, lead.start() if lead else t.start, t, nxt, nxt.interval_end))
            i += 2
            continue
        since = _SINCE.search(text, max(0, t.start - 8), t.start)
        if since and _dated(t) and anchor and t.interval_start <= anchor:
            now = Timex(text="", start=t.end, end=t.end, type="DATE", value=anchor.isoformat(),
                        precision="day", interval_start=anchor, interval_end=anchor,
                        relative=True, rule="anchor")
            made = _range(text, since.start(), t, now, anchor)
            made.value = f"{t.value}/{anchor.isoformat()}"
            made.relative = True
            out.append(made)
            i += 1
            continue
        until = _UNTIL.search(text, max(0, t.start - 10), t.start)
        if until and _dated(t) and anchor and t.interval_end and t.interval_end > anchor:
            # "cooperation through 2012" told in 2008: from the anchor to the end of 2012.
            now = Timex(text="", start=until.start(), end=until.start(), type="DATE",
                        value=anchor.isoformat(), precision="day", interval_start=anchor,
                        interval_end=anchor, relative=True, rule="anchor")
            made = _range(text, until.start(), now, t, t.interval_end)
            made.precision = t.precision
            out.append(made)
            i += 1
            continue
        out.append(t)
        i += 1
    return out
