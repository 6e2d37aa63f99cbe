"""extract_events: who did what to whom, when, where, in one article (a pure function).

Per sentence of the spaCy parse:
1. triggers: verbs of the lexicon (dossier/data/events/plover_verbs.jsonl), a pattern with a
   particle or an object ("pull out", "held talks", "made a visit") before the bare verb; a
   trigger in the complement of another ("agreed to supply") is part of that one;
2. actors: states, organisations and people in the subject (source) and in the object or a
   "with / to / against" phrase (target); a passive's "by" phrase is the source; pronouns and
   "the two countries" take the actors of the story so far; no actor, no event;
3. date: the event's own temporal expression (the one its clause governs), else another of
   its sentence, else the date of the story in the previous sentences of the paragraph, else
   the article's date, marked ``date_source="article"``;
4. modality: negated, denied, hypothetical, planned, reported, else occurred; background when
   the date lies well before the article's (history recalled);
5. a one-line summary in the present tense.

A caption, photo credit or byline line (``dossier.clean.captions``) gives no event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from dossier.clean.captions import caption_spans, in_captions
from dossier.events.lexicon import ACTOR_KINDS, CAMEO_FILE, Pattern, cues, nominals, verb_patterns
from dossier.events.model import Actor, Event, Evidence
from dossier.nlp.agents import agent_code, group_mention, main_state, plural, with_state
from dossier.nlp.entities import Mention, find_entities
from dossier.nlp.gazetteer import gazetteer
from dossier.nlp.pipeline import doc_text

#: History recalled: an event whose date ends this long before the article's is background.
BACKGROUND_DAYS = 180
#: Texts longer than this are parsed in chunks of sentences (bounded memory).
CHUNK_CHARS = 50_000

_TARGET_PREPS = ("with", "to", "against", "on", "at", "into", "toward", "towards", "from",
                 "upon", "over")
_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
# Nouns that stand for the pair of actors of the story ("the two countries", "the sides").
_PAIR_NOUNS = frozenset(("side", "party", "country", "nation", "leader", "president", "state",
                         "government", "delegation", "minister", "head"))
# Nouns that refer back to the last organisation named ("left the bloc").
_ORG_ANAPHORS = frozenset(("bloc", "alliance", "organisation", "organization", "grouping",
                           "union", "community", "group", "treaty"))
# Of those, the nouns that name the body they stand for ("the union": a Union).
_NAMED_ANAPHORS = frozenset(("union", "community", "treaty"))
# How far back (characters of text) "the bloc" looks for the body it stands for.
_ANAPHOR_REACH = 1500
# Expressions that bound or measure an event rather than date it ("through 2012", "for 2008").
_NOT_OCCURRENCE = re.compile(r"(?i)(?:through|until|till|by|since|for|before|after|from|to)\s")
_TIME_NOUNS = frozenset(("time", "year", "day", "week", "month", "occasion"))
_RECIPROCAL = frozenset(("AGREE", "CONSULT", "COOPERATE"))
_STOPWORDS = frozenset((
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "was", "as", "by",
    "it", "at", "from", "has", "are", "be", "said", "will", "his", "have", "an", "not",
))


def is_english(text: str) -> bool:
    """A cheap check that a text is English prose: enough common English words."""
    words = re.findall(r"[^\W\d_]+", text[:20_000].lower())
    if len(words) < 5:
        return bool(words) and all(w.isascii() for w in words)
    share = sum(w in _STOPWORDS for w in words) / len(words)
    return share >= 0.08


def published_interval(published: dt.date | None, precision: str) -> tuple[dt.date, dt.date] | None:
    """The days an article's date covers at its precision."""
    if published is None or precision == "unknown":
        return None
    if precision == "day":
        return published, published
    if precision == "month":
        last = calendar.monthrange(published.year, published.month)[1]
        return published.replace(day=1), published.replace(day=last)
    if precision in ("week",):
        start = published - dt.timedelta(days=published.weekday())
        return start, start + dt.timedelta(days=6)
    return dt.date(published.year, 1, 1), dt.date(published.year, 12, 31)


def iso_at(day: dt.date, precision: str) -> str:
    """A date written at its precision: "2005-11-14", "2005-11", "2005"."""
    if precision in ("day", "week"):
        return day.isoformat()
    if precision in ("month", "season", "quarter"):
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def date_fields(start: dt.date, end: dt.date, precision: str) -> tuple[str, str | None]:
    """(date, date_end) of an interval: date_end only when the interval spans more than one
    unit of its precision (a week, a season, a range of years)."""
    first, last = iso_at(start, precision), iso_at(end, precision)
    if precision in ("week",):
        return first, end.isoformat() if end != start else None
    return first, (last if last != first else None)


@dataclass
class _Dated:
    start: dt.date
    end: dt.date
    precision: str
    text: str
    source: str


@dataclass
class _Doc:
    """One parsed piece of the article and what the steps share."""

    doc: Any
    text: str  # doc.text, kept: spaCy rebuilds it from every token on each access
    offset: int
    mentions: list[Mention]
    by_token: dict[int, Mention]
    timexes: list[Any]
    governor: dict[int, int]  # timex index -> token index of the verb it hangs on
    published: dt.date | None
    precision: str
    pub_interval: tuple[dt.date, dt.date] | None
    article_id: str | None
    origin: str | None
    events: list[Event] = field(default_factory=list)
    sentence_dates: dict[int, _Dated | None] = field(default_factory=dict)  # start -> date
    sentence_rank: dict[int, int] = field(default_factory=dict)  # sentence start -> number
    main_state: str | None = None  # the state the article is about (groups' state by default)


def _token_map(doc: Any, mentions: list[Mention]) -> dict[int, Mention]:
    out: dict[int, Mention] = {}
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            out.setdefault(token.i, mention)
    return out


def _governor(token: Any) -> Any:
    """The verb a token hangs on (the token itself if it is a verb)."""
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head is not token and seen < 30:
        token = token.head
        seen += 1
    return token


def _timex_governors(doc: Any, timexes: list[Any]) -> dict[int, int]:
    out = {}
    for n, timex in enumerate(timexes):
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None:
            out[n] = _governor(span.root).i
    return out


# Object pronouns that stand for an actor ("pressed him to resign").
_ACTOR_PRONOUNS = frozenset(("him", "her", "them", "us"))
# Subject pronouns that stand for an actor as a passive's subject ("she was beaten").
_SUBJECT_PRONOUNS = frozenset(("he", "she", "they", "we", "i"))


def _matches(pattern: Pattern, token: Any, objects: list[Any], ctx: _Doc,
             preps: frozenset[str], words: frozenset[str]) -> bool:
    """Whether a trigger's conditions hold (the conditions: lexicon.Pattern). preps: the
    verb's particles and prepositions; words: its objects' lemmas and forms."""
    if pattern.prep and pattern.prep not in preps:
        return False
    if preps & pattern.not_prep:
        return False
    if pattern.object and pattern.object.isdisjoint(words):
        return False
    if pattern.not_object and not pattern.not_object.isdisjoint(words):
        return False
    if pattern.transitive is not None and pattern.transitive != _has_direct_object(token):
        return False
    if pattern.subject:
        subject, passive = _subject(token)
        if subject is None or passive or not (
                {subject.lemma_.lower(), subject.lower_, subject.lower_.rstrip("s")}
                & pattern.subject):
            return False
    if pattern.object_kind:
        kinds = {m.kind for o in objects for t in [o, *o.children]
                 if t is o or t.dep_ in ("compound", "amod", "poss")
                 if (m := ctx.by_token.get(t.i)) is not None}
        kinds |= {m.kind for o in objects if (m := _org_anaphor(o, ctx)) is not None}
        if pattern.object_kind == "actor":
            if not kinds.intersection(ACTOR_KINDS) and not any(
                o.lower_ in _ACTOR_PRONOUNS or (o.dep_ == "nsubjpass"
                                                and o.lower_ in _SUBJECT_PRONOUNS)
                for o in objects
            ):
                return False
        elif pattern.object_kind not in kinds:
            return False
    return True


