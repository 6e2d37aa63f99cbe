"""The event lexicon and the modality cues (dossier/data/events/cues.toml), loaded once; a bad
line fails naming the file and line.

The lexicon has two files: plover_verbs.jsonl, checked by hand, and cameo_verbs.jsonl, the
CAMEO verb patterns of PETRARCH-2 mapped to PLOVER (scripts/convert_cameo_verbs.py). The
hand-checked patterns win: of a lemma the hand file knows, its patterns with an object or a
preposition come first, then the CAMEO patterns with one ("attack" + "veto" is an accusation),
then the hand file's general patterns; the CAMEO file's bare verb is left out (the hand file
says when such a verb is an event: "press" an actor, not a button). A bare CAMEO verb that is
a cue word (a verb of saying, planning, avoiding or denying: "add", "claim") is left out too:
its clause is a claim or a modality, not an event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.errors import DataFileError
from dossier.events.model import EVENT_TYPES
from dossier.resources import data_path, load_toml

VERBS_FILE = "events/plover_verbs.jsonl"
CAMEO_FILE = "events/cameo_verbs.jsonl"
_KEYS = {"lemma", "type", "object", "prep", "object_kind", "target", "mode", "not_object",
         "not_prep", "transitive", "foreign_target"}
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
      journey home is no visit: "flew on to Moscow" said of Putin).

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

    @property
    def specific(self) -> bool:
        """Whether the pattern needs an object or a preposition (not the verb alone)."""
        return bool(self.object or self.prep)


@cache
def verb_patterns() -> dict[str, tuple[Pattern, ...]]:
    """lemma -> its patterns, in the order they are tried (see the module's docstring)."""
    hand = _read_patterns(VERBS_FILE, _KEYS)
    cameo = _read_patterns(CAMEO_FILE, _CAMEO_KEYS)
    said = frozenset().union(*(cues()[name] for name in _CUE_VERBS))
    out = {}
    for lemma in hand.keys() | cameo.keys():
        own, extra = hand.get(lemma, []), cameo.get(lemma, [])
        if own or lemma in said:
            extra = [p for p in extra if p.specific]
        out[lemma] = (*own, *extra)
    return out


def _read_patterns(name: str, keys: set[str]) -> dict[str, list[Pattern]]:
    """lemma -> its patterns in one file, in file order."""
    path = data_path(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataFileError(f"dossier/data/{name}: {error}") from error
    out: dict[str, list[Pattern]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"dossier/data/{name} line {number}: {error}") from error
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
        )
        out.setdefault(pattern.lemma, []).append(pattern)
    return out


@cache
def cues() -> dict[str, frozenset[str]]:
    """Modality and claim cue words, each list as a frozenset."""
    return {key: frozenset(value) for key, value in load_toml("events/cues.toml").items()}
