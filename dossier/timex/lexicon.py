"""Loading the timex word lists and rule grammar (data files under dossier/data/timex).

Everything here is read once per process and cached; the returned objects are never mutated.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parent.parent / "data" / "timex"


def _read(name: str) -> str:
    return (_DATA / name).read_text(encoding="utf-8")


@cache
def lexicon() -> dict[str, Any]:
    """The word lists (lexicon.json)."""
    return json.loads(_read("lexicon.json"))


@cache
def tense_words() -> dict[str, frozenset[str]]:
    """Tense cue words (tense.json) as frozensets."""
    raw = json.loads(_read("tense.json"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def _alt(words: list[str] | Any) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


@cache
def macros() -> dict[str, str]:
    """The {NAME} macros the grammar uses, built from the lexicon."""
    lex = lexicon()
    months = [m for m in lex["months"] if len(m) > 4 or m == "may"] + [
        m + r"\.?" for m in lex["months"] if len(m) <= 4 and m != "may"
    ]
    month_re = "(?:" + "|".join(
        sorted((m if m.endswith("?") else re.escape(m) for m in months), key=len, reverse=True)
    ) + r")\b\.?"
    weekday_re = _alt([w for w in lex["weekdays"] if len(w) > 4]) + r"\b"
    numbers = [n for n in lex["numbers"] if n not in ("half a", "a half")]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units_small = "one|two|three|four|five|six|seven|eight|nine"
    num_re = (
        rf"(?:\d+(?:[.,]\d+)?|(?:{tens})[\s-](?:{units_small})|"
        + _alt(numbers)[3:-1]
        + ")"
    )
    return {
        "MONTH": month_re,
        "WEEKDAY": weekday_re,
        "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        "YEAR": r"(?:1\d{3}|20\d{2})",
        "NUM": num_re,
        "VAGUE": _alt(lex["vague_numbers"]),
        "UNIT": _alt(lex["units"]) + r"\b",
        "ORD": _alt([o for o in lex["ordinals"] if o != "last"]),
        "SEASON": _alt(lex["seasons"]) + r"\b",
        "PART": _alt(lex["parts_of_day"]) + r"\b",
        "MOD": _alt(lex["mods"]),
    }


@dataclass(frozen=True)
class Rule:
    """One grammar rule: an id, a normaliser kind, a compiled pattern, its priority."""

    id: str
    kind: str
    regex: re.Pattern[str]
    priority: int
    requires: tuple[str, ...] = ()  # the text must contain one of these for the rule to run
    requires_case: bool = False  # compare `requires` case-sensitively (month names)


def expand(pattern: str) -> str:
    """Replace {MACRO} names in a grammar pattern (other braces, e.g. {4}, are left alone)."""
    table = macros()
    return re.sub(r"\{([A-Z]+)\}", lambda m: table.get(m.group(1), m.group(0)), pattern)


@cache
def rules() -> tuple[Rule, ...]:
    """The compiled grammar (grammar.toml), in priority order."""
    raw = tomllib.loads(_read("grammar.toml"))["rule"]
    out = []
    for i, spec in enumerate(raw):
        # Matches start only where no word character precedes: the engine then skips the
        # middle of words quickly (speed; a `\b` would miss "'90s").
        regex = re.compile(r"(?<!\w)" + expand(spec["pattern"]), re.IGNORECASE)
        case = bool(spec.get("requires_case", False))
        requires = tuple(w if case else w.lower() for w in spec.get("requires", ()))
        out.append(Rule(spec["id"], spec["kind"], regex, i, requires, case))
    return tuple(out)
