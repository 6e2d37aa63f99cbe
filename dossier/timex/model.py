"""Records of dossier.timex: a temporal expression, a partial date, a document date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: Timex types, as in TIMEX3.
TYPES = ("DATE", "TIME", "DURATION", "SET")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Timex:
    """One temporal expression found in a text, normalised.

    ``value`` is TIMEX3 style ("2005-11-14", "2005-W46", "2005-FA", "199X", "P10Y", "P1Y" for
    a set, "PRESENT_REF"); a range ("from 2008 to 2012", "since 2012") has the ISO 8601 interval
    value "2008/2012" and keeps its two ends in ``parts``. ``interval_start``/``interval_end``
    are inclusive; they are None for durations, sets and anything that could not be resolved.
    """

    text: str
    start: int
    end: int
    type: str
    value: str
    precision: str = "unknown"
    interval_start: dt.date | None = None
    interval_end: dt.date | None = None
    relative: bool = False
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, ...
    sentence: str = ""
    sentence_start: int = 0
    rule: str = ""  # the grammar rule that matched, for debugging and evaluation
    note: str | None = None  # why a value is coarser than the text ("day/month order unknown")
    parts: list[Timex] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        out: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "value": self.value,
            "precision": self.precision,
            "interval_start": _iso(self.interval_start),
            "interval_end": _iso(self.interval_end),
            "relative": self.relative,
            "mod": self.mod,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "rule": self.rule,
            "note": self.note,
        }
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        return out


@dataclass(frozen=True)
class PartialDate:
    """What a dateline or header gives without a full date: any of year, month, day, weekday.

    ``weekday`` is ISO (Monday = 1). ``evidence`` is the line it came from.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    evidence: str | None = None


@dataclass
class DocumentDate:
    """An article's date as far as its text supports it."""

    value: str | None  # ISO 8601 at its precision: "2005-11-14", "2008-02", "2018"; None if unknown
    precision: str = "unknown"
    method: str = "none"  # "header" (a date line in the text), "dateline" or "inferred"
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
    interval_start: dt.date | None = None
    interval_end: dt.date | None = None

    @property
    def anchor(self) -> dt.date | None:
        """The date to resolve relative expressions against (the interval's end), if any."""
        return self.interval_end

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "precision": self.precision,
            "method": self.method,
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
            "interval_start": _iso(self.interval_start),
            "interval_end": _iso(self.interval_end),
        }
