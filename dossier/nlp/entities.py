"""find_entities: the states, organisations, people and places a text mentions.

Gazetteers come first (dossier/data/gazetteer); spaCy's named entities only propose people,
organisations and places the gazetteers do not know, because its labels alone are not trusted
(it tags "Uzbekistan" as NORP). Steps, in order:

1. gazetteer terms (case-sensitive, longest first): states and their variants, demonyms,
   capitals, organisations, ministries, well-known people;
2. ministries take the state written next to them ("Russian Ministry of Defence",
   "Ministry of Defense of Russia");
3. people (gazetteer or spaCy PERSON) take the role and state written before them ("Uzbek
   President Islam Karimov") or after them ("Sergei Shoigu, Russian Defence Minister",
   "President Shavkat Mirziyoyev of Uzbekistan");
4. surname-only and title mentions ("Putin", "the Uzbek president") resolve to the full person
   of the article;
5. a capital is its state when it acts ("Moscow agreed", "Tashkent wants", "a Kremlin source")
   and a place otherwise ("talks in Moscow", "at the Kremlin").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from dossier.nlp.actors import datelines, fill_home_states, phoenix_mentions
from dossier.nlp.gazetteer import Entry, Gazetteer, gazetteer
from dossier.nlp.pipeline import doc_text
from dossier.resources import load_toml

KINDS = ("state", "organisation", "person", "place")

# A capital used as a place: the object of a locative preposition.
_LOCATIVE = frozenset(("in", "at", "near", "to", "into", "outside", "around", "across", "via",
                       "inside", "within", "through", "toward", "towards", "from", "over"))


@dataclass
class Mention:
    """One mention of an entity: offsets in the text, its kind and what it resolves to.

    ``name`` is the canonical name ("Vladimir Putin", "Uzbekistan", "Collective Security
    Treaty Organization"); ``code`` is the ISO 3166 alpha-3 code of a state or the upper-case
    short name of an organisation; ``state`` is the state a person, ministry, company or place
    belongs to; ``role`` a person's role as written here ("Defence Minister")."""

    text: str
    start: int
    end: int
    kind: str
    name: str
    code: str | None = None
    state: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@cache
def _role_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(role before a name, role in apposition after a name, title mention) regexes."""
    g = gazetteer()
    heads = "|".join(re.escape(h) for h in sorted(g.role_heads, key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in sorted(g.role_modifiers, key=len, reverse=True))
    state_terms = [t for t, e in g.terms.items() if e.kind in ("state", "demonym")]
    states = "|".join(re.escape(t) for t in sorted(state_terms, key=len, reverse=True))
    role = rf"(?:(?:{mods})[\s-]+)*(?:{heads})(?:\s+of\s+(?:the\s+)?(?:{mods})(?:\s+(?:{mods}))*)?"
    state = rf"(?:(?P<state>{states})(?:['’]s)?\s+)"
    before = re.compile(rf"(?<![\w]){state}?(?P<role>{role})\.?\s+$")
    after = re.compile(
        rf"^,\s+(?:the\s+|a\s+)?{state}?(?P<role>{role})(?:\s+of\s+(?:the\s+)?(?P<of>{states}))?"
        rf"(?=[\s,.;)])"
    )
    leaders = "|".join(re.escape(h) for h in sorted(g.roles.get("leader_heads", ()), key=len,
                                                     reverse=True))
    title = re.compile(
        rf"(?<![\w])(?:the|The|his|her|its|their)\s+(?P<state>{states})\s+(?P<role>{leaders})"
        rf"(?![\w])"
    )
    return before, after, title


@cache
def _of_state() -> re.Pattern[str]:
    g = gazetteer()
    state_terms = [t for t, e in g.terms.items() if e.kind == "state"]
    states = "|".join(re.escape(t) for t in sorted(state_terms, key=len, reverse=True))
    return re.compile(rf"^\s+of\s+(?:the\s+)?(?P<of>{states})(?![\w])")


def _state_of_term(g: Gazetteer, term: str | None) -> str | None:
    if not term:
        return None
    entry = g.terms.get(term.removesuffix("'s").removesuffix("’s"))
    return entry.code if entry and entry.kind in ("state", "demonym") else None


@cache
def _historical_prefixes() -> tuple[str, ...]:
    return tuple(p.lower() for p in load_toml("gazetteer/modifiers.toml")["historical_prefixes"])


def _gazetteer_mentions(text: str, g: Gazetteer) -> list[Mention]:
    out = []
    prefixes = _historical_prefixes()
    for m in g.pattern.finditer(text):
        entry: Entry = g.terms[m.group(0)]
        if entry.kind == "demonym" and text[max(0, m.start() - 8):m.start()].lower().endswith(
                prefixes):
            continue  # "former Soviet republics", "post-Soviet": not the state acting
        kind = {"demonym": "state", "ministry": "organisation"}.get(entry.kind, entry.kind)
        if entry.kind == "capital":
            kind = "place"
        mention = Mention(m.group(0), m.start(), m.end(), kind, entry.name, entry.code,
                          entry.state, entry.role)
        if entry.kind == "ministry":
            mention.code = entry.code
        if entry.kind == "person":
            mention.code = None
        out.append(mention)
    return out


def _attach_ministry_states(text: str, mentions: list[Mention], g: Gazetteer) -> list[Mention]:
    """A ministry takes the state written before it ("Russian Ministry of Defence", "Russia's
    Foreign Ministry") or after it ("Ministry of Defense of Russia"); the state mention is
    then part of the ministry."""
    out: list[Mention] = []
    for mention in mentions:
        entry = g.terms.get(mention.text)
        if entry is None or entry.kind != "ministry":
            out.append(mention)
            continue
        prev = out[-1] if out else None
        gap = text[prev.end : mention.start] if prev else ""
        if (
            prev is not None
            and prev.kind == "state"
            and re.fullmatch(r"(?:['’]s)?\s+", gap)
        ):
            out.pop()
            mention.start, mention.state = prev.start, prev.code
        else:
            m = _of_state().match(text[mention.end : mention.end + 60])
            if m:
                mention.state = _state_of_term(g, m.group("of"))
                mention.end += m.end()
        mention.text = text[mention.start : mention.end]
        state_name = g.state_name(mention.state)
        mention.name = f"{entry.name} of {state_name}" if state_name else entry.name
        out.append(mention)
    return out


def _clean_person_span(text: str, start: int, end: int, g: Gazetteer) -> tuple[int, int]:
    """Strip role words and possessive endings spaCy leaves in a PERSON entity."""
    span = text[start:end]
    words = span.split(" ")
    heads = set(g.role_heads) | set(g.role_modifiers)
    while len(words) > 1 and words[0].rstrip(".") in heads | {h + "." for h in heads}:
        start += len(words[0]) + 1
        words = words[1:]
    span = text[start:end]
    for suffix in ("'s", "’s"):
        if span.endswith(suffix):
            end -= len(suffix)
    return start, end


def _people(text: str, doc: Any, found: list[Mention], g: Gazetteer) -> list[Mention]:
    """Gazetteer people plus spaCy PERSON entities the gazetteers do not cover."""
    taken = [(m.start, m.end) for m in found]
    people = [m for m in found if m.kind == "person"]
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = _clean_person_span(text, ent.start_char, ent.end_char, g)
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        surface = text[start:end]
        if (not surface[:1].isupper() or surface in g.terms or not re.search(r"[a-z]", surface)
                or re.search(r"\d", surface)):
            continue
        people.append(Mention(surface, start, end, "person", surface))
        taken.append((start, end))
    return people


def _attach_roles(text: str, people: list[Mention], others: list[Mention], g: Gazetteer
                  ) -> set[int]:
    """Give each person the role and state written next to it; returns the ids of the state
    mentions that were only part of a role ("Russian" in "Russian President")."""
    before, after, _ = _role_patterns()
    used: set[int] = set()
    by_start = {m.start: m for m in others if m.kind == "state"}
    for person in people:
        window = text[max(0, person.start - 90) : person.start]
        m = before.search(window)
        if m and "\n" not in m.group(0):
            person.role = m.group("role").strip()
            offset = person.start - len(window)
            if m.group("state"):
                person.state = _state_of_term(g, m.group("state")) or person.state
                state_mention = by_start.get(offset + m.start("state"))
                if state_mention is not None:
                    used.add(id(state_mention))
            person.start = offset + m.start()
            person.text = text[person.start : person.end]
        tail = text[person.end : person.end + 90]
        m = after.match(tail)
        if m:
            person.role = person.role or m.group("role").strip()
            state = m.group("state") or m.group("of")
            if state:
                person.state = _state_of_term(g, state) or person.state
                for mention in others:
                    if mention.kind == "state" and person.end < mention.start < (
                        person.end + m.end()
                    ):
                        used.add(id(mention))
        else:
            m = _of_state().match(tail)
            if m and person.role:
                person.state = _state_of_term(g, m.group("of")) or person.state
    return used


def _phrase_states(doc: Any, people: list[Mention], others: list[Mention]) -> None:
    """A person with no state takes the state a word of their own noun phrase names before
    the name ("Alleged Libyan rape victim Eman al-Obeidy", "Syrian activist X", "the Egyptian
    blogger X"): the modifiers of the name, read from the parse, when they name one state."""
    states = {m.start: m for m in others if m.kind == "state" and m.code}
    for person in people:
        if person.state:
            continue
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
            root = root.head  # "the Syrian activist Rami X": the name in apposition
        found = set()
        for token in doc[root.left_edge.i:span.start]:
            if token.ent_type_ == "PERSON" or (token.dep_ == "appos" and token.i > root.i):
                break
            if any(a.i == root.i for a in token.ancestors) and (
                    mention := states.get(token.idx)) is not None:
                found.add(mention.code)
        if len(found) == 1:
            person.state = found.pop()


def _resolve_people(text: str, people: list[Mention], g: Gazetteer) -> None:
    """Surname-only mentions take the full name of the article's person with that surname;
    people without a state or role take them from the gazetteer or from another mention."""
    full: dict[str, Mention] = {}
    for person in people:
        if " " in person.name.strip():
            full.setdefault(person.name.split()[-1], person)
    for person in people:
        entry = g.terms.get(person.name)
        if entry is not None and entry.kind == "person":
            person.name = entry.name
        elif " " not in person.name and person.name in full:
            person.name = full[person.name].name
    best: dict[str, Mention] = {}
    for person in people:
        known = best.setdefault(person.name, person)
        if known.state is None and person.state:
            known.state = person.state
        if known.role is None and person.role:
            known.role = person.role
    for person in people:
        known = best[person.name]
        entry = g.people.get(person.name)
        person.state = person.state or known.state or (entry.state if entry else None)


def _surnames(text: str, people: list[Mention], found: list[Mention]) -> list[Mention]:
    """A later bare surname of a person the article names in full ("Qureshi" after "Shah
    Mehmood Qureshi") is that person, whatever spaCy took it for."""
    full = {p.name.split()[-1]: p for p in people if " " in p.name.strip()}
    if not full:
        return []
    covered = [(m.start, m.end) for m in found + people]
    out = []
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in full)
                         + r")(?![\w-])")
    for m in pattern.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        known = full[m.group(0)]
        out.append(Mention(m.group(0), m.start(), m.end(), "person", known.name, None,
                           known.state, known.role))
    return out


def _titles(text: str, people: list[Mention], taken: list[tuple[int, int]], g: Gazetteer
            ) -> list[Mention]:
    """"the Uzbek president", "the Russian leader": the article's person of that state with a
    matching role, the nearest one before (else after); a person with no name otherwise."""
    _, _, title = _role_patterns()
    out = []
    for m in title.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        state = _state_of_term(g, m.group("state"))
        head = m.group("role").lower()
        candidates = [p for p in people if p.state == state and _role_fits(p.role, head, g, p)]
        before = [p for p in candidates if p.start < m.start()]
        chosen = before[-1] if before else (candidates[0] if candidates else None)
        if chosen is not None:
            name, role = chosen.name, chosen.role or head
        else:
            role = head.title() if head != "leader" else "Leader"
            name = f"{role} of {g.state_name(state)}"
        out.append(Mention(m.group(0), m.start(), m.end(), "person", name, None, state, role))
    return out


def _role_fits(role: str | None, head: str, g: Gazetteer, person: Mention) -> bool:
    if role is None:
        entry = g.people.get(person.name)
        role = entry.role if entry else None
    if role is None:
        return head in ("leader", "counterpart")
    role = role.lower()
    if head in ("leader", "head of state"):
        return role in ("president", "prime minister", "premier", "king", "leader")
    if head == "counterpart":
        return True
    if head == "minister":
        return "minister" in role and "prime" not in role
    return head in role and ("deputy" not in role or "deputy" in head)


def _capitals(mentions: list[Mention], doc: Any) -> None:
    """A capital acts for its state unless it stands after a locative preposition."""
    for mention in mentions:
        if mention.kind != "place" or mention.state is None or mention.code is None:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        token = span.root if span is not None else None
        place = token is not None and token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE
        if token is not None and token.dep_ == "conj":
            first = token
            while first.dep_ == "conj":
                first = first.head
            place = first.dep_ == "pobj" and first.head.lower_ in _LOCATIVE
        if not place:
            mention.kind, mention.name = "state", gazetteer().state_name(mention.state) or ""
        else:
            mention.code = None


def _spacy_others(text: str, doc: Any, taken: list[tuple[int, int]]) -> list[Mention]:
    """ORG, GPE, LOC and FAC entities the gazetteers do not know: organisations and places."""
    out = []
    for ent in doc.ents:
        kind = {"ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}.get(
            ent.label_)
        if kind is None:
            continue
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        if surface.startswith("the "):
            start += 4
            surface = surface[4:]
        if surface.endswith(("'s", "’s")):
            end -= 2
            surface = surface[:-2]
        if not surface[:1].isupper() or any(s < end and start < e for s, e in taken):
            continue
        code = None
        if kind == "organisation" and re.fullmatch(r"[A-Z][A-Z0-9&-]{1,7}", surface):
            code = surface
        out.append(Mention(surface, start, end, kind, surface, code))
        taken.append((start, end))
    return out


def _acronyms(text: str, mentions: list[Mention]) -> None:
    """"Long Name (ACRONYM)": both forms are the same organisation, code ACRONYM."""
    for m in re.finditer(r"\(([A-Z][A-Z0-9]{1,7})\)", text):
        acronym = m.group(1)
        before = [x for x in mentions if x.kind == "organisation" and 0 <= m.start() - x.end <= 2]
        if not before or before[-1].code:
            continue
        long_form = before[-1]
        initials = "".join(w[0] for w in re.findall(r"[A-Z][\w-]*", long_form.text))
        if initials.startswith(acronym[:2]):
            long_form.code = acronym
            for x in mentions:
                if x.kind == "organisation" and x.text == acronym:
                    x.name, x.code = long_form.name, acronym


def find_entities(doc_or_text: Any, when: dt.date | None = None) -> list[Mention]:
    """Every entity mention of a text (a str or a spaCy Doc), in text order. ``when``: the
    day the text speaks of (the article's date), for the Phoenix actors' dated codes."""
    if isinstance(doc_or_text, str):
        from dossier.nlp.pipeline import parse

        doc = parse(doc_or_text)
    else:
        doc = doc_or_text
    text = doc_text(doc)
    g = gazetteer()
    found = _attach_ministry_states(text, _gazetteer_mentions(text, g), g)
    fill_home_states(found, when)
    phoenix, phoenix_roles = phoenix_mentions(text, doc, found, when, g.state_name)
    found = sorted(found + phoenix, key=lambda m: m.start)
    people = _people(text, doc, found, g)
    others = [m for m in found if m.kind != "person"]
    used = _attach_roles(text, people, others, g)
    _phrase_states(doc, people, others)
    others = [m for m in others if id(m) not in used]
    # A person whose role prefix swallowed a gazetteer term drops that term.
    spans = [(p.start, p.end) for p in people]
    others = [m for m in others if not any(s <= m.start and m.end <= e for s, e in spans)]
    _resolve_people(text, people, g)
    people += _surnames(text, people, found)
    titles = _titles(text, people, [(m.start, m.end) for m in people], g)
    # "the Russian minister" is a person, not the state its demonym names.
    others = [m for m in others if not any(t.start <= m.start and m.end <= t.end
                                           for t in titles)]
    taken = [(m.start, m.end) for m in others + people + titles]
    extra = _spacy_others(text, doc, taken)
    mentions = sorted(others + people + titles + extra, key=lambda m: m.start)
    _acronyms(text, mentions)
    _capitals(mentions, doc)
    for mention in mentions:
        if mention.kind == "person" and mention.role is None and id(mention) in phoenix_roles:
            mention.role = phoenix_roles[id(mention)]
    # a wire dateline ("MOSCOW, Oct 6 (Reuters) -") is where the text was written: no actor
    lines = datelines(text)
    return [m for m in mentions if not any(s <= m.start < e for s, e in lines)]


def mention_index(mentions: list[Mention]) -> tuple[list[int], list[Mention]]:
    """Starts and mentions sorted by start, for bisect look-ups."""
    ordered = sorted(mentions, key=lambda m: m.start)
    return [m.start for m in ordered], ordered


def mentions_in(index: tuple[list[int], list[Mention]], start: int, end: int) -> list[Mention]:
    """Mentions lying inside text[start:end]."""
    starts, ordered = index
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(ordered) and ordered[i].start < end:
        if ordered[i].end <= end:
            out.append(ordered[i])
        i += 1
    return out
