"""Groups named by a role noun as actors: "Libyan rebels", "Gadhafi's forces", "the police".

CAMEO codes a group by its state and an agent code (LBYREB: Libya's rebels; SYRMIL: Syria's
military). The role nouns and their agent codes come from the Phoenix agents dictionary
(dossier/data/gazetteer/phoenix/agents.jsonl, made by ``dossier.nlp.phoenix``) and the few
words it lacks (``[words]`` of dossier/data/gazetteer/cameo_agents.toml). This module

- ``agent_code(words)``: the agent code of the longest role phrase a noun phrase ends with
  ("security forces" → COP, "troops" → MIL);
- ``main_state(text, mentions)``: the state an article is about (its dateline's country counts
  twice, then every state, person, place or body named with a state), the state of a group
  whose phrase names none ("the rebels", "protesters");
- ``group_mention(token, by_token, main)``: the actor a parsed noun phrase headed by a role
  noun stands for, its state from the phrase ("Syrian troops", "Gadhafi's forces", "forces
  loyal to Gadhafi", "rebels in Brega"), else the article's main state. A government is its
  state ("the Libyan government" acts as Libya); any other group is an organisation with the
  code state + agent ("LBYREB", state "LBY").
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from dossier.errors import DataFileError
from dossier.resources import jsonl_records, load_toml

#: Agent codes for which the group is its state acting ("the government", "officials").
STATE_AGENTS = frozenset(("GOV",))
#: The longest role phrase looked up, in words.
_MAX_WORDS = 4
# Role nouns plural without an s ("the police fire", "people flee").
_PLURAL_NOUNS = frozenset(("police", "people", "men", "women", "children", "gunmen",
                           "militiamen", "policemen", "clergy"))
# Links inside a noun phrase that do not name the group itself.
_CLAUSES = frozenset(("relcl", "acl", "advcl", "ccomp", "parataxis", "conj", "cc", "appos",
                      "punct"))


@cache
def agent_words() -> dict[str, str]:
    """Lower-case role phrases (singular and plural) → CAMEO agent code."""
    table: dict[str, str] = {}
    for number, record in jsonl_records("gazetteer/phoenix/agents.jsonl"):
        try:
            if record.get("prefix"):
                continue  # a phrase that opens a longer name ("observers in"), not a group
            for phrase in (record["phrase"], *record.get("plurals", ())):
                table.setdefault(phrase.lower(), record["code"])
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise DataFileError(
                f"dossier/data/gazetteer/phoenix/agents.jsonl line {number}: {error}") from error
    for phrase, code in load_toml("gazetteer/cameo_agents.toml").get("words", {}).items():
        table.setdefault(phrase.lower(), code)
    return table


@cache
def ministry_codes() -> frozenset[str]:
    """Codes of the state bodies of ministries.toml ("GOV", "MOD"): a body of a state, not
    an actor of its own."""
    return frozenset(r["code"] for r in load_toml("gazetteer/ministries.toml").get("ministry", []))


def with_state(mention: Any, main: str | None, state_name: Any = None) -> Any:
    """A state body named with no state ("the government", "the defence ministry") as the
    body of the article's main state; any other mention as it is."""
    from dossier.nlp.entities import Mention

    if mention.kind != "organisation" or mention.state or not main or \
            mention.code not in ministry_codes():
        return mention
    name = (state_name(main) if state_name else None) or main
    return Mention(mention.text, mention.start, mention.end, mention.kind,
                   f"{mention.name} of {name}", mention.code, main, mention.role)


def plural(name: str) -> bool:
    """Whether a group's name ends with a plural common noun ("Libyan rebels", "the police");
    a name ("United Nations") is one body."""
    words = name.split()
    if not words or not words[-1].islower():
        return False
    last = words[-1]
    return last in _PLURAL_NOUNS or (last.endswith("s") and not last.endswith(("ss", "us",
                                                                               "is")))


def agent_code(words: list[str]) -> str | None:
    """The agent code of the longest role phrase ``words`` end with, else None."""
    table = agent_words()
    words = [w.lower() for w in words]
    for n in range(min(len(words), _MAX_WORDS), 0, -1):
        code = table.get(" ".join(words[-n:]))
        if code is not None:
            return code
    return None


def mention_state(mention: Any) -> str | None:
    """The state a mention names or belongs to."""
    return mention.code if mention.kind == "state" else mention.state


