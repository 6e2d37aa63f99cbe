"""Actors of the Phoenix dictionaries (PETRARCH-2): an index, a dated resolver, a scanner.

The data (dossier/data/gazetteer/phoenix/actors.jsonl, made by ``dossier.nlp.phoenix``) holds
about 26,000 people, organisations, international bodies, armed groups and country entries,
each with CAMEO codes over dated spans ("RUSGOV 1999-08-09..2000-05-07"). This module

- builds once per process an index of every name and alias (upper case, as the dictionaries
  write them) and of the last two or more words of a person's name ("Shah Mehmood Qureshi" for
  "Makhdoom Shah Mehmood Qureshi"), with the set of their prefixes so a scan stops early;
- ``Candidate.at(day)``: the code, state and role valid on a day (the tightest dated span
  that holds it, else the undated default; the state stays known when only the role lapsed);
- ``resolve(candidates, day, context)``: one actor, or none when two candidates of different
  states are left and the sentence's or article's states do not decide;
- ``phoenix_mentions``: the actors a parsed text names, outside the spans that today's
  hand-checked gazetteer already covers (which wins), and never inside a dateline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dossier.errors import DataFileError
from dossier.resources import jsonl_records, load_toml

_TOKEN = re.compile(r"\w(?:[\w’'&.-]*\w)?")
_MAX_WORDS = 8


def norm(word: str) -> str:
    """A word as the index keys it: upper case, typographic apostrophe and inner dots plain."""
    return word.upper().replace("’", "'").replace(".", "")


def key_of(phrase: str) -> str:
    return " ".join(norm(w) for w in _TOKEN.findall(phrase))


@dataclass(frozen=True)
class Dated:
    """What a candidate is on a given day."""

    code: str | None
    state: str | None
    role: str | None


@dataclass(frozen=True)
class Candidate:
    """One dictionary entry: its name, kind and codes over dated spans."""

    name: str
    kind: str  # "person", "organisation", "igo", "state"
    codes: tuple[tuple[str, dt.date | None, dt.date | None], ...]

    def at(self, day: dt.date | None) -> Dated:
        """The code valid on ``day``: the narrowest span holding it, else the undated code;
        with no day, the undated code (or the one code there is)."""
        spans = [(c, s, e) for c, s, e in self.codes if s is not None or e is not None]
        default = [c for c, s, e in self.codes if s is None and e is None]
        chosen: str | None = None
        if day is not None:
            holding = [(c, s, e) for c, s, e in spans
                       if (s is None or s <= day) and (e is None or day <= e)]
            if holding:
                chosen = min(holding, key=lambda x: ((x[2] or dt.date.max) -
                                                     (x[1] or dt.date.min)).days)[0]
        if chosen is None and default:
            chosen = default[-1]
        if chosen is None and day is None and len({c for c, _, _ in self.codes}) == 1:
            chosen = self.codes[0][0]
        state = state_of_code(chosen) if chosen else None
        if state is None:
            # out of office, the person is still of their state (if all codes agree on one)
            states = {state_of_code(c) for c, _, _ in self.codes}
            state = states.pop() if len(states) == 1 else None
        return Dated(chosen, state, role_of_code(chosen) if chosen else None)


@dataclass
class ActorIndex:
    strong: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)  # names, aliases
    weak: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)  # name endings
    prefixes: frozenset[str] = frozenset()

    def lookup(self, phrase: str) -> tuple[Candidate, ...]:
        key = key_of(phrase)
        return self.strong.get(key) or self.weak.get(key) or ()


@cache
def _agent_table() -> tuple[dict[str, str], tuple[str, ...]]:
    table = load_toml("gazetteer/cameo_agents.toml")
    return dict(table["labels"]), tuple(table["non_state_prefixes"])


@cache
def state_codes() -> frozenset[str]:
    """Codes that name a state: the Phoenix country entries' and today's gazetteer's."""
    from dossier.nlp.gazetteer import gazetteer

    codes = set(gazetteer().state_names)
    codes.update(c for cand in _records() if cand.kind == "state" for c, _, _ in cand.codes)
    return frozenset(codes)


def state_of_code(code: str | None) -> str | None:
    """'PAKGOVBUS' -> 'PAK'; 'MNCUSA' -> 'USA'; 'IGOUNO', 'SASREB' -> None."""
    if not code:
        return None
    _, prefixes = _agent_table()
    states = state_codes()
    if code[:3] in states:
        return code[:3]
    if code[:3] in prefixes and code[3:6] in states:
        return code[3:6]
    return None