def _has_direct_object(token: Any) -> bool:
    """A direct object, a passive subject, or the noun a relative clause tells of ("the help
    Russia sought")."""
    if any(c.dep_ in ("dobj", "nsubjpass") for c in token.children):
        return True
    return token.dep_ == "relcl" and not any(c.dep_ == "nsubj" and _relative(c)
                                             for c in token.children)


def _foreign(targets: list[Mention], sources: list[Mention]) -> list[Mention]:
    """The targets of another state than the sources' ("flew on to Moscow", said of Putin,
    is a journey home)."""
    own = {code for m in sources for code in (m.code if m.kind == "state" else None, m.state)
           if code}
    return [m for m in targets
            if (m.code if m.kind == "state" else m.state) not in own or not (m.code or m.state)]


def _object_tokens(token: Any) -> list[Any]:
    """Objects of a verb: direct objects, objects of its prepositions, a passive subject,
    the noun a relative clause tells of."""
    out = []
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS or child.dep_ == "nsubjpass":
            out.append(child)
        elif child.dep_ in ("prep", "prt", "agent"):
            out.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    out = _with_antecedent(token, out)
    out.extend(c for o in list(out) for c in o.conjuncts)
    return out


def _with_antecedent(token: Any, objects: list[Any]) -> list[Any]:
    """A relative clause's objects with the noun it tells of in place of its relative
    pronoun ("the CSTO, which Armenia left"), or as its object when it has none of its own
    ("the bloc Tashkent left"); any other verb's objects as they are."""
    if token.dep_ != "relcl":
        return objects
    own = [o for o in objects if not _relative(o)]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
    if len(own) < len(objects) or (
            not passive and not any(c.dep_ in _OBJECT_DEPS for c in token.children)):
        return [*own, token.head]
    return objects