def main_state(text: str, mentions: list[Any]) -> str | None:
    """The state an article is about: its dateline's country (counted twice) and the states
    of what it names; the first named wins a tie; None when it names none."""
    from dossier.nlp.actors import datelines
    from dossier.nlp.gazetteer import gazetteer

    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    g = gazetteer()
    for start, end in datelines(text):
        for word in text[start:end].replace(",", " ").split():
            entry = g.terms.get(word.title())
            state = (entry.code if entry.kind in ("state", "demonym") else entry.state) \
                if entry else None
            if state:
                counts[state] += 2
                first.setdefault(state, start)
                break
    for mention in mentions:
        state = mention_state(mention)
        if state and state.isalpha() and len(state) == 3:
            counts[state] += 1
            first.setdefault(state, mention.start)
    if not counts:
        return None
    return max(counts, key=lambda s: (counts[s], -first[s]))


def _phrase_start(token: Any) -> int:
    """The first word of the modifiers written just before a noun ("riot police")."""
    start = token.i
    while start > token.sent.start and token.doc[start - 1].head.i == token.i and \
            token.doc[start - 1].dep_ in ("amod", "compound", "nmod"):
        start -= 1
    return start


def _role_of(token: Any) -> str | None:
    """The agent code of a noun phrase headed by ``token``: its role phrase ("security
    forces", "troops"), else a role word modifying a common noun ("rebel positions")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t.text for t in token.doc[_phrase_start(token):token.i + 1]]
    code = agent_code(words)
    if code is None and token.pos_ == "NOUN":
        for child in token.children:
            # a compound, not an adjective: "rebel positions", not "military exercises"
            if child.dep_ == "compound" and child.i < token.i and child.text.islower():
                code = agent_code([child.text])
                if code is not None:
                    break
    return code


def _phrase_mentions(token: Any, by_token: dict[int, Any]) -> list[tuple[Any, str]]:
    """The mentions of a noun phrase outside its clauses and coordinated phrases, each with
    the link that attaches its first word under the head."""
    out: list[tuple[Any, str]] = []
    stack = [(child, child.dep_) for child in token.children if child.dep_ not in _CLAUSES]
    while stack:
        t, link = stack.pop()
        mention = by_token.get(t.i)
        if mention is not None and all(mention is not m for m, _ in out):
            out.append((mention, link))
        stack.extend((c, link) for c in t.children if c.dep_ not in _CLAUSES)
    # the words before the head first ("US commander in Iraq" is a US one), in text order
    out.sort(key=lambda x: (x[0].start > token.idx, x[0].start))
    return out


def group_mention(token: Any, by_token: dict[int, Any], main: str | None,
                  state_name: Any = None) -> Any | None:
    """The actor a noun phrase headed by a role noun stands for (see the module's docstring);
    None when the head is not a role noun, is itself a name ("the Free Syrian Army"), or the
    phrase names a body or a person in apposition ("NATO warplanes", "the president, X"),
    which act themselves."""
    from dossier.nlp.entities import Mention

    own = by_token.get(token.i)
    if own is not None and (own.kind != "organisation" or own.code or own.state):
        return None  # a name, not spaCy's guess at "the Army"
    agent = _role_of(token)
    if agent is None:
        return None
    state = None
    for mention, link in _phrase_mentions(token, by_token):
        if (mention.kind == "organisation" and mention.code
                and mention.code not in ministry_codes()) or (
                mention.kind == "person" and link == "appos"):
            return None  # "NATO warplanes", "the president, X": the named actor acts
        state = state or mention_state(mention)
    doc = token.doc
    if state is None and any(
            t.text[:1].isupper() and t.pos_ in ("ADJ", "PROPN")
            and not (t.i in by_token and mention_state(by_token[t.i]))
            for t in doc[token.left_edge.i:token.i]):
        main = None  # "Western human rights groups": of a region, not the article's state
    state = state or main
    start = _phrase_start(token)
    while start > token.sent.start and doc[start - 1].head.i == token.i and \
            doc[start - 1].dep_ in ("poss", "case", "det", "amod", "compound", "nummod"):
        start -= 1  # "Gadhafi 's forces", "the two rebel groups"
    words = doc[start:token.i + 1]
    if words[0].lower_ in ("the", "a", "an", "some", "these", "those"):
        words = words[1:]
    surface = words.text
    span = (doc[start].idx, token.idx + len(token.text))
    if state and agent in STATE_AGENTS:
        name = (state_name(state) if state_name else None) or state
        return Mention(surface, *span, "state", name, state, state)
    code = f"{state}{agent}" if state else None
    return Mention(surface, *span, "organisation", surface, code, state)
