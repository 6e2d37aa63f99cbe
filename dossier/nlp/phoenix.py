"""Convert PETRARCH-2's Phoenix actor and agent dictionaries into Dossier's data files.

    python -m dossier.nlp.phoenix SOURCE_DIR [--out dossier/data/gazetteer/phoenix]

SOURCE_DIR holds Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt and Phoenix.agents.txt (openeventdata/petrarch2,
petrarch2/data/dictionaries; the format is its docs/source/dictionaries.rst). Writes
``actors.jsonl`` (one record per dictionary entry: name, aliases, dated codes, kind),
``agents.jsonl`` (role words -> CAMEO agent codes) and SOURCE.md. A row that does not parse is
reported as one warning line ``file:line: reason`` and skipped; the conversion goes on.

Actor records: ``{"name", "aliases", "codes": [[code, start|null, end|null], ...], "kind",
"file"}``; dates are ISO days, a null bound is open (PETRARCH reads YYMMDD years 00-30 as
20YY, the rest as 19YY, and takes the bounds as inclusive). ``kind`` is "state" (a country
entry: its aliases are names, demonyms, cities and provinces), "person", "organisation" (a
party, body, company or armed group) or "igo".
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
REPOSITORY = "openeventdata/petrarch2"
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"

# Words that make a Countries-file entry an organisation rather than a person (the file mixes
# CountryInfo's leaders with parties, armies and ministries).
_ORG_WORDS = frozenset((
    "ARMY", "PARTY", "COUNCIL", "CONGRESS", "MINISTRY", "FORCE", "FORCES", "FRONT", "MOVEMENT",
    "UNION", "LEAGUE", "ASSEMBLY", "PARLIAMENT", "COMMITTEE", "COMMISSION", "GOVERNMENT",
    "ADMINISTRATION", "BANK", "AGENCY", "BRIGADE", "BRIGADES", "ORGANIZATION", "ORGANISATION",
    "COURT", "POLICE", "GUARD", "GUARDS", "SERVICE", "SERVICES", "OFFICE", "DEPARTMENT",
    "ALLIANCE", "COALITION", "ASSOCIATION", "MILITIA", "MILITIAS", "REBELS", "INSURGENTS",
    "CABINET", "SENATE", "REPUBLIC", "KINGDOM", "STATE", "STATES", "NAVY", "CORPS", "COMPANY",
    "CORPORATION", "GROUP", "INSTITUTE", "UNIVERSITY", "AUTHORITY", "BUREAU", "COUNCILS",
    "TALIBAN", "MUJAHIDEEN", "BATTALION", "REGIME", "PRESIDENT", "MINISTER", "SECRETARY",
    "AMBASSADOR", "EMBASSY", "PRESIDENCY", "KREMLIN", "PENTAGON",
))

_DATE = re.compile(r"\d{6}|\d{8}")


@dataclass
class _Entry:
    phrases: list[str]
    line: int
    codes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    comment: str = ""


class RowError(ValueError):
    """A dictionary row that does not parse."""


def parse_date(value: str) -> str:
    """'090120' -> '2009-01-20', '19411207' -> '1941-12-07' (PETRARCH's reading)."""
    if not _DATE.fullmatch(value):
        raise RowError(f"bad date {value!r}")
    if len(value) == 6:
        year = int(value[:2])
        value = ("20" if year <= 30 else "19") + value
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError as error:
        raise RowError(f"bad date {value!r}: {error}") from None


def parse_restriction(text: str) -> tuple[str, str | None, str | None] | None:
    """'[RUSGOV 990809-000507]' -> ('RUSGOV', '1999-08-09', '2000-05-07'); None for '[---]'."""
    inner = text.strip()
    if not (inner.startswith("[") and inner.endswith("]")):
        raise RowError(f"not a [code date] restriction: {text.strip()!r}")
    parts = inner[1:-1].split(None, 1)
    if not parts:
        raise RowError("empty restriction")
    code = parts[0]
    if code == "---":
        return None
    if not re.fullmatch(r"[A-Z0-9]{3,15}", code):
        raise RowError(f"bad code {code!r}")
    span = "".join(parts[1].split()) if len(parts) > 1 else ""
    if not span:
        return code, None, None
    if span.startswith("<"):
        return code, None, parse_date(span[1:])
    if span.startswith(">"):
        return code, parse_date(span[1:]), None
    if span.count("-") == 1:
        start, end = span.split("-")
        return code, parse_date(start), parse_date(end)
    raise RowError(f"bad date restriction {span!r}")


def phrase_name(phrase: str) -> str:
    """'VLADIMIR_V._PUTIN_' -> 'Vladimir V. Putin' (Phoenix phrases are upper case)."""
    words = phrase.replace("_", " ").split()

    def title(word: str) -> str:
        if (len(words) == 1 and len(word) <= 3) or (len(word) <= 4 and word.isalpha() and not (
                re.search(r"[AEIOUY]", word))):
            return word  # an acronym: "UN", "NGO", "USA"
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)

    return " ".join(title(w) for w in words)