def _trigger(token: Any, ctx: _Doc) -> Pattern | None:
    if token.pos_ not in ("VERB",) and not (token.pos_ == "AUX" and token.dep_ == "ROOT"):
        return None
    patterns = verb_patterns().get(token.lemma_.lower())
    if not patterns:
        return None
    objects = _object_tokens(token)
    preps = frozenset(c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent"))
    words = frozenset(w for o in objects for w in (o.lemma_.lower(), o.lower_))
    for pattern in patterns:
        if pattern.nominal:
            typed = _nominal_trigger(pattern, token, preps)
            if typed is not None:
                return typed
        elif _matches(pattern, token, objects, ctx, preps, words):
            return _deployment(pattern, objects)
    return None


def _nominal_of(token: Any, weapons: bool = False) -> tuple[str, str | None] | None:
    """(type, mode) of an event nominal ("airstrikes", "air strike", "clashes"), else None;
    ``weapons``: a weapon names an assault too (the subject of "rockets crashed into")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    nouns = nominals().nouns
    lemma = token.lemma_.lower()
    if weapons and lemma in nominals().weapons:
        return "ASSAULT", "heavy-weapons"
    for child in token.children:
        if child.dep_ in ("compound", "amod") and child.i == token.i - 1:
            found = nouns.get(f"{child.lower_} {lemma}") or nouns.get(f"{child.lower_}-{lemma}")
            if found:
                return found
    return nouns.get(lemma) or nouns.get(token.lower_)


def _nominal_trigger(pattern: Pattern, token: Any, preps: frozenset[str]) -> Pattern | None:
    """A nominals.toml pattern of a verb, typed by the nominal it finds: its direct object
    ("launched an offensive"), its subject ("clashes erupted"), or the object of its
    preposition ("came under fire"); None when the verb has none."""
    if pattern.prep and pattern.prep not in preps:
        return None
    if pattern.object and not any(
            c.dep_ in ("dobj", "attr") and c.lemma_.lower() in pattern.object
            for c in token.children):
        return None  # "take place"
    if pattern.nominal == "subject":
        subject, passive = _subject(token)
        candidates = [] if subject is None or passive or subject.head.i != token.i else [
            subject, *subject.conjuncts]
    elif pattern.nominal == "undergo" and pattern.prep:
        candidates = [g for c in token.children if c.dep_ == "prep" and c.lower_ == pattern.prep
                      for g in c.children if g.dep_ == "pobj"]
    else:
        candidates = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if token.dep_ == "relcl" and not candidates:
            candidates = [token.head]  # "the offensive launched by the army"
    candidates += [c for t in list(candidates) for c in t.conjuncts if c not in candidates]
    for noun in candidates:
        found = _nominal_of(noun, weapons=pattern.nominal == "subject")
        if found is not None:
            return replace(pattern, type=found[0], mode=found[1] or pattern.mode)
    return None


def _deployment(pattern: Pattern, objects: list[Any]) -> Pattern:
    """An AID or a REQUEST whose object is armed forces is a deployment ("sent troops",
    "called up volunteers"): MOBILIZE, as CAMEO 15x (demonstrate military power) and
    PLOVER's codebook ("military or police moves, deployments") type it."""
    if pattern.type not in ("AID", "REQUEST"):
        return pattern
    forces = nominals().forces
    # what is sent ("sent troops"), what is called for ("called for volunteers"); not whom
    # a request is made of ("asked the US military to leave")
    wanted = ("dobj", "nsubjpass") if pattern.type == "AID" else ("pobj",)
    if any(o.lemma_.lower() in forces or o.lower_ in forces for o in objects
           if o.dep_ in wanted and (o.dep_ != "pobj" or o.head.lower_ == "for")):
        return replace(pattern, type="MOBILIZE", mode="troops", context="military")
    return pattern


def _mentions_under(token: Any, ctx: _Doc, skip_clauses: bool = True) -> list[Mention]:
    """Mentions in a token's phrase, leaving out relative clauses and other verbs' clauses."""
    out: list[Mention] = []
    stack = [token]
    while stack:
        t = stack.pop()
        mention = ctx.by_token.get(t.i)
        if mention is not None and mention not in out:
            out.append(mention)
        for child in t.children:
            if skip_clauses and child.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis"):
                continue
            edge = child.left_edge
            if edge.text == "(" or (edge.i > 0 and edge.nbor(-1).text == "("):
                continue  # "(Interfax, Uzbek TV, February 6)": a citation, not an actor
            stack.append(child)
    out.sort(key=lambda m: m.start)
    return out


def _org_anaphor(token: Any, ctx: _Doc) -> Mention | None:
    """"the bloc", "the alliance": the last organisation named before it, a few paragraphs
    back at most. "the union", "the community" and "the treaty" only stand for a body whose
    name says so (the Eurasian Economic Union, NATO): "the treaty" is far more often a
    treaty between states than a bloc."""
    lemma = token.lemma_.lower()
    if lemma not in _ORG_ANAPHORS:
        return None
    if not any(c.lower_ in ("the", "this", "that") for c in token.children):
        return None
    start = token.idx
    found = [m for m in ctx.mentions if m.kind == "organisation" and m.end <= start and m.code
             and start - m.end <= _ANAPHOR_REACH
             and (lemma not in _NAMED_ANAPHORS or lemma in m.name.lower())]
    return found[-1] if found else None


def _actors_of(token: Any, ctx: _Doc, sentence_start: int) -> list[Mention]:
    """The actors a noun phrase names (states, organisations, people, groups named by a
    role noun: "Libyan rebels", "the police"), resolving pronouns, "the two countries" and
    "the bloc" from the story so far."""
    group = None if _pair_phrase(token) else _group(token, ctx)
    if group is not None:
        # "Syrian troops and rebels": each coordinated phrase is an actor of its own
        return _unique([group, *(m for c in token.conjuncts if c.i > token.i
                                 for m in _actors_of(c, ctx, sentence_start))])
    found = [with_state(m, ctx.main_state, gazetteer().state_name)
             for m in _mentions_under(token, ctx) if m.kind in ACTOR_KINDS
             and not _is_outlet(m)]
    # "NATO and rebels": a coordinated role noun the names leave out
    found += [g for c in token.conjuncts if c.i > token.i and (g := _group(c, ctx)) is not None
              and not any(m.start >= g.start and m.end <= g.end for m in found)]
    # "Moscow's handling", "the heads ... of Russia and Uzbekistan": keep the phrase's actors;
    # a person subsumes the demonym of their own state.
    if found:
        people_states = {m.state for m in found if m.kind == "person"}
        return [m for m in found if not (m.kind == "state" and m.code in people_states
                                         and _is_modifier(m, token, ctx))]
    lower = token.lower_
    previous = ctx.events[-1] if ctx.events else None
    if token.pos_ == "PRON":
        if lower in _SPEAKER_PRONOUNS and (speaker := _speaker(token, ctx)):
            return speaker
        if lower in ("he", "she", "him", "her"):
            people = [m for m in ctx.mentions if m.kind == "person" and m.end <= token.idx]
            return people[-1:]
        if lower == "they" and (speakers := _plural_speakers(token, ctx)):
            return speakers
        if lower in ("they", "them") and previous is not None:
            return _previous_actors(previous, ctx)
        return []
    anaphor = _org_anaphor(token, ctx)
    if anaphor is not None:
        return [anaphor]
    if _pair_phrase(token):
        return _pair(token, ctx)
    return []


def _is_outlet(mention: Mention | None) -> bool:
    """A news outlet reports; it is never an actor ("CNN has learned", "From X, CNN")."""
    return mention is not None and mention.kind == "organisation" and gazetteer().is_outlet(
        mention.name, mention.code)


def _pair_phrase(token: Any) -> bool:
    """"the two countries", "both sides", "their leaders", "the two armies": the pair of
    the story."""
    if token.tag_ not in ("NNS", "NNPS"):
        return False
    words = {c.lower_ for c in token.children}
    if token.lemma_.lower() in _PAIR_NOUNS:
        return bool(words & {"the", "two", "both", "their"})
    return bool(words & {"two", "both"}) and agent_code([token.text]) not in (None, "GOV")


def _group(token: Any, ctx: _Doc) -> Mention | None:
    """A group a role noun names, coded by its state (dossier.nlp.agents.group_mention)."""
    return group_mention(token, ctx.by_token, ctx.main_state, gazetteer().state_name)


# Pronouns that, as the subject of a reported clause, stand for the one who reports it.
_SPEAKER_PRONOUNS = frozenset(("he", "she", "we", "i"))


def _speaker(token: Any, ctx: _Doc) -> list[Mention]:
    """"X said he had been captured", "X vowed that 'we will not surrender'": "he", "she",
    "we" or "I", the subject of a clause a speaker reports (its complement), is the speaker
    when the speaker's phrase names an actor (a name, a group: "the doctor", "the head of
    the opposition council"); else nothing (the story's last person is tried next)."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return []
    clause = token.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.pos_ not in ("VERB", "AUX"):
        return []
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.pos_ == "PRON":
        return []
    plural_speaker = speaker.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ == "conj" for c in speaker.children)
    if plural_speaker and token.lower_ in ("he", "she", "i"):
        return []  # "officials said he": not one of them
    if token.lower_ == "we" and not plural_speaker and speaker.tag_ not in ("NNP", "NNPS", "NN"):
        return []
    return [m for m in _actors_of(speaker, ctx, token.sent.start_char)
            if m.kind in ACTOR_KINDS]


def _plural_speakers(token: Any, ctx: _Doc) -> list[Mention]:
    """"Tajik border guards said they had recorded ...": "they", the subject of a clause
    reported by a plural subject naming actors, is that subject."""
    if token.dep_ != "nsubj":
        return []
    clause = token.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "ccomp":
        return []
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.pos_ == "PRON" or speaker.tag_ not in ("NNS", "NNPS"):
        return []
    return [m for m in _mentions_under(speaker, ctx) if m.kind in ACTOR_KINDS]


def _pair(token: Any, ctx: _Doc) -> list[Mention]:
    """"the two countries", "the presidents", "the sides": the last two actors of the story
    (the sources of the last event with two, else the last two states or people named)."""
    states_wanted = token.lemma_.lower() in ("country", "nation", "state", "side", "party",
                                             "government") or (
        token.lemma_.lower() not in _PAIR_NOUNS
        and agent_code([token.text]) not in (None, "GOV"))
    for event in reversed(ctx.events[-6:]):
        if len([a for a in event.actors if a.kind in ACTOR_KINDS]) >= 2:
            pair = _previous_actors(event, ctx)
            # a group the story named ("told reporters") is not one of the pair
            pair = [m for m in pair if not (m.code and m.state and len(m.code) > 3
                                            and m.code.startswith(m.state))]
            if states_wanted:
                g = gazetteer()
                pair = [Mention(g.state_name(m.state) or m.name, -1, -1, "state",
                                g.state_name(m.state) or m.name, m.state, m.state)
                        if m.kind == "person" and m.state else m for m in pair]
            if len(_unique(pair)) >= 2:
                return _unique(pair)
    kinds = ("state",) if states_wanted else ("person",)
    named = [m for m in ctx.mentions if m.kind in kinds and m.end <= token.idx]
    distinct: list[Mention] = []
    for m in reversed(named):
        if all(d.name != m.name for d in distinct):
            distinct.append(m)
        if len(distinct) == 2:
            return distinct[::-1]
    return []


def _is_modifier(mention: Mention, head: Any, ctx: _Doc) -> bool:
    return mention.kind == "state"


def _previous_actors(event: Event, ctx: _Doc) -> list[Mention]:
    out = []
    for actor in event.actors:
        if actor.role in ("source", "target") and actor.kind in ACTOR_KINDS:
            out.append(Mention(actor.name, -1, -1, actor.kind, actor.name, actor.code,
                               actor.state))
    return out


def _agent_actor(token: Any) -> Mention | None:
    """A named group with no entity ("insurgents", "police"): an actor of unknown state."""
    agents = set(gazetteer().roles.get("agents", ()))
    if token.lemma_.lower() in agents or token.lower_ in agents:
        # The noun with the modifiers written just before it ("armed militants", "riot
        # police"), not whatever else its phrase holds ("most of them armed militants").
        start = token.i
        while start > token.sent.start and token.doc[start - 1].head.i == token.i and \
                token.doc[start - 1].dep_ in ("amod", "compound"):
            start -= 1
        name = token.doc[start:token.i + 1].text
        return Mention(name, -1, -1, "organisation", name)
    return None


_RELATIVES = frozenset({"which", "who", "whom", "that"})


def _relative(token: Any) -> bool:
    """A relative pronoun ("which", "who", "that" opening a relative clause)."""
    return token.tag_ in ("WDT", "WP") or token.lower_ in _RELATIVES


def _subject(token: Any) -> tuple[Any | None, bool]:
    """The subject token of a verb (inherited through xcomp/conj/advcl/relcl) and whether the
    verb is passive."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or (
        # "had been beaten and detained by police": the second participle is passive too
        token.dep_ == "conj" and token.tag_ == "VBN"
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in token.head.children)
        and not any(c.dep_ in ("aux", "nsubj") for c in token.children))
    current = token
    for _ in range(4):
        children = list(current.children)
        if sum(c.dep_ == "nsubj" for c in children) > 1:
            # a wire dateline parsed as a second subject ("MOSCOW, Oct 6 (Reuters) - Ukraine
            # accused"): the place in capitals opening the sentence is not the subject
            children = [c for c in children if not (c.i == c.sent.start and c.is_upper
                                                    and len(c.text) > 2)]
        for child in children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj") and not (
                child.lemma_.lower() in _TIME_NOUNS  # "each time left the bloc"
                and any(c.lower_ in ("each", "every", "this", "that") for c in child.children)
            ):
                if _relative(child) and current.dep_ == "relcl":
                    # "Russia, which attacked Georgia": the noun the clause tells of acts.
                    return current.head, passive and current is token
                return child, passive and (current is token or child.dep_ == "nsubjpass")
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN"):
            # "reporters taken to a funeral", "2 men charged in a death": a past participle
            # modifying a noun is a passive, the noun undergoes it
            return current.head, current is token and _reduced_passive(token)
        if current.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp") and (
            current.head is not current
        ):
            if current.dep_ == "xcomp":
                objects = [c for c in current.head.children if c.dep_ in ("dobj",)]
                # "asked the US military to leave": the object of "ask" leaves.
                if objects and current.head.lemma_ in ("ask", "urge", "invite", "tell", "allow",
                                                        "force", "press", "call"):
                    return objects[0], False
            current = current.head
            continue
        break
    return None, passive