def role_of_code(code: str) -> str | None:
    """'PAKGOVBUS' -> 'government, business'; a bare state code -> None."""
    labels, prefixes = _agent_table()
    rest = code[3:] if code[:3] in state_codes() else code
    if rest[:3] in prefixes and rest[3:6] in state_codes():
        rest = rest[:3] + rest[6:]
    words = [labels[rest[i:i + 3]] for i in range(0, len(rest) - 2, 3) if rest[i:i + 3] in labels]
    return ", ".join(words) or None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def _data() -> tuple[tuple[Candidate, ...], tuple[tuple[str, ...], ...]]:
    """The records of actors.jsonl and, in the same order, their aliases."""
    records, aliases = [], []
    for number, record in jsonl_records("gazetteer/phoenix/actors.jsonl"):
        try:
            codes = tuple((c[0], _day(c[1]), _day(c[2])) for c in record["codes"])
            records.append(Candidate(record["name"], record["kind"], codes))
            aliases.append(tuple(record.get("aliases", ())))
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise DataFileError(
                f"dossier/data/gazetteer/phoenix/actors.jsonl line {number}: {error}") from error
    return tuple(records), tuple(aliases)


def _records() -> tuple[Candidate, ...]:
    return _data()[0]


@cache
def actor_index() -> ActorIndex:
    """The process's index of Phoenix names (built once, about a second)."""
    strong: dict[str, list[Candidate]] = {}
    weak: dict[str, list[Candidate]] = {}
    primary: set[str] = set()
    for cand, aliases in zip(*_data(), strict=True):
        for number, name in enumerate((cand.name, *aliases)):
            key = key_of(name)
            if not key:
                continue
            if number == 0:
                if key not in primary:  # an entry's own name outranks others' aliases
                    primary.add(key)
                    strong[key] = [c for c in strong.get(key, []) if key_of(c.name) == key]
            elif key in primary:
                continue
            if cand not in strong.setdefault(key, []):
                strong[key].append(cand)
            words = key.split()
            if cand.kind == "person" and len(words) >= 3:
                for n in range(2, len(words)):
                    tail = " ".join(words[-n:])
                    if cand not in weak.setdefault(tail, []):
                        weak[tail].append(cand)
    prefixes: set[str] = set()
    for key in list(strong) + list(weak):
        words = key.split()
        for n in range(1, len(words) + 1):
            prefixes.add(" ".join(words[:n]))
    return ActorIndex({k: tuple(v) for k, v in strong.items()},
                      {k: tuple(v) for k, v in weak.items() if k not in strong},
                      frozenset(prefixes))


def resolve(candidates: Iterable[Candidate], day: dt.date | None,
            context: Iterable[Iterable[str]] = ()) -> tuple[Candidate, Dated] | None:
    """The one candidate a name stands for on ``day``. Entries whose code holds on the day
    outrank the others; candidates of the same state are one answer (the first); candidates
    of different states are told apart by the states named in ``context`` (the sentence's,
    then the article's), else None: no state rather than a guess."""
    options = [(c, c.at(day)) for c in candidates]
    if not options:
        return None
    active = [(c, d) for c, d in options if d.code]
    if active:  # an entry whose code holds on the day outranks one out of its spans
        options = active
    states = {dated.state for _, dated in options}
    if len(states) == 1:
        return options[0]
    for named in context:
        named = set(named)
        fitting = [(c, d) for c, d in options if d.state in named]
        if len({d.state for _, d in fitting}) == 1:
            return fitting[0]
    return None


@cache
def _datelines() -> tuple[re.Pattern[str], ...]:
    """header_patterns.toml's wire dateline and datelines.toml's, at the start of a line."""
    sources = [load_toml("header_patterns.toml")["dateline"],
               *load_toml("gazetteer/datelines.toml")["patterns"]]
    return tuple(re.compile(rx, re.MULTILINE) for rx in sources)


def datelines(text: str) -> list[tuple[int, int]]:
    """Spans of wire datelines ("MOSCOW, Oct 6 (Reuters) -"): a place of writing, not an
    actor."""
    return sorted({(m.start(), m.end()) for rx in _datelines() for m in rx.finditer(text)})


@dataclass
class Hit:
    """A dictionary name found in a text."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]


def scan(text: str, doc: Any = None) -> list[Hit]:
    """Longest dictionary names in ``text`` (a name starts with a capital; with a parsed
    ``doc``, one of its words must be a proper noun, so "Chad" the verb or "Will" opening a
    sentence do not count)."""
    index = actor_index()
    tokens = [(m.start(), m.end(), norm(m.group(0))) for m in _TOKEN.finditer(text)]
    hits: list[Hit] = []
    i = 0
    while i < len(tokens):
        start, _, word = tokens[i]
        if not text[start].isupper() or word not in index.prefixes:
            i += 1
            continue
        key, best, j = word, None, i
        while True:
            found = index.strong.get(key) or index.weak.get(key)
            if found and text[tokens[j][0]].isupper():
                best = (j, found)
            j += 1
            if j >= len(tokens) or j - i >= _MAX_WORDS or tokens[j][0] - tokens[j - 1][1] > 1:
                break
            key = key + " " + tokens[j][2]
            if key not in index.prefixes:
                break
        if best is None or _weak_after_name(text, tokens, i, best, index):
            i += 1
            continue
        last, found = best
        hit = Hit(start, tokens[last][1], found)
        if doc is None or _proper(doc, hit, text):
            hits.append(hit)
            i = last + 1
        else:
            i += 1
    return hits


def _weak_after_name(text: str, tokens: list[tuple[int, int, str]], i: int,
                     best: tuple[int, tuple[Candidate, ...]], index: ActorIndex) -> bool:
    """Whether a hit found only as the end of a longer dictionary name follows a capitalised
    word of the same name: "Mustafa Abdul Jalil" is not the entry "Shahrizat Binte Abdul
    Jalil" (a different given name is a different person). A title, a demonym or a
    sentence's first word before it does not count ("President Abdul Jalil")."""
    last, _ = best
    key = " ".join(t[2] for t in tokens[i:last + 1])
    if key in index.strong or i == 0:
        return False
    start, end, word = tokens[i - 1]
    if not text[start].isupper() or tokens[i][0] - end > 1 or text[end:tokens[i][0]] not in (
            " ", "-"):
        return False
    before = text[max(0, start - 3):start].rstrip()
    if not before or before.endswith((".", "!", "?", "\n", ":", '"', "“", "(")):
        return False  # the sentence's first word
    return word not in _name_prefixes()


