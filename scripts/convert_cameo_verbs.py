"""Convert PETRARCH-2's CAMEO verb patterns into Dossier's event lexicon data.

    python scripts/convert_cameo_verbs.py [--verbs PATH] [--crosswalk PATH] [--out PATH]

Reads ``CAMEO.verbpatterns.150430.txt`` (openeventdata/petrarch2, MIT; the format is in its
``dictionaries.rst``) and ``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, CC BY-SA 4.0) and
writes ``dossier/data/events/cameo_verbs.jsonl``: one pattern a line, in the keys of
``plover_verbs.jsonl`` (lemma, prep, object, object_kind, not_object, not_prep, type, mode)
plus ``cameo`` (the CAMEO code), ``context`` (the crosswalk's PLOVER context) and ``source``
(the line of the verb file it came from).

What is kept, per verb block (``--- NAME [CODE] ---``, its verbs, then its patterns, which
hold for every verb of the block):

- a verb alone, with its own ``[code]`` or the block's: ``SHELL`` in ``SHELL [190]``;
- a verb with a particle or object of its own: ``+SHOOT_DOWN`` (shoot + down),
  ``+WAGE_WAR`` (wage + war);
- a pattern after the verb of at most a particle or preposition and one noun (or a synset of
  nouns, ``&WEAPON``): ``- * AIRSPACE [172]`` (close + airspace), ``- * DOWN [110]`` (vote
  down), ``- * WITH + [..]``; ``- $ * + [190]`` (an actor as object) becomes
  ``object_kind: actor``;
- a pattern coded ``[---]`` (no event) or with a code the crosswalk gives no PLOVER type
  (statements 01x, appeals 02x) rules its noun or preposition out of the block's bare verbs
  (``not_object``, ``not_prep``): "shoot" is an assault, not "shoot the distance".

What is dropped, counted by reason: patterns with words before the verb (a subject, an
auxiliary, "WILL *"; Dossier's modality handles those), longer patterns (several nouns or
a second verb), verbs written around a conjunction (``+KILLED_AND``) or with a word before
the verb (``WIRE_+TAP``), and a bare verb whose blocks give it different PLOVER types. A row
that does not parse gives one warning naming file:line, and the conversion goes on.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("convert_cameo_verbs")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DEFAULT_VERBS = SHARED / "petrarch2_dictionaries" / "CAMEO.verbpatterns.150430.txt"
DEFAULT_CROSSWALK = SHARED / "plover_gsr_cameo" / "CAMEO2PLOVER-2021.txt"
DEFAULT_OUT = REPO / "dossier" / "data" / "events" / "cameo_verbs.jsonl"

#: Particles and prepositions: a pattern word of these is the verb's particle or preposition.
PREPOSITIONS = frozenset((
    "about", "above", "across", "after", "against", "ahead", "along", "amid", "among",
    "amongst", "apart", "around", "as", "aside", "at", "away", "back", "before", "behind",
    "below", "beneath", "beside", "besides", "between", "beyond", "by", "despite", "down",
    "during", "for", "forth", "forward", "from", "in", "inside", "into", "like", "near", "of",
    "off", "on", "onto", "out", "outside", "over", "past", "per", "round", "since", "through",
    "throughout", "till", "to", "together", "toward", "towards", "under", "underneath",
    "until", "up", "upon", "via", "with", "within", "without",
))
#: Words that are no head noun of an object (a pattern of these is dropped).
FUNCTION_WORDS = frozenset((
    "a", "an", "and", "or", "not", "no", "nor", "the", "this", "that", "these", "those", "it",
    "its",
))
#: Actor and skip markers of a pattern: source, target, compound actor, any words.
MARKERS = frozenset(("$", "+", "%", "^"))
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Block:
    """One verb block: its code, its verbs (lemma, particle-or-object word, own code, line)."""

    code: str | None
    line: int
    verbs: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)
    #: (words before the verb, words after it, code, line, an actor right after the verb)
    patterns: list[tuple[list[str], list[str], str, int, bool]] = field(default_factory=list)


@dataclass
class Stats:
    """What the conversion kept and dropped, and why."""

    patterns: int = 0
    verbs: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    warnings: int = 0


def read_crosswalk(path: Path) -> dict[str, tuple[str, str | None, str | None]]:
    """CAMEO code -> (PLOVER type, mode, context), as CAMEO2PLOVER-2021.txt lists them."""
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split(",")]
        parts += [""] * (3 - len(parts))
        if parts[0]:
            out[code.strip()] = (parts[0], parts[1] or None, parts[2] or None)
    return out


def plover_of(code: str, table: dict[str, tuple[str, str | None, str | None]]
              ) -> tuple[str, str | None, str | None] | None:
    """The crosswalk's row for a CAMEO code: the longest listed prefix of three digits or more
    ("0110" has none: statements have no PLOVER type)."""
    for n in range(len(code), 2, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _code(text: str) -> str | None:
    """The first code of "[190]", "[175:145]"; None for "[---]" (no event)."""
    value = text.split(":")[0].strip()
    return value if value and value != "---" else None


def read_verb_file(path: Path, stats: Stats) -> tuple[dict[str, frozenset[str]], list[Block]]:
    """The synsets and verb blocks of a PETRARCH-2 verb dictionary."""
    synsets: dict[str, set[str]] = {}
    blocks: list[Block] = []
    current_set: set[str] | None = None
    name = path.name
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                 .splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_set = None if not raw.strip() else current_set
            continue
        if line.startswith("&"):
            current_set = synsets.setdefault(line.strip()[1:].rstrip("_").upper(), set())
            continue
        if line.startswith("+") and current_set is not None:
            current_set.add(line[1:].strip().rstrip("_").split("_")[-1].lower())
            continue
        current_set = None
        if line.startswith("---"):
            match = _CODE.search(line)
            blocks.append(Block(_code(match.group(1)) if match else None, number))
            continue
        if line.startswith("-"):
            stats.patterns += 1
            match = _CODE.search(line)
            if not blocks or match is None or "*" not in line[: match.start()]:
                _warn(name, number, "a pattern needs a '*' and a [code] inside a verb block",
                      stats)
                continue
            body = line[1 : match.start()].strip()
            before, _, after = body.partition("*")
            actor_after = re.match(r"\s*\+", after) is not None
            blocks[-1].patterns.append((_items(before), _items(after), match.group(1), number,
                                        actor_after))
            continue
        if line.startswith("~"):
            continue  # transformations: verb-verb interactions, not patterns
        if not blocks:
            continue
        stats.verbs += 1
        verb = _verb(line, name, number, stats)
        if verb is not None:
            blocks[-1].verbs.append((*verb, number))
    return {k: frozenset(v) for k, v in synsets.items()}, blocks


def _warn(name: str, number: int, why: str, stats: Stats) -> None:
    stats.warnings += 1
    log.warning("%s:%d: %s", name, number, why)


def _items(text: str) -> list[str]:
    """The words of one side of a pattern: braced phrases as one item, "_" joined words as
    one item, markers left out; "*_OF" gives "_OF" (a word right after the verb)."""
    text = re.sub(r"\{([^}]*)\}", lambda m: m.group(1).strip().replace(" ", "_"), text)
    out = []
    for word in text.split():
        word = word.strip("()")
        if not word or all(c in MARKERS for c in word):
            continue
        out.append(word)
    return out


def _verb(line: str, name: str, number: int, stats: Stats
          ) -> tuple[str, str | None, str | None] | None:
    """(lemma, particle or object word, own code) of a verb line: "SHOOT {SHOOTS ...}",
    "+SHOOT_DOWN {...} [193]"; None (counted) for a form Dossier does not match."""
    match = _CODE.search(line)
    own = match.group(1) if match else None
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
    if not head:
        _warn(name, number, "a verb line without a verb", stats)
        return None
    word = head[0]
    if "+" in word[1:]:
        stats.dropped["verb with a word before it (WIRE_+TAP, RE_+OPEN)"] += 1
        return None
    if not re.fullmatch(r"\+?[A-Z][A-Z'-]*(_[A-Z'-]+)*", word.replace("+", "", 1)
                        if word.startswith("+") else word):
        _warn(name, number, f"not a verb: {word!r}", stats)
        return None
    parts = word.lstrip("+").split("_")
    if len(parts) == 1:
        return parts[0].lower(), None, own
    if len(parts) > 2 or parts[1] in ("AND", "OR"):
        stats.dropped["verb phrase of three words or with and/or (+KILLED_AND)"] += 1
        return None
    return parts[0].lower(), parts[1].lower(), own


def _slot(item: str, synsets: dict[str, frozenset[str]]) -> tuple[str, frozenset[str]] | str:
    """("prep", {word}) or ("noun", {heads}) of one pattern item, or why it is dropped."""
    words = [w for w in item.split("_") if w]
    if not words:
        return "an empty word"
    if len(words) == 1 and words[0].lower() in PREPOSITIONS:
        return "prep", frozenset((words[0].lower(),))
    head = words[-1]
    if head.startswith("&"):
        members = synsets.get(head[1:].rstrip("_").upper())
        if not members:
            return "an undefined synset"
    else:
        members = frozenset((head.lower(),))
    if members <= PREPOSITIONS and len(words) == 1:
        return ("prep", members) if len(members) == 1 else "a synset of prepositions"
    if any(m in FUNCTION_WORDS or m in PREPOSITIONS or not re.fullmatch(r"[a-z][a-z0-9'-]*", m)
           for m in members):
        return "a function word, marker or verb form where a noun should be"
    return "noun", members


def _condition(before: list[str], after: list[str], synsets: dict[str, frozenset[str]]
               ) -> tuple[str | None, frozenset[str], str | None] | str:
    """(prep, object nouns, why-not) of a pattern, or the reason it is dropped."""
    if before:
        return "words before the verb (subject, auxiliary)"
    if after and after[0].startswith("_"):
        after = [after[0][1:], *after[1:]]
    if len(after) > 2:
        return "more than a particle or preposition and one noun after the verb"
    found = [_slot(item, synsets) for item in after]
    slots = [s for s in found if not isinstance(s, str)]
    if len(slots) < len(found):
        return next(s for s in found if isinstance(s, str))
    kinds = [s[0] for s in slots]
    prep = next((next(iter(s[1])) for s in slots if s[0] == "prep"), None)
    nouns = next((s[1] for s in slots if s[0] == "noun"), frozenset())
    if kinds.count("prep") > 1 or kinds.count("noun") > 1:
        return "two nouns or two prepositions after the verb"
    return prep, nouns, None


def convert(verbs: Path, crosswalk: Path) -> tuple[list[dict[str, object]], Stats]:
    """The rows of cameo_verbs.jsonl and the counts of what was kept and dropped."""
    stats = Stats()
    table = read_crosswalk(crosswalk)
    synsets, blocks = read_verb_file(verbs, stats)
    # (lemma, prep, noun) -> row; the first in the file wins.
    specific: dict[tuple[str, str | None, str | None], dict[str, object]] = {}
    bare: dict[str, list[dict[str, object]]] = {}
    for block in blocks:
        patterns, not_object, not_prep = _block_patterns(block, synsets, table, stats)
        for lemma, extra, own, line in block.verbs:
            code = _code(own) if own is not None else block.code
            mapped = plover_of(code, table) if code else None
            if mapped is None:
                stats.dropped["verb whose code has no PLOVER type (or [---])"] += 1
                continue
            prep = extra if extra in PREPOSITIONS else None
            nouns = frozenset((extra,)) if extra and not prep else frozenset()
            row = _row(lemma, prep, nouns, None, code, mapped, line)
            # The block's "no event" patterns are exceptions of its verbs.
            if not_object - nouns:
                row["not_object"] = sorted(not_object - nouns)
            if not_prep - {prep}:
                row["not_prep"] = sorted(not_prep - {prep})
            if extra is None:
                bare.setdefault(lemma, []).append(row)
            else:
                _add(specific, row)
        for prep, nouns, object_kind, code, mapped, line in patterns:
            for lemma, extra, _, _ in block.verbs:
                if extra is None:  # "+SHOOT_DOWN" has its particle: no second one
                    _add(specific, _row(lemma, prep, nouns, object_kind, code, mapped, line))
    rows = _merge(specific)
    for candidates in bare.values():
        if len({c["type"] for c in candidates}) > 1:
            stats.dropped["bare verb with different PLOVER types in its blocks"] += 1
            continue
        rows.append(candidates[0])
    rows.sort(key=lambda r: (str(r["lemma"]), _rank(r)))
    return rows, stats


def _block_patterns(block: Block, synsets: dict[str, frozenset[str]],
                    table: dict[str, tuple[str, str | None, str | None]], stats: Stats
                    ) -> tuple[list[tuple[str | None, frozenset[str], str | None, str,
                                          tuple[str, str | None, str | None], int]],
                               set[str], set[str]]:
    """A block's patterns Dossier matches (prep, nouns, object_kind, code, PLOVER row,
    line), and the nouns and prepositions its "no event" patterns rule out."""
    kept = []
    not_object: set[str] = set()
    not_prep: set[str] = set()
    for before, after, raw_code, line, actor_after in block.patterns:
        actor_object = not before and not after and actor_after
        condition = _condition(before, after, synsets)
        if isinstance(condition, str):
            stats.dropped[condition] += 1
            continue
        prep, nouns, _ = condition
        code = _code(raw_code)
        mapped = plover_of(code, table) if code else None
        if mapped is None or code is None:
            if nouns:
                not_object.update(nouns)
            elif prep:
                not_prep.add(prep)
            key = "kept as an exception" if nouns or prep else "the verb alone"
            stats.dropped[f"no event ([---] or no PLOVER type): {key}"] += 1
            continue
        if not (prep or nouns or actor_object):
            stats.dropped["verb alone again (the block's code is kept)"] += 1
            continue
        stats.kept += 1
        kept.append((prep, nouns, "actor" if actor_object else None, code, mapped, line))
    return kept, not_object, not_prep


def _row(lemma: str, prep: str | None, nouns: frozenset[str], object_kind: str | None,
         code: str, mapped: tuple[str, str | None, str | None], line: int
         ) -> dict[str, object]:
    kind, mode, context = mapped
    row: dict[str, object] = {"lemma": lemma}
    if prep:
        row["prep"] = prep
    if nouns:
        row["object"] = sorted(nouns)
    if object_kind:
        row["object_kind"] = object_kind
    row.update({"type": kind, "cameo": code})
    if mode:
        row["mode"] = mode
    if context:
        row["context"] = context
    row["source"] = line
    return row


def _add(specific: dict[tuple[str, str | None, str | None], dict[str, object]],
         row: dict[str, object]) -> None:
    """Keep a (lemma, prep, noun) pattern once: the first in the file wins."""
    nouns = row.get("object") or [None]
    for noun in nouns:  # type: ignore[union-attr]
        key = (str(row["lemma"]), row.get("prep"), noun)  # type: ignore[arg-type]
        if key not in specific:
            specific[key] = {**row, "object": [noun] if noun else []}


def _merge(specific: dict[tuple[str, str | None, str | None], dict[str, object]]
           ) -> list[dict[str, object]]:
    """One row per (lemma, prep, code, object_kind) with its nouns together."""
    grouped: dict[tuple[object, ...], dict[str, object]] = {}
    for row in specific.values():
        key = (row["lemma"], row.get("prep"), row["cameo"], row.get("object_kind"),
               bool(row["object"]), tuple(row.get("not_object", ())),  # type: ignore[arg-type]
               tuple(row.get("not_prep", ())))  # type: ignore[arg-type]
        if key in grouped:
            grouped[key]["object"] = sorted({*grouped[key]["object"], *row["object"]})  # type: ignore[misc]
        else:
            grouped[key] = dict(row)
    out = []
    for row in grouped.values():
        if not row["object"]:
            del row["object"]
        out.append(row)
    return out


def _rank(row: dict[str, object]) -> int:
    """Most specific first: preposition and noun, noun, preposition, actor object, bare."""
    if row.get("prep") and row.get("object"):
        return 0
    if row.get("object"):
        return 1
    if row.get("prep"):
        return 2
    if row.get("object_kind"):
        return 3
    return 4


HEADER = """\
# CAMEO verb patterns of PETRARCH-2 (CAMEO.verbpatterns.150430.txt, MIT) with their PLOVER type,
# mode and context from CAMEO2PLOVER-2021.txt (CC BY-SA 4.0); see SOURCE.md. Generated by
# scripts/convert_cameo_verbs.py: do not edit, rerun it. Loaded by dossier/events/lexicon.py
# after plover_verbs.jsonl (whose hand-checked patterns win). Keys as in plover_verbs.jsonl,
# plus cameo (the CAMEO code), context (PLOVER context) and source (line of the verb file).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbs", type=Path, default=DEFAULT_VERBS)
    parser.add_argument("--crosswalk", type=Path, default=DEFAULT_CROSSWALK)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    rows, stats = convert(args.verbs, args.crosswalk)
    with args.out.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{stats.patterns} patterns and {stats.verbs} verbs read; {stats.kept} patterns "
          f"kept; {len(rows)} rows written to {args.out}; {stats.warnings} warnings",
          file=sys.stderr)
    for reason, count in stats.dropped.most_common():
        print(f"  dropped {count:6d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