def _reduced_passive(token: Any) -> bool:
    """A past participle modifying a noun with no auxiliary of its own ("the men charged in
    the death", "people wounded in the fighting"): a passive whose subject is that noun."""
    if token.dep_ != "acl" or token.tag_ != "VBN" or any(
            c.dep_ in ("aux", "auxpass", "nsubj", "dobj") for c in token.children):
        return False
    if token.head.dep_ == "appos" or token.sent.root.pos_ not in ("VERB", "AUX"):
        # a sentence with no verb but this one, or a verb on a noun in apposition: the
        # sentence's verb parsed as a participle ("Doctors from two groups donated ...",
        # "..., a rights group protested here"): passive only with its "by" phrase
        return any(c.dep_ == "agent" for c in token.children)
    return True


def _agent_of(token: Any) -> Any | None:
    """The "by" phrase of a passive, or of a passive it is coordinated with ("beaten and
    raped by troops": both by the troops)."""
    for verb in (token, *token.conjuncts):
        for child in verb.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
    return None


def _targets(token: Any, pattern: Pattern, passive: bool) -> list[Any]:
    out = []
    preps = pattern.target or _TARGET_PREPS
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS and not passive:
            out.append(child)
        elif child.dep_ in ("prep", "prt") and child.lower_ in preps:
            # "On the same day as the Kremlin ceremony": a time, not whom it was done to
            out.extend(g for g in child.children if g.dep_ == "pobj"
                       and g.lemma_.lower() not in _TIME_NOUNS)
    if passive:
        out.extend(c for c in token.children if c.dep_ == "nsubjpass")
        if _reduced_passive(token):
            out.append(token.head)  # "the men charged in the death": the men are charged
    out = _with_antecedent(token, out)  # "the CSTO, which Armenia left"; "Georgia, which
    # was invaded by Russia"
    if not out:
        for child in token.children:
            if child.dep_ == "ccomp":
                out.extend(g for g in child.children if g.dep_ in ("nsubj", "nsubjpass"))
    # "agreed to an information exchange with X", "signed an agreement with X": one level down
    for obj in list(out):
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "to", "between", "against"):
                out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def _location(token: Any, ctx: _Doc) -> str | None:
    """A place in an "in / at" phrase of the event's clause ("talks in the Kremlin")."""
    candidates = [token] + [c for c in token.children
                            if c.dep_ in (*_OBJECT_DEPS, "nsubj", "nsubjpass")]
    for head in candidates:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "inside"):
                for pobj in child.children:
                    for mention in _mentions_under(pobj, ctx):
                        if mention.kind == "place":
                            return mention.name
    return None


def _negated(token: Any) -> bool:
    negations = cues()["negations"]
    for t in [token, *[h for h in token.ancestors if token.dep_ in ("xcomp",)][:1]]:
        if any(c.dep_ == "neg" or (c.lower_ in negations and c.dep_ in ("advmod", "neg", "det"))
               for c in t.children):
            return True
    return False


def _avoided(token: Any, c: dict[str, Any]) -> bool:
    """The event is the complement of a verb of not doing ("avoided joining", "failed to
    join", "refrained from joining"): up through the complement and its preposition."""
    current = token
    for _ in range(2):
        if current.dep_ not in ("xcomp", "pcomp", "prep"):
            return False
        current = current.head
        if current.pos_ in ("VERB", "AUX") and current.lemma_.lower() in c["avoidance_verbs"]:
            return True
    return False


def _under_modal(token: Any, c: dict[str, Any]) -> bool:
    """The event is the complement of a clause under a modal ("would make it harder for
    Armenia to join", "could allow Uzbekistan to join"): a possibility, not a fact. Stops
    at a verb of saying (what is said is reported, its own modal read there) and at a
    clause that is not a complement ("after Armenia joined" stays a fact)."""
    current = token
    for _ in range(3):
        infinitive = any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in current.children)
        own_subject = any(ch.dep_ in ("nsubj", "nsubjpass", "expl") for ch in current.children)
        if current.dep_ not in ("xcomp", "ccomp", "conj", "pcomp", "prep", "oprd", "acomp") \
                and not (current.dep_ == "advcl" and infinitive):
            return False
        if current.dep_ == "conj" and own_subject:
            return False  # "Russia may send troops, but Kazakhstan joined": a clause of its own
        current = current.head
        if current.lemma_.lower() in c["speech_verbs"]:
            return False
        if any(ch.dep_ in ("aux", "auxpass") and ch.lower_ in c["hypothetical_aux"]
               for ch in current.children):
            return True
    return False


def _clause_chain(token: Any) -> Iterator[Any]:
    """The verbs above a trigger, through complement and coordination links."""
    current = token
    for _ in range(6):
        if current.head is current:
            return
        if current.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp",
                                "pobj", "prep", "dobj", "parataxis"):
            return
        current = current.head
        yield current


def _modality(token: Any, dated: _Dated | None, ctx: _Doc, timex_texts: list[str]
              ) -> tuple[str, str | None, Any | None]:
    """(modality, reporter text, reporting verb)."""
    c = cues()
    if _negated(token) or _avoided(token, c) or (
            token.dep_ in ("csubj", "csubjpass") and _negated(token.head)):
        # "did not join", "avoided joining", "failed to join", "rejoining ... was not
        # under discussion"
        return "negated", None, None
    chain = list(_clause_chain(token))
    for verb in chain:
        lemma = verb.lemma_.lower()
        if lemma in c["denial_verbs"] and verb.pos_ == "VERB" and (
            lemma != "rule" or any(ch.lower_ == "out" for ch in verb.children)
        ):
            if _negated(verb):  # "it cannot be ruled out that ..."
                return "hypothetical", None, None
            return "denied", None, verb
    aux = {ch.lower_ for ch in token.children if ch.dep_ in ("aux", "auxpass")}
    marks = {ch.lower_ for ch in token.children if ch.dep_ == "mark"}
    for verb in chain[:2]:
        if token.dep_ == "advcl" or verb.dep_ == "advcl":
            marks |= {ch.lower_ for ch in verb.children if ch.dep_ == "mark"}
    speech = next((v for v in chain if v.lemma_.lower() in c["speech_verbs"]), None)
    if marks & c["hypothetical_marks"]:
        return "hypothetical", None, None
    if aux & {"would"} and speech is not None:
        return "planned", None, speech
    if aux & c["hypothetical_aux"] or _under_modal(token, c):
        return "hypothetical", None, None
    future_text = any(t.split()[0].lower() in c["future_words"] for t in timex_texts if t)
    planned = bool(aux & c["future_aux"]) or future_text
    if not planned:
        for verb in chain[:3]:
            lemma = verb.lemma_.lower()
            if lemma in c["planned_verbs"] and token.dep_ in ("xcomp", "pcomp", "conj"):
                planned = True
                break
            if any(ch.dep_ == "aux" and ch.lower_ in c["future_aux"] for ch in verb.children) \
                    and token.dep_ in ("xcomp", "conj"):
                planned = True
                break
            if token.dep_ != "xcomp":
                break
    if not planned and token.dep_ == "pobj" and token.head.lower_ == "for" and \
            token.head.head.lemma_.lower() in c["anticipation_verbs"]:
        planned = True  # "braced for a march of millions": what is awaited is to come
    if not planned and token.dep_ == "xcomp" and token.head.lemma_ == "be" and any(
        ch.lower_ == "to" for ch in token.children
    ):
        planned = True  # "is to visit"
    if not planned and dated is not None and ctx.pub_interval is not None and dated.source in (
        "own",
    ) and dated.start > ctx.pub_interval[1]:
        planned = True
    if planned:
        return "planned", None, None
    if speech is not None:
        subject, _ = _subject(speech)
        return "reported", subject.text if subject is not None else None, speech
    according = _according_to(token)
    if according:
        return "reported", according, None
    return "occurred", None, None