def _split_phrase(raw: str) -> list[str]:
    """A phrase and its written acronym: 'JAISH-E-MOHAMMAD_(JEM)_' -> the name and 'JEM'."""
    raw = raw.strip()
    out = []
    acronyms = re.findall(r"\(([A-Z][A-Z0-9.]{1,9})\)", raw)
    base = re.sub(r"_?\([^)]*\)?_?", "_", raw).strip("_ ")
    if base:
        out.append(base)
    out.extend(acronyms)
    return out


def _actor_rows(path: Path, warn: list[str]) -> Iterator[_Entry]:
    """The entries of one actor file: a primary phrase, its '+' synonyms, its restrictions."""
    current: _Entry | None = None
    broken = False  # the lines of an entry whose primary phrase did not parse are skipped
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                 .splitlines(), 1):
        text, _, comment = raw.partition("#")
        stripped = text.strip()
        if not stripped:
            continue
        if broken and stripped.startswith(("[", "+")):
            continue
        broken = False
        try:
            if stripped.startswith("["):
                if current is None:
                    raise RowError("a restriction with no actor before it")
                # a line may hold several: "[IGOEUREEC 820701-821231][IGOEUREEC 870701-...]"
                for part in re.findall(r"\[[^\]]*\]?", stripped):
                    code = parse_restriction(part)
                    if code:
                        current.codes.append(code)
            elif stripped.startswith("+"):
                if current is None:
                    raise RowError("a synonym with no actor before it")
                phrase = stripped[1:].split("[")[0]
                if not re.search(r"[A-Za-z]", phrase):
                    raise RowError(f"empty synonym {stripped!r}")
                current.phrases.extend(_split_phrase(phrase.replace("`", "")))
            else:
                if current is not None:
                    yield current
                current = None
                phrase, bracket, rest = stripped.partition("[")
                phrase = phrase.split(",")[0].replace("`", "").replace("\t", " ").strip()
                if not re.fullmatch(r"[^\W_a-z][^\x00-\x1f\ufffd]*", phrase) or re.search(
                        r"[a-z]", phrase):
                    broken = True
                    raise RowError(f"not an actor phrase: {stripped!r}")
                current = _Entry(_split_phrase(phrase), number, comment=comment.strip())
                if bracket:
                    for part in re.findall(r"\[[^\]]*\]?", bracket + rest):
                        code = parse_restriction(part)
                        if code:
                            current.codes.append(code)
        except RowError as error:
            warn.append(f"{path.name}:{number}: {error}")
    if current is not None:
        yield current


def _kind(entry: _Entry, file: str) -> str:
    codes = {code for code, _, _ in entry.codes}
    if file.startswith("Phoenix.Countries") and "CountryInfo" not in entry.comment and any(
            len(c) == 3 for c in codes):
        return "state"  # a country entry, perhaps with its forerunners ("USRUZB" until 1991)
    if all(c.startswith("IGO") for c in codes):
        return "igo"
    if not file.startswith("Phoenix.Countries"):
        return "organisation"
    words = set(entry.phrases[0].replace("_", " ").replace("-", " ").split())
    if words & _ORG_WORDS or ("CountryInfo" not in entry.comment and len(words) > 4):
        return "organisation"
    return "person"


def convert_actors(source: Path, warn: list[str]) -> list[dict[str, object]]:
    """Actor records of the three Phoenix actor files, one per entry, duplicates merged."""
    records: dict[tuple[str, str], dict[str, object]] = {}
    for file in ACTOR_FILES:
        for entry in _actor_rows(source / file, warn):
            if not entry.codes:
                continue  # PETRARCH gives such an entry the null code: not an actor
            names = list(dict.fromkeys(phrase_name(p) for p in entry.phrases if p.strip("_")))
            if not names:
                warn.append(f"{file}:{entry.line}: no name")
                continue
            codes = list(dict.fromkeys(entry.codes))
            kind = _kind(entry, file)
            key = (names[0].upper(), json.dumps(codes))
            if key in records:
                known = records[key]
                aliases = known["aliases"]
                assert isinstance(aliases, list)
                aliases.extend(n for n in names[1:] if n not in aliases)
                continue
            records[key] = {"name": names[0], "aliases": names[1:],
                            "codes": [list(c) for c in codes], "kind": kind,
                            "file": file.split(".")[1]}
    return list(records.values())