@cache
def _name_prefixes() -> frozenset[str]:
    """Capitalised words that open a name without being part of it: role words and state
    words ("President", "Libyan"), upper case as the index keys them."""
    from dossier.nlp.gazetteer import gazetteer

    g = gazetteer()
    words = {norm(w) for phrase in (*g.role_heads, *g.role_modifiers) for w in phrase.split()}
    words.update(norm(t) for t, e in g.terms.items() if e.kind in ("state", "demonym"))
    words.update(("MR", "MRS", "MS", "DR", "SIR", "SHEIKH", "GEN", "GENERAL", "COL", "COLONEL"))
    return frozenset(words)


def _proper(doc: Any, hit: Hit, text: str) -> bool:
    span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None:
        return False
    surface = text[hit.start:hit.end]
    if len(span) == 1 and sum(ch.isupper() for ch in surface) >= 2:
        return True  # an acronym: "IMF", "JeM"
    return any(t.pos_ == "PROPN" for t in span)


def _sentence_of(starts: list[int], position: int) -> int:
    return bisect.bisect_right(starts, position) - 1


def phoenix_mentions(text: str, doc: Any, found: list[Any], when: dt.date | None,
                     state_name: Any = None) -> tuple[list[Any], dict[int, str]]:
    """Mentions of the Phoenix actors ``text`` names outside the spans of ``found`` (today's
    gazetteer's mentions, which win) and of datelines; and, by mention id, the role each
    person held on ``when`` (given as a role only where the text gives none).

    People carry their state on the day; organisations, armed groups and international
    bodies their code and home state; a country entry's other names (cities, provinces,
    spellings) are places of that state, which the caller lets act for it in subject
    position. A name two entries of different states share takes the state the sentence
    names, else the article, else none."""
    from dossier.nlp.entities import Mention

    covered = bytearray(len(text))
    for start, end in [(m.start, m.end) for m in found] + datelines(text):
        covered[start:end] = b"\x01" * (end - start)
    sentence_starts = [s.start_char for s in doc.sents] if doc is not None else [0]
    states_by_sentence: dict[int, set[str]] = {}
    for m in found:
        if m.kind == "state" and m.code:
            states_by_sentence.setdefault(_sentence_of(sentence_starts, m.start), set()).add(
                m.code)
    article_states = set().union(*states_by_sentence.values()) if states_by_sentence else set()
    out: list[Any] = []
    roles: dict[int, str] = {}
    for hit in scan(text, doc):
        if any(covered[hit.start:hit.end]):
            continue
        surface = text[hit.start:hit.end]
        sentence = states_by_sentence.get(_sentence_of(sentence_starts, hit.start), set())
        chosen = resolve(hit.candidates, when, (sentence, article_states))
        kinds = {c.kind for c in hit.candidates}
        if chosen is None:
            if kinds == {"person"}:
                out.append(Mention(surface, hit.start, hit.end, "person", surface))
            continue
        cand, dated = chosen
        if cand.kind == "state":
            if dated.state:
                name = (state_name(dated.state) if state_name else None) or cand.name
                out.append(Mention(surface, hit.start, hit.end, "place", name, dated.state,
                                   dated.state))
        elif cand.kind == "person":
            mention = Mention(surface, hit.start, hit.end, "person", cand.name, None,
                              dated.state)
            if dated.role:
                roles[id(mention)] = dated.role
            out.append(mention)
        else:
            out.append(Mention(surface, hit.start, hit.end, "organisation", cand.name,
                               dated.code, dated.state))
    return out, roles


def fill_home_states(mentions: list[Any], when: dt.date | None) -> None:
    """A gazetteer organisation with no state takes the home state Phoenix gives it (the
    Taliban: Afghanistan); the gazetteer's own fields are kept."""
    index = actor_index()
    for mention in mentions:
        if mention.kind != "organisation" or mention.state:
            continue
        candidates = [c for c in index.lookup(mention.name) or index.lookup(mention.text)
                      if c.kind != "person"]
        chosen = resolve(candidates, when)
        if chosen is not None and chosen[1].state:
            mention.state = chosen[1].state