def _according_to(token: Any) -> str | None:
    sentence = token.sent
    for t in sentence:
        if t.lower_ == "according" and t.nbor(1).lower_ == "to" if t.i + 1 < len(t.doc) else False:
            objects = [g for g in t.nbor(1).children if g.dep_ == "pobj"]
            if objects:
                return " ".join(w.text for w in objects[0].subtree)
    return None


def _date_of(token: Any, sentence: Any, ctx: _Doc, triggers: set[int]
             ) -> tuple[list[_Dated], list[str]]:
    """The event's date and the texts of the time expressions it hangs on."""
    own, others, texts = [], [], []
    ancestors = {a.i for a in token.ancestors}
    for n, timex in enumerate(ctx.timexes):
        if timex.start < sentence.start_char or timex.end > sentence.end_char:
            continue
        governor = ctx.governor.get(n)
        if governor == token.i:
            texts.append(timex.text)
            own.append(timex)
        elif governor in ancestors or governor not in triggers:
            others.append(timex)
    for group, source in ((own, "own"), (others, "sentence")):
        usable = [t for t in group if t.type in ("DATE", "TIME") and t.interval_start
                  and _occurrence(ctx.text, t)]
        if usable:
            best = min(usable, key=lambda t: abs(t.start - token.idx))
            dated = [_Dated(t.interval_start, t.interval_end, t.precision, t.text, source)
                     for t in (usable if source == "own" else [best])]
            return dated, texts
    return [], texts


def _occurrence(text: str, timex: Any) -> bool:
    """Whether a time expression can date an event: not one that bounds or measures it
    ("through 2012", "for 2008", "since 2020", whether the word is before it or in it)."""
    return not (_NOT_OCCURRENCE.match(_before(text, timex.start) + timex.text)
                or _NOT_OCCURRENCE.match(timex.text))


def _before(text: str, start: int) -> str:
    """The word before a time expression ("through", "until", "since")."""
    m = re.search(r"(\w+)\s+$", text[max(0, start - 20) : start])
    return (m.group(1) + " ") if m else ""


def _present(lemma: str, plural: bool) -> str:
    if plural:
        return lemma
    if lemma == "be":
        return "is"
    if lemma == "have":
        return "has"
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _phrase(token: Any, limit: int = 12) -> str:
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "appos") and not t.is_punct]
    words = [t for t in words if not any(a.dep_ in ("relcl", "acl", "appos")
                                         for a in t.ancestors if a.i > token.i - 50
                                         and a in token.subtree and a is not token)]
    text = " ".join(t.text for t in words[:limit])
    return text + (" …" if len(words) > limit else "")


def _summary(token: Any, pattern: Pattern, sources: list[Actor], targets: list[Actor],
             timex_spans: list[tuple[int, int]]) -> str:
    """A whole clause in the present tense: the actors the sentence names as doing it, the
    verb and what it is done to ("Russia and Uzbekistan sign a treaty of alliance"); with no
    one named as doing it, the passive it was told in ("Al-Obeidy is beaten")."""
    names = _join([a.name for a in sources])
    target_names = _join([t.name for t in targets if all(t.name != a.name for a in sources)])
    lemma = token.lemma_.lower()
    particle = " ".join(c.text for c in token.children if c.dep_ == "prt")
    many = len(sources) != 1 or (sources[0].kind == "organisation" and plural(sources[0].name))
    verb = _present(lemma, many) + (f" {particle}" if particle else "")
    rest = []
    for child in token.children:
        if child.dep_ in ("dobj", "dative", "xcomp") or (
            child.dep_ == "prep" and child.lower_ in (*_TARGET_PREPS, "for", "in", "of")
        ):
            if child.i < token.i and child.dep_ == "prep":
                continue
            if any(s <= t.idx < e for t in child.subtree for s, e in timex_spans):
                continue
            if child.dep_ == "prep" and child.lower_ == "in" and child.i > token.i and any(
                g.ent_type_ in ("DATE", "GPE", "LOC", "FAC") for g in child.subtree
            ):
                continue
            if child.dep_ in ("dobj", "dative") and child.lower_ in _ACTOR_PRONOUNS | {"it"}:
                # "pressed him to resign": the actor he stands for
                phrase = target_names if child.lower_ != "it" else ""
            else:
                phrase = _phrase(child) if not _relative(child) else ""
            if phrase:
                rest.append(phrase)
    if token.dep_ == "relcl" and not any(
            c.dep_ in ("dobj", "nsubjpass") and not _relative(c) for c in token.children):
        if target_names:
            # "the CSTO, which Armenia left": "Armenia leaves the CSTO", not "leaves which"
            rest.insert(0, target_names)
        elif any(c.dep_ == "nsubj" and not _relative(c) for c in token.children):
            # "the agreement the two leaders concluded": they conclude the agreement
            rest.insert(0, _phrase(token.head))
    if not rest:
        # "his compound is bombarded by NATO": NATO bombards his compound
        rest = [_phrase(c) if c.left_edge.pos_ != "DET" else _phrase(c)[:1].lower()
                + _phrase(c)[1:] for c in token.children
                if c.dep_ == "nsubjpass" and not _relative(c) and names][:1]
    if not rest:
        # "Uzbek officials complained that ...": what was said is the object
        rest = [_phrase(c, 14) for c in token.children if c.dep_ == "ccomp"][:1]
    if not names:
        if target_names and token.tag_ == "VBN":
            copula = "are" if len(targets) > 1 or plural(target_names) else "is"
            text = f"{target_names} {copula} {token.text} {' '.join(rest[:2])}"
        else:
            text = f"{pattern.type.title()}: {token.text} {' '.join(rest)}" + (
                f" ({target_names})" if target_names and target_names not in " ".join(rest)
                else "")
        return _sentence_case(text)
    if not rest and target_names:
        rest = [target_names]  # "Putin receives Karimov", not "Putin receives (Karimov)"
    text = f"{names} {verb} {' '.join(rest[:2])}".strip()
    if target_names and not any(t.name in text for t in targets) and pattern.type not in (
        "JOIN", "LEAVE", "SUSPEND"
    ):
        text += f" ({target_names})"
    return _sentence_case(text)


def _sentence_case(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:]


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _actor(mention: Mention, role: str) -> Actor:
    code = mention.code if mention.kind in ("state", "organisation") else None
    state = mention.state if mention.kind != "state" else mention.code
    return Actor(mention.name, mention.kind, code, role, state)


def _event_id(article_id: str | None, start: int, kind: str) -> str:
    digest = hashlib.sha1(f"{article_id}|{start}|{kind}".encode()).hexdigest()
    return digest[:16]


def _paragraph_break(between: str) -> bool:
    return re.search(r"\n\s*\n", between) is not None