def _plural(word: str) -> str:
    if word.endswith("SS"):
        return word + "ES"
    if word.endswith("Y") and word[-2:-1] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def convert_agents(source: Path, warn: list[str]) -> list[dict[str, object]]:
    """Role words -> CAMEO agent codes: {"phrase", "plurals", "code", "prefix"} (prefix: the
    code comes before the actor's, "NGO~"; otherwise after it, "~GOV")."""
    path = source / AGENT_FILE
    substitutions: dict[str, list[str]] = {}
    out: dict[tuple[str, str], dict[str, object]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                 .splitlines(), 1):
        text = raw.split("#", 1)[0].strip()
        if not text or text.startswith("<!"):
            continue
        m = re.fullmatch(r"(!\w+!)\s*=\s*(.+)", text)
        if m:
            substitutions[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[(~?)([A-Z0-9]+)(~?)[\]}]", text)
        if not m or bool(m.group(3)) == bool(m.group(5)):
            warn.append(f"{AGENT_FILE}:{number}: not 'PHRASE {{plural}} [~CODE]': {text!r}")
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(4)
        marker = re.search(r"!\w+!", phrase)
        if marker and marker.group(0) not in substitutions:
            warn.append(f"{AGENT_FILE}:{number}: unknown substitution {marker.group(0)}")
            continue
        forms = ([phrase.replace(marker.group(0), w) for w in substitutions[marker.group(0)]]
                 if marker else [phrase])
        for form in forms:
            plurals: list[str] = []
            if plural is not None:
                plurals = [p for p in plural.split() if p]
            elif not marker and not form.endswith("_"):
                plurals = [_plural(form)]
            name = form.replace("_", " ").strip().lower()
            key = (name, code)
            if key in out:
                continue
            out[key] = {"phrase": name, "code": code, "prefix": bool(m.group(5))}
            forms_plural = [p.replace("_", " ").strip().lower() for p in plurals]
            if forms_plural:
                out[key]["plurals"] = forms_plural
    return list(out.values())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(source: Path, out: Path, warn: list[str]) -> dict[str, int]:
    """Convert the dictionaries under ``source`` into ``out``; returns record counts."""
    actors = convert_actors(source, warn)
    agents = convert_agents(source, warn)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "actors.jsonl").open("w", encoding="utf-8") as handle:
        for record in actors:
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    with (out / "agents.jsonl").open("w", encoding="utf-8") as handle:
        for record in agents:
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    licence = source / "LICENSE"
    if licence.exists():
        (out / "LICENSE").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    files = [*ACTOR_FILES, AGENT_FILE]
    lines = [
        "# Phoenix actor and agent dictionaries (PETRARCH-2)", "",
        f"Converted from `{REPOSITORY}` at commit `{COMMIT}`,",
        "`petrarch2/data/dictionaries/` (MIT, see LICENSE; format in",
        "`docs/source/dictionaries.rst`) by `python -m dossier.nlp.phoenix SOURCE_DIR`.", "",
        "| file | sha256 |", "| --- | --- |",
        *[f"| {name} | `{_sha256(source / name)}` |" for name in files if (source / name).exists()],
        "",
        f"actors.jsonl: {len(actors)} entries; agents.jsonl: {len(agents)} role words; "
        f"{len(warn)} rows skipped with a warning.", "",
        "The sha256s above are those of the files at that commit (checked against a clone).",
        "",
        "Rerun: `.venv/bin/python -m dossier.nlp.phoenix ../shared/data/petrarch2_dictionaries`",
        "(or a checkout of the repository at that commit). Today's hand-checked gazetteer",
        "(dossier/data/gazetteer/*.jsonl) wins over these entries where both name an actor.", "",
    ]
    (out / "SOURCE.md").write_text("\n".join(lines), encoding="utf-8")
    return {"actors": len(actors), "agents": len(agents), "warnings": len(warn)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "data" / "gazetteer"
                        / "phoenix")
    args = parser.parse_args(argv)
    warn: list[str] = []
    counts = write(args.source, args.out, warn)
    for line in warn:
        print(f"warning: {line}", file=sys.stderr)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
