"""The event lexicon and the modality cues (dossier/data/events/cues.toml), loaded once; a bad
line fails naming the file and line.

The lexicon has two files: plover_verbs.jsonl, checked by hand, and cameo_verbs.jsonl, the
CAMEO verb patterns of PETRARCH-2 mapped to PLOVER (scripts/convert_cameo_verbs.py). The
hand-checked patterns win: of a lemma the hand file knows, its patterns with an object or a
preposition come first, then the CAMEO patterns with one ("attack" + "veto" is an accusation),
then the hand file's general patterns; the CAMEO file's bare verb is left out (the hand file
says when such a verb is an event: "press" an actor, not a button). A bare CAMEO verb that is
a cue word (a verb of saying, planning, avoiding or denying: "add", "claim") is left out too:
its clause is a claim or a modality, not an event. So is the bare form of a verb whose CAMEO
patterns split across PLOVER types with no type holding half of them ("face": CONSULT,
AGREE, ACCUSE...; "benefit", "allow", "serve"): the dictionary itself says the verb alone
does not tell what happened, only its patterns with an object or a preposition do.

Event nominals (nominals.toml: "bombardment", "clashes", "a crackdown") add patterns of their
own: a light verb with one as its object ("carried out airstrikes"), a verb of happening with
one as its subject ("clashes erupted"), a verb of undergoing ("came under bombardment"), each
typed by its nominal when matched; they come after the hand file's patterns and before the
CAMEO file's. So do the crowd patterns ("protesters gathered", "took to the streets").
A CAMEO visit pattern of a verb of motion (cues.toml ``motion_verbs``: "go to", "head for")
needs a target abroad, as the hand file's "travel" does. Senses a CAMEO verb inherits from its
block of near-synonyms but does not have ("flee" as reducing relations, "catch" as arresting)
are left out or narrowed by senses.toml, each with its reason (``apply_senses``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from dossier.errors import DataFileError
from dossier.events.model import EVENT_TYPES
from dossier.resources import jsonl_records, load_toml

VERBS_FILE = "events/plover_verbs.jsonl"
CAMEO_FILE = "events/cameo_verbs.jsonl"
_MAJORITY = 0.5  # the share of a verb's CAMEO patterns its main type needs for its bare form
_KEYS = {"lemma", "type", "object", "prep", "object_kind", "target", "mode", "not_object",
         "not_prep", "transitive", "foreign_target", "subject"}
NOMINALS_FILE = "events/nominals.toml"
SENSES_FILE = "events/senses.toml"
_SENSE_KEYS = {"lemma", "reason", "types", "cameo", "preps", "bare", "object_kind"}
#: The CAMEO file's own keys: its CAMEO code, PLOVER context and line of the source file.
_CAMEO_KEYS = _KEYS | {"cameo", "context", "source"}
#: Cue lists whose verbs are no bare CAMEO event ("add", "claim": said, not done).
_CUE_VERBS = ("speech_verbs", "planned_verbs", "avoidance_verbs", "denial_verbs")
#: object_kind "actor": any of these kinds of mention.
ACTOR_KINDS = ("state", "organisation", "person")


@dataclass(frozen=True)
class Pattern:
    """A verb, or a verb with a particle or object ("pull out", "hold talks"), and its type.

    The first pattern of a lemma whose conditions all hold is the trigger's; a lemma none of
    whose patterns hold is no trigger. Conditions (each optional):

    - ``object``: one of the verb's objects (direct, prepositional, passive subject) has one
      of these lemmas ("hold" + "talks");
    - ``prep``: the verb has this particle or preposition ("call for", "pull out");
    - ``object_kind``: an object names an actor of this kind ("state", "organisation",
      "person", or "actor" for any of them: "press Russia", not "press a button");
    - ``not_object``: no object has one of these lemmas ("meet" a partner, not "meet demand");
    - ``not_prep``: the verb has none of these particles or prepositions ("value" an ally, not
      "value the deal at $1bn");
    - ``transitive``: true, the verb has a direct object (or a passive subject): "seek help",
      not "seek to show"; false, it has none;
    - ``foreign_target``: the event needs a target of another state than its sources' (a
      journey home is no visit: "flew on to Moscow" said of Putin);
    - ``subject``: the verb's subject has one of these lemmas ("protesters gathered");
    - ``nominal``: the event is named by a noun of nominals.toml, typed by it when matched:
      "object" (the verb's object: "launched an offensive"), "subject" ("clashes erupted"),
      "undergo" (the object of the verb's preposition; the subject undergoes it: "came under
      fire"), "noun" (the noun alone is the trigger: "NATO's airstrikes").
    ``refusal``: set by the extractor on a negated CONCEDE made a REJECT ("will not step
    down", "vowed not to surrender"): the refusal is the act, not a negated concession.

    ``target``: where the target comes from, in order (dependency labels or prepositions).
    ``mode``, ``context``: PLOVER's mode and context where known; ``cameo``: the CAMEO code of
    a pattern from the CAMEO file; ``file`` and ``line``: where the pattern is written."""

    lemma: str
    type: str
    object: frozenset[str] = frozenset()
    prep: str | None = None
    object_kind: str | None = None
    target: tuple[str, ...] = ()
    mode: str | None = None
    not_object: frozenset[str] = frozenset()
    not_prep: frozenset[str] = frozenset()
    transitive: bool | None = None
    foreign_target: bool = False
    line: int = 0
    cameo: str | None = None
    context: str | None = None
    file: str = VERBS_FILE
    subject: frozenset[str] = frozenset()
    nominal: str | None = None
    refusal: bool = False  # a negated concession read as a refusal ("will not step down")

    @property
    def specific(self) -> bool:
        """Whether the pattern needs an object or a preposition (not the verb alone)."""
        return bool(self.object or self.prep)


@cache
def verb_patterns() -> dict[str, tuple[Pattern, ...]]:
    """lemma -> its patterns, in the order they are tried (see the module's docstring)."""
    hand = _read_patterns(VERBS_FILE, _KEYS)
    cameo = apply_senses(_read_patterns(CAMEO_FILE, _CAMEO_KEYS), senses())
    said = frozenset().union(*(cues()[name] for name in _CUE_VERBS))
    nominal = _nominal_patterns()
    motion = cues()["motion_verbs"]
    out = {}
    for lemma in hand.keys() | cameo.keys() | nominal.keys():
        own, extra = hand.get(lemma, []), cameo.get(lemma, [])
        if own or lemma in said or _polysemous(extra):
            extra = [p for p in extra if p.specific]
        if lemma in motion:  # a journey is a visit only abroad (cues.toml motion_verbs)
            extra = [replace(p, foreign_target=True) if p.type == "CONSULT" else p
                     for p in extra]
        out[lemma] = (*own, *nominal.get(lemma, []), *extra)
    return out


@dataclass(frozen=True)
class Sense:
    """One entry of senses.toml: which CAMEO patterns of a lemma it selects, and whether it
    drops them or adds a condition (``object_kind``) to them."""

    lemma: str
    action: str  # "drop" or "restrict"
    reason: str
    types: frozenset[str] = frozenset()
    cameo: tuple[str, ...] = ()
    preps: frozenset[str] | None = None  # "" stands for no preposition
    bare: bool | None = None
    object_kind: str | None = None

    def selects(self, pattern: Pattern) -> bool:
        if pattern.lemma != self.lemma:
            return False
        if self.types and pattern.type not in self.types:
            return False
        if self.cameo and not (pattern.cameo or "").startswith(self.cameo):
            return False
        if self.preps is not None and (pattern.prep or "") not in self.preps:
            return False
        return self.bare is None or self.bare == (not pattern.object)


@cache
def senses() -> tuple[Sense, ...]:
    """senses.toml, read and checked: every entry has a lemma and a reason."""
    data = load_toml(SENSES_FILE)
    out = []
    for action in ("drop", "restrict"):
        for n, entry in enumerate(data.get(action, ()), 1):
            where = f"dossier/data/{SENSES_FILE}: {action} #{n}"
            unknown = set(entry) - _SENSE_KEYS
            if unknown:
                raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
            if not entry.get("lemma") or not str(entry.get("reason", "")).strip():
                raise DataFileError(f"{where}: needs a lemma and a reason")
            if set(entry.get("types", ())) - set(EVENT_TYPES):
                raise DataFileError(f"{where}: unknown type in {entry['types']}")
            kind = entry.get("object_kind")
            if (action == "restrict") != (kind is not None) or (
                    kind is not None and kind not in (*ACTOR_KINDS, "actor")):
                raise DataFileError(f"{where}: a restrict entry, and only it, has an "
                                    "object_kind (state, organisation, person or actor)")
            preps = entry.get("preps")
            out.append(Sense(
                lemma=entry["lemma"], action=action, reason=entry["reason"].strip(),
                types=frozenset(entry.get("types", ())), cameo=tuple(entry.get("cameo", ())),
                preps=None if preps is None else frozenset(preps), bare=entry.get("bare"),
                object_kind=kind))
    return tuple(out)


def apply_senses(patterns: dict[str, list[Pattern]],
                 entries: tuple[Sense, ...]) -> dict[str, list[Pattern]]:
    """The CAMEO patterns with the senses of senses.toml dropped or narrowed (the first entry
    that selects a pattern decides)."""
    by_lemma: dict[str, list[Sense]] = {}
    for entry in entries:
        by_lemma.setdefault(entry.lemma, []).append(entry)
    out = {}
    for lemma, found in patterns.items():
        kept = []
        for pattern in found:
            entry = next((e for e in by_lemma.get(lemma, ()) if e.selects(pattern)), None)
            if entry is None:
                kept.append(pattern)
            elif entry.action == "restrict":
                kept.append(replace(pattern, object_kind=entry.object_kind))
        if kept:
            out[lemma] = kept
    return out


def _polysemous(patterns: list[Pattern]) -> bool:
    """No PLOVER type holds half of a verb's CAMEO patterns."""
    if not patterns:
        return False
    counts: dict[str, int] = {}
    for pattern in patterns:
        counts[pattern.type] = counts.get(pattern.type, 0) + 1
    return max(counts.values()) < _MAJORITY * len(patterns)


@dataclass(frozen=True)
class Nominals:
    """nominals.toml, read: noun (or "modifier noun") -> (type, mode); the nouns of armed
    forces; the verbs and patterns built from it."""

    nouns: dict[str, tuple[str, str | None]]
    forces: frozenset[str]
    weapons: frozenset[str]
    crowds: frozenset[str] = frozenset()  # "thousands", "protesters": who gathers


@cache
def nominals() -> Nominals:
    """The event nominals and the nouns of armed forces (nominals.toml)."""
    data = load_toml(NOMINALS_FILE)
    modes = data.get("modes", {})
    nouns: dict[str, tuple[str, str | None]] = {}
    for kind, group in data.get("types", {}).items():
        if kind not in EVENT_TYPES:
            raise DataFileError(f"dossier/data/{NOMINALS_FILE}: unknown type {kind!r}")
        for noun in group.get("nouns", ()):
            if noun in nouns:
                raise DataFileError(f"dossier/data/{NOMINALS_FILE}: {noun!r} twice")
            nouns[noun] = (kind, modes.get(noun))
    return Nominals(nouns, frozenset(data.get("forces", ())),
                    frozenset(data.get("weapons", ())), frozenset(data.get("crowds", ())))


def _nominal_patterns() -> dict[str, list[Pattern]]:
    """lemma -> the patterns nominals.toml makes of it (see the module's docstring)."""
    data = load_toml(NOMINALS_FILE)
    out: dict[str, list[Pattern]] = {}

    def add(phrase: str, nominal: str | None, **conditions: Any) -> None:
        verb, _, rest = phrase.partition(" ")
        if rest and nominal == "subject" and " " not in rest and not _is_particle(rest):
            conditions["object"] = frozenset((rest,))  # "take place"
        elif rest:
            conditions["prep"] = rest
        out.setdefault(verb, []).append(Pattern(
            lemma=verb, type=conditions.pop("type", "ASSAULT"), nominal=nominal,
            file=NOMINALS_FILE, **conditions))

    crowds = frozenset(data.get("crowds", ()))
    for verb in data.get("crowd_verbs", ()):
        add(verb, None, type="PROTEST", mode="demo", subject=crowds, transitive=False)
    for verb in (*data.get("crowd_verbs", ()), "take", "spill", "return", "head"):
        for prep in ("to", "into", "onto", "in", "on"):
            add(f"{verb.split()[0]} {prep}", None, type="PROTEST", mode="demo",
                object=frozenset(data.get("crowd_places", ())))
    for verb in data.get("light_verbs", ()):
        add(verb, "object")
    for verb in data.get("happen_verbs", ()):
        add(verb, "subject")
    for verb in data.get("undergo_verbs", ()):
        add(verb, "undergo")
    return out


def _is_particle(word: str) -> bool:
    return word in ("out", "up", "down", "off", "on", "in", "over", "under", "into", "to")


def _read_patterns(name: str, keys: set[str]) -> dict[str, list[Pattern]]:
    """lemma -> its patterns in one file, in file order."""
    out: dict[str, list[Pattern]] = {}
    for number, record in jsonl_records(name):
        where = f"dossier/data/{name} line {number}"
        if not isinstance(record, dict) or not record.get("lemma") or not record.get("type"):
            raise DataFileError(f"{where}: needs lemma and type")
        if record["type"] not in EVENT_TYPES:
            raise DataFileError(f"{where}: unknown type {record['type']!r}")
        unknown = set(record) - keys
        if unknown:
            raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
        if record.get("transitive") not in (None, True, False) or record.get(
            "foreign_target"
        ) not in (None, True, False):
            raise DataFileError(f"{where}: transitive and foreign_target are true or false")
        pattern = Pattern(
            lemma=record["lemma"], type=record["type"],
            object=frozenset(record.get("object", ())), prep=record.get("prep"),
            object_kind=record.get("object_kind"), target=tuple(record.get("target", ())),
            mode=record.get("mode"), not_object=frozenset(record.get("not_object", ())),
            not_prep=frozenset(record.get("not_prep", ())),
            transitive=record.get("transitive"),
            foreign_target=bool(record.get("foreign_target")), line=number,
            cameo=record.get("cameo"), context=record.get("context"), file=name,
            subject=frozenset(record.get("subject", ())),
        )
        out.setdefault(pattern.lemma, []).append(pattern)
    return out


@cache
def cues() -> dict[str, frozenset[str]]:
    """Modality and claim cue words, each list as a frozenset."""
    return {key: frozenset(value) for key, value in load_toml("events/cues.toml").items()}