def _events_in(ctx: _Doc, text: str) -> list[Event]:
    doc = ctx.doc
    published = ctx.published.isoformat() if ctx.published else None
    # A caption, photo credit or byline tells no event ("FILE - In this photo, police
    # arrest a protester"): a trigger on such a line is passed over (dossier.clean.captions).
    captions = caption_spans(ctx.text)
    for sentence in doc.sents:
        candidates: dict[int, Pattern] = {}
        for token in sentence:
            if captions and in_captions(token.idx, token.idx + 1, captions):
                continue
            pattern = _trigger(token, ctx)
            if pattern is not None:
                candidates[token.i] = pattern
        for token in sentence:
            if token.i not in candidates and (found := _nominal_of(token)) is not None \
                    and not _taken(token, candidates):
                candidates[token.i] = Pattern(token.lemma_.lower(), found[0], mode=found[1],
                                              nominal="noun", file="events/nominals.toml")
        _refusals(candidates, doc)
        told: list[Event] = []
        for i, pattern in candidates.items():
            token = doc[i]
            # "agreed to supply", "asked X to leave": the inner verb is part of the outer event.
            if _nested(token, candidates):
                continue
            for event in _event(token, pattern, sentence, ctx, set(candidates), text,
                                published):
                if not any(_same_told(event, other) for other in told):
                    told.append(event)
                    ctx.events.append(event)
    return ctx.events


def _refusals(candidates: dict[int, Pattern], doc: Any) -> None:
    """A concession said not to happen is a refusal, CAMEO 12 ("will not step down", "vowed
    not to surrender", "would not resign"): REJECT, and a promise whose complement it is
    ("vowed that we will not surrender") is that refusal, not an agreement."""
    c = cues()
    for i, pattern in list(candidates.items()):
        if pattern.type != "CONCEDE" or pattern.nominal or pattern.lemma not in c["yield_verbs"] \
                or not _negated(doc[i]):
            continue
        candidates[i] = replace(pattern, type="REJECT", mode=None, refusal=True)
        current = doc[i]
        for _ in range(4):
            if current.dep_ not in ("xcomp", "ccomp", "conj") or current.head is current:
                break
            current = current.head
            outer = candidates.get(current.i)
            if outer is not None:
                if outer.type == "AGREE" and current.lemma_.lower() in c["vow_verbs"]:
                    del candidates[current.i]
                break


def _same_told(event: Event, other: Event) -> bool:
    """Two triggers of one sentence telling one event ("Putin and Karimov signed a treaty
    ..., committing the two countries to ..."): same type, date and modality, and the
    same actors (a person counted as the state they act for)."""
    if (event.type, event.date, event.modality) != (other.type, other.date, other.modality):
        return False

    def keys(e: Event) -> set[str]:
        return {a.code or a.state or a.name for a in e.actors if a.role in ("source", "target")}

    return bool(keys(event)) and keys(event) == keys(other)


def _nested(token: Any, triggers: dict[int, Pattern]) -> bool:
    """A trigger in the complement of another trigger ("agreed to defend ... and allow"). An
    accusation tells of the act it alleges: both are events ("accused the army of shelling
    the town": ACCUSE, and the shelling, reported)."""
    current, linked = token, False
    for _ in range(6):
        if current.dep_ in ("xcomp", "ccomp", "acl"):
            linked = True
        elif current.dep_ != "conj":
            return False
        current = current.head
        if linked and current.i in triggers:
            return triggers[current.i].type != "ACCUSE" or triggers[token.i].type == "ACCUSE"
    return False


def _taken(noun: Any, triggers: dict[int, Pattern]) -> bool:
    """Whether an event nominal is already a verb trigger's own word: its object, subject or
    the object of its preposition ("carried out airstrikes", "clashes erupted", "came under
    fire"), or the nominal a verb trigger stands for ("the attack, which killed ...")."""
    while noun.dep_ == "conj" and noun.head is not noun:
        noun = noun.head
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    pattern = triggers.get(head.i)
    if pattern is None or head.i == noun.i:
        return False
    return pattern.nominal is not None or noun.lemma_.lower() in pattern.object or \
        noun.lower_ in pattern.object or pattern.type == nominals().nouns.get(
            noun.lemma_.lower(), ("",))[0]


def _anti(token: Any) -> bool:
    """"anti-government", "anti-Mubarak": a modifier naming whom the event is against."""
    doc = token.doc
    return token.lower_.startswith("anti-") or (
        token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "anti")


def _nominal_roles(token: Any, ctx: _Doc, sentence: Any
                   ) -> tuple[list[Mention], list[Mention]]:
    """(sources, targets) of an event nominal standing alone: who does it in its own phrase
    ("NATO's airstrikes", "the government crackdown", "attacks by the army", "clashes
    between X and Y", "a march of millions"), whom it is done to ("on journalists",
    "against the regime")."""
    sources: list[Mention] = []
    targets: list[Mention] = []
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and _anti(child):
            targets.extend(_actors_of(child, ctx, sentence.start_char))  # "anti-government"
        elif child.dep_ in ("poss", "compound", "amod", "nmod"):
            sources.extend(_actors_of(child, ctx, sentence.start_char))
        elif child.dep_ in ("prep", "agent"):
            word = child.lower_
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                found = _actors_of(pobj, ctx, sentence.start_char)
                if not found and (agent := _agent_actor(pobj)) is not None:
                    found = [agent]
                if word == "of" and pobj.lemma_.lower() in nominals().crowds and \
                        nominals().nouns.get(token.lemma_.lower(), ("",))[0] == "PROTEST":
                    # "a march of millions": the crowd marches
                    found = [_crowd(ctx, f"{token.text} {word} {pobj.text}", sentence)]
                if word in ("by", "from", "between", "among") or (
                        word == "of" and nominals().nouns.get(token.lemma_.lower(), ("",))[0]
                        == "PROTEST"):
                    sources.extend(found)
                elif word in ("on", "against", "at", "into", "upon", "toward", "towards",
                              "with", "in", "of"):
                    targets.extend(m for m in found if m not in sources)
    return _unique(sources), _unique([_as_state(m) for m in targets])


