"""The event lexicon (dossier/data/events/plover_verbs.jsonl) and the modality cues
(dossier/data/events/cues.toml), loaded once; a bad line fails naming the file and line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.errors import DataFileError
from dossier.events.model import EVENT_TYPES
from dossier.resources import data_path, load_toml

VERBS_FILE = "events/plover_verbs.jsonl"
_KEYS = {"lemma", "type", "object", "prep", "object_kind", "target", "mode"}


@dataclass(frozen=True)
class Pattern:
    """A verb, or a verb with a particle or object ("pull out", "hold talks"), and its type.

    ``target``: where the target comes from, in order (dependency labels or prepositions)."""

    lemma: str
    type: str
    object: frozenset[str] = frozenset()
    prep: str | None = None
    object_kind: str | None = None
    target: tuple[str, ...] = ()
    mode: str | None = None
    line: int = 0


@cache
def verb_patterns() -> dict[str, tuple[Pattern, ...]]:
    """lemma -> its patterns, most specific first (as written in the file)."""
    path = data_path(VERBS_FILE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataFileError(f"dossier/data/{VERBS_FILE}: {error}") from error
    out: dict[str, list[Pattern]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"dossier/data/{VERBS_FILE} line {number}: {error}") from error
        where = f"dossier/data/{VERBS_FILE} line {number}"
        if not isinstance(record, dict) or not record.get("lemma") or not record.get("type"):
            raise DataFileError(f"{where}: needs lemma and type")
        if record["type"] not in EVENT_TYPES:
            raise DataFileError(f"{where}: unknown type {record['type']!r}")
        unknown = set(record) - _KEYS
        if unknown:
            raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
        pattern = Pattern(
            lemma=record["lemma"], type=record["type"],
            object=frozenset(record.get("object", ())), prep=record.get("prep"),
            object_kind=record.get("object_kind"), target=tuple(record.get("target", ())),
            mode=record.get("mode"), line=number,
        )
        out.setdefault(pattern.lemma, []).append(pattern)
    return {lemma: tuple(patterns) for lemma, patterns in out.items()}


@cache
def cues() -> dict[str, frozenset[str]]:
    """Modality and claim cue words, each list as a frozenset."""
    return {key: frozenset(value) for key, value in load_toml("events/cues.toml").items()}