def _event(token: Any, pattern: Pattern, sentence: Any, ctx: _Doc, triggers: set[int],
           text: str, published: str | None) -> list[Event]:
    """The event(s) a trigger makes: one per own date ("left the bloc first in 1999 and then
    in 2012" is two departures); none without an actor."""
    if pattern.nominal == "noun":
        subject, passive = None, False
    else:
        subject, passive = _subject(token)
    sources: list[Mention] = []
    if pattern.nominal == "noun":
        pass
    elif passive:
        agent = _agent_of(token)
        if agent is not None:
            sources.extend(_actors_of(agent, ctx, sentence.start_char))
    elif subject is not None:
        sources.extend(_actors_of(subject, ctx, sentence.start_char))
        if not sources and (agent := _agent_actor(subject)) is not None:
            sources.append(agent)
    targets: list[Mention] = []
    target_tokens = _targets(token, pattern, passive) if pattern.nominal != "noun" else []
    for t in target_tokens:
        targets.extend(m for m in _actors_of(t, ctx, sentence.start_char) if m not in sources)
    targets = [_as_state(m) for m in targets]
    if pattern.nominal == "noun":
        sources, targets = _nominal_roles(token, ctx, sentence)
        if not sources and not targets:
            return []  # "the fighting", "protests": no one named, no event
    elif pattern.nominal == "undergo":
        # "the port came under bombardment from forces loyal to X": X acts on the subject
        undergoer = [_as_state(m) for m in sources]
        nouns = [token] + [g for c in token.children if c.dep_ in ("prep", "dobj") for g in
                           ([c] if c.dep_ == "dobj" else
                            [x for x in c.children if x.dep_ == "pobj"])]
        sources = [m for n in nouns for c in n.children
                   if c.dep_ == "prep" and c.lower_ in ("from", "by")
                   for g in c.children if g.dep_ == "pobj"
                   for m in (_actors_of(g, ctx, sentence.start_char)
                             or [a for a in [_agent_actor(g)] if a is not None])]
        targets = [m for m in undergoer if m not in sources]
        if not sources and not targets:
            return []
    elif pattern.nominal == "subject" and not sources:
        # "clashes erupted between the army and rebels": the phrase may hang on the verb
        sources = [m for c in token.children if c.dep_ == "prep"
                   and c.lower_ in ("between", "among", "by")
                   for g in c.children if g.dep_ == "pobj"
                   for m in _actors_of(g, ctx, sentence.start_char)]
    if pattern.file == CAMEO_FILE and not pattern.specific and not pattern.object_kind \
            and not pattern.refusal and (
            not sources or not (targets or _typed_object(token, ctx))):
        # A bare CAMEO verb is an event of an actor on a target or a named thing ("Syria
        # shelled Lebanon", "arrived in Amman"), not any use of the word ("the price
        # jumped", "CNN has learned", "boosting sentiment").
        return []
    if pattern.object_kind:
        kinds = ACTOR_KINDS if pattern.object_kind == "actor" else (pattern.object_kind,)
        targets = [m for m in targets if m.kind in kinds] or targets
    if not targets and sources and not passive and pattern.type == "ASSAULT":
        targets = _attacked_state(target_tokens, ctx)
    if not targets and sources and not passive and pattern.type in _DEFAULT_TARGETS:
        targets = _default_target(pattern.type, sources, ctx)
    if pattern.foreign_target:
        # "flew to Ankara": a place is a destination too (its state the target).
        # A place of no known state ("in the city", a town the gazetteer lacks) tells of no
        # journey abroad: "has gone into hiding in the city" is no visit.
        places = [_as_state(m) for t in target_tokens
                  for m in _mentions_under(t, ctx)
                  if m.kind in ACTOR_KINDS or (m.kind == "place" and m.state)]
        abroad = _foreign(_unique([*targets, *places]), sources)
        if not abroad:
            return []  # "Putin flew home", "flew on to Moscow": no one visited
        targets = [m for m in abroad if m.kind in ACTOR_KINDS]
    if not sources and len(targets) >= 2 and pattern.type in _RECIPROCAL and passive:
        sources, targets = targets, []  # "Russia's alliance with Uzbekistan was forged"
    if not sources and token.dep_ == "pcomp" and token.head.head.i in triggers:
        # "accused the army of shelling Homs": the accused did what is alleged
        sources = [m for c in token.head.head.children if c.dep_ == "dobj"
                   for m in _actors_of(c, ctx, sentence.start_char)]
    if not sources and pattern.subject and subject is not None:
        # "thousands of protesters gathered": the crowd acts, known by its name only (and of
        # the article's state, as a role noun is: "thousands turned out" in a story of Egypt)
        name = " ".join(t.text for t in subject.subtree if not t.is_punct)
        if len(name) <= 60:
            sources = [_crowd(ctx, name, sentence)]
    if not sources and pattern.type == "PROTEST" and pattern.nominal == "subject" and \
            _sentence_state(ctx, sentence):
        # "protests took place in Italy", "protests continue in Egypt": no crowd named, the
        # people of the state the sentence names (against its government: _default_target).
        # Not a light verb's object ("a protest was held"): PLOVER's gold falls with it.
        sources = [_crowd(ctx, "protesters", sentence)]
    if not targets and sources and pattern.type == "PROTEST" and not any(
            m.kind == "state" for m in sources):
        targets = _default_target(pattern.type, sources, ctx)
    if not sources:
        subject_anaphoric = subject is not None and any(
            c.lower_ in ("the", "this", "that") for c in subject.children
        )
        if passive and subject_anaphoric and ctx.events and not targets:
            # "The deal was signed in the Russian capital on May 18": the story's actors.
            previous = ctx.events[-1]
            if ctx.offset + sentence.start_char - previous.evidence[0].end < 400:
                sources = _previous_actors(previous, ctx)
        # No one acts: no event, unless something was done to a named target ("X was
        # attacked", "Y was arrested"); a participle modifying a noun tells of an act only
        # with its "by" phrase ("the help provided to X" is no event of its own).
        if not sources and not (passive and targets and pattern.type not in _RECIPROCAL
                                and not _reduced_passive(token)):
            return []
    dates, timex_texts = _date_of(token, sentence, ctx, triggers)
    if not dates:
        context = _context_date(sentence, ctx)
        dates = [context] if context else []
    modality, reporter, _ = _modality(token, dates[0] if dates else None, ctx, timex_texts)
    if pattern.nominal == "object" and modality == "occurred" and \
            token.lemma_.lower() in cues()["planned_verbs"]:
        modality = "planned"  # "demonstrations are planned": the light verb plans the event
    if pattern.refusal and modality in ("negated", "planned", "reported"):
        modality, reporter = "occurred", None  # the refusal is the act, said or vowed
    if pattern.nominal == "subject" and modality in ("planned", "hypothetical"):
        return []  # "the talks would continue", "clashes could erupt": a forecast, no event
    if dates and ctx.sentence_dates.get(sentence.start_char) is None:
        ctx.sentence_dates[sentence.start_char] = dates[0]  # the story's date goes on
    if not dates and ctx.pub_interval is not None:
        dates = [_Dated(*ctx.pub_interval, ctx.precision, "", "article")]
    actors = [_actor(m, "source") for m in _unique(sources)]
    actors += [_actor(m, "target") for m in _unique(targets)
               if not any(a.name == m.name for a in actors)]
    if pattern.type in _RECIPROCAL and len(actors) >= 2 and not targets and not passive:
        # "Russia and Uzbekistan met / signed": each is the other's target (CAMEO's way)
        actors += [_actor(m, "target") for m in _unique(sources)]
    location = _location(token, ctx)
    timex_spans = [(t.start, t.end) for t in ctx.timexes
                   if sentence.start_char <= t.start < sentence.end_char]
    start = ctx.offset + sentence.start_char
    end = ctx.offset + sentence.end_char
    trigger = token.text + "".join(f" {c.text}" for c in token.children if c.dep_ == "prt")
    if pattern.object:
        obj = next((o for o in _object_tokens(token) if o.lemma_.lower() in pattern.object
                    or o.lower_ in pattern.object), None)
        if obj is not None:
            trigger = f"{trigger} {obj.text}"
    if pattern.nominal in ("object", "subject", "undergo"):
        noun = next((t for t in sentence if t.head.i == token.i or t.head.head.i == token.i
                     if t.i != token.i and _nominal_of(t) is not None), None)
        if noun is not None:
            trigger = f"{noun.text} {trigger}" if noun.i < token.i else f"{trigger} {noun.text}"
    if pattern.nominal == "noun":
        summary = _nominal_summary(token, [a for a in actors if a.role == "source"])
    else:
        summary = _summary(token, pattern, [a for a in actors if a.role == "source"],
                           [a for a in actors if a.role == "target"], timex_spans)
    out = []
    for n, dated in enumerate(dates or [None]):
        if dated is not None:
            date_value, date_end = date_fields(dated.start, dated.end, dated.precision)
            precision = dated.precision
        else:
            date_value, date_end, precision = None, None, "unknown"
        background = _background(token, dated, ctx, modality, sentence)
        out.append(Event(
            id=_event_id(ctx.article_id, ctx.offset + token.idx, f"{pattern.type}{n or ''}"),
            type=pattern.type, date=date_value, date_end=date_end, precision=precision,
            modality=modality, background=background,
            actors=[Actor(a.name, a.kind, a.code, a.role, a.state) for a in actors],
            location=location, summary=summary,
            evidence=[Evidence(ctx.article_id, ctx.origin, sentence.text.strip(), published,
                               start, end)],
            date_source=dated.source if dated else "none", trigger=trigger,
            trigger_start=ctx.offset + token.idx, reporter=reporter,
            date_text=dated.text if dated and dated.text else None,
            mode=pattern.mode, context=pattern.context,
        ))
    return out


def _typed_object(token: Any, ctx: _Doc) -> bool:
    """Whether a verb's object or prepositional object names something: a place, an actor,
    an event nominal or armed forces ("arrived in Amman", "shelled the barracks")."""
    forces = nominals().forces
    for obj in _object_tokens(token):
        if obj.lemma_.lower() in forces or _nominal_of(obj, weapons=True) is not None:
            return True
        if any(ctx.by_token.get(t.i) is not None for t in obj.subtree):
            return True
    return False


def _nominal_summary(token: Any, sources: list[Actor]) -> str:
    """The line of an event named by a noun: its actors, then its phrase ("NATO: airstrikes
    on Misrata")."""
    phrase = _phrase(token)
    names = _join([a.name for a in sources])
    return f"{names}: {phrase}" if names and names not in phrase else phrase


def _attacked_state(objects: list[Any], ctx: _Doc) -> list[Mention]:
    """The state a strike on a thing hits ("struck two compounds", "shelled the port of
    Misrata"): the state of a place its phrase names, else the article's state."""
    for token in objects:
        if token.pos_ != "NOUN" or token.lemma_.lower() in _TIME_NOUNS:
            continue
        places = [m for m in _mentions_under(token, ctx) if m.kind == "place" and m.state]
        state = places[0].state if places else ctx.main_state
        if state:
            name = gazetteer().state_name(state) or state
            return [Mention(token.text, -1, -1, "state", name, state, state)]
    return []


# Types whose target, when the sentence names none, is known from the story: an attack by
# an outside force or a rebel group hits the state the article is about ("NATO's airstrikes",
# "British warplanes attacked"); a protest is against the protesters' own government
# ("thousands of Italians took to the streets"), as CAMEO codes both.
_DEFAULT_TARGETS = frozenset(("ASSAULT", "PROTEST"))
_CROWD_AGENT = "OPP"  # Phoenix's agent code of protesters
# Agent codes of a state's own government and forces: their attack is not on their state.
_STATE_AGENTS = frozenset(("", "GOV", "MIL", "COP", "SPY"))


def _sentence_state(ctx: _Doc, sentence: Any) -> str | None:
    """The one state a sentence names (as a state or by a place of it), else None."""
    named = {m.code if m.kind == "state" else m.state for m in ctx.mentions
             if sentence.start_char <= m.start < sentence.end_char
             and m.kind in ("state", "place")} - {None}
    return named.pop() if len(named) == 1 else None


def _crowd(ctx: _Doc, name: str, sentence: Any) -> Mention:
    """A crowd known by its words only ("thousands", "a march of millions"): protesters
    (Phoenix's OPP agent) of the one state its sentence names ("the scenes in Egypt"), else
    of the article's state when it has one."""
    main = _sentence_state(ctx, sentence) or ctx.main_state
    return Mention(name, -1, -1, "organisation", name, f"{main}{_CROWD_AGENT}" if main else None,
                   main)


def _state_mention(state: str) -> Mention:
    name = gazetteer().state_name(state) or state
    return Mention(name, -1, -1, "state", name, state, state)


def _default_target(kind: str, sources: list[Mention], ctx: _Doc) -> list[Mention]:
    """The target of an ASSAULT or a PROTEST the sentence leaves unnamed (see
    ``_DEFAULT_TARGETS``); none when the sources do not tell it."""
    states = [m.code if m.kind == "state" else m.state for m in sources]
    if kind == "PROTEST":
        known = [s for s in states if s]
        if len(set(known)) != 1:
            return []
        name = gazetteer().state_name(known[0]) or known[0]
        return [Mention(name, -1, -1, "state", f"Government of {name}", known[0], known[0])]
    main = ctx.main_state
    if not main:
        return []
    for mention, state in zip(sources, states, strict=True):
        code = mention.code or ""
        if state == main and (mention.kind in ("state", "person")
                              or code[3:] in _STATE_AGENTS):
            return []  # the state's own forces: whom they hit is not the state
    return [_state_mention(main)]


def _as_state(mention: Mention) -> Mention:
    """A capital as a target is its state ("a visit to Moscow" is a visit to Russia)."""
    if mention.kind == "place" and mention.state:
        name = gazetteer().state_name(mention.state) or mention.state
        return Mention(mention.text, mention.start, mention.end, "state", name, mention.state,
                       mention.state)
    return mention

def _unique(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        key = (m.kind, m.name)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _context_date(sentence: Any, ctx: _Doc) -> _Dated | None:
    """The date of the story so far: the date of one of the two sentences before this one,
    not across a blank line (a sentence that continues the story shares its date)."""
    rank = ctx.sentence_rank.get(sentence.start_char, 0)
    previous = sorted((s for s in ctx.sentence_dates if s < sentence.start_char), reverse=True)
    for start in previous[:2]:
        if _paragraph_break(ctx.text[start : sentence.start_char]):
            return None
        found = ctx.sentence_dates[start]
        if found is not None and rank - ctx.sentence_rank.get(start, 0) <= 2:
            return _Dated(found.start, found.end, found.precision, found.text, "context")
    return None


def _background(token: Any, dated: _Dated | None, ctx: _Doc, modality: str, sentence: Any
                ) -> bool:
    if modality == "planned":
        return False
    words = cues()["background_words"]
    if any(c.lower_ in words and c.dep_ == "advmod" for c in token.children):
        return True
    if any(c.lower_ == "had" and c.dep_ == "aux" for c in token.children) and token.tag_ == "VBN":
        return True
    if ctx.pub_interval is None:
        return False
    if dated is None or dated.source == "article":
        # "Two times Uzbekistan joined the CSTO, but each time left the bloc - first in 1999":
        # an undated event told beside old dates is history too.
        old = [t for t in ctx.timexes if sentence.start_char <= t.start < sentence.end_char
               and t.type == "DATE" and t.interval_end is not None]
        return bool(old) and all(
            (ctx.pub_interval[0] - t.interval_end).days > BACKGROUND_DAYS for t in old)
    return (ctx.pub_interval[0] - dated.end).days > BACKGROUND_DAYS


def prepare(doc: Any, offset: int, published: dt.date | None, precision: str,
            article_id: str | None, origin: str | None,
            mentions: list[Mention] | None = None) -> _Doc:
    """The shared state of one parsed piece: entities, time expressions and their verbs."""
    from dossier.timex import find_timexes

    text = doc_text(doc)
    mentions = find_entities(doc, when=published) if mentions is None else mentions
    timexes = find_timexes(text, published, anchor_precision=precision, doc=doc)
    ctx = _Doc(doc, text, offset, mentions, _token_map(doc, mentions), timexes,
               _timex_governors(doc, timexes), published, precision,
               published_interval(published, precision), article_id, origin)
    ctx.main_state = main_state(text, mentions)
    for rank, sentence in enumerate(doc.sents):
        ctx.sentence_rank[sentence.start_char] = rank
        dated = [t for t in timexes if sentence.start_char <= t.start < sentence.end_char
                 and t.type in ("DATE", "TIME") and t.interval_start
                 and _occurrence(text, t)]
        ctx.sentence_dates[sentence.start_char] = (
            _Dated(dated[0].interval_start, dated[0].interval_end, dated[0].precision,
                   dated[0].text, "sentence") if dated else None)
    return ctx


def parsed_pieces(text: str, doc: Any = None) -> Iterator[tuple[int, Any]]:
    """(offset, Doc) pieces of a text: one Doc, or chunks of sentences for long texts."""
    from dossier.nlp.pipeline import of_text, parse, parse_chunks

    if doc is not None:
        yield 0, of_text(doc, text)
    elif len(text) <= CHUNK_CHARS:
        yield 0, of_text(parse(text), text)
    else:
        yield from parse_chunks(text, CHUNK_CHARS)  # doc_text() makes each chunk's text once


def extract_events(
    text: str,
    *,
    published: dt.date | None,
    precision: str,
    article_id: str | None = None,
    origin: str | None = None,
    doc: Any = None,
) -> list[Event]:
    """The events of one article, in text order; [] for a text that is not English.

    published / precision: the article's date and how much of it is known ("day", "month",
    "year", "unknown"); relative expressions resolve against it and an event with no date
    of its own gets it, marked ``date_source="article"``. doc: a spaCy Doc of ``text`` to
    reuse (texts over CHUNK_CHARS are otherwise parsed in chunks of sentences)."""
    from dossier.events import analyse  # one parse loop for events, claims and entities

    return analyse(text, published=published, precision=precision, article_id=article_id,
                   origin=origin, doc=doc).events
