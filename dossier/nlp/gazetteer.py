"""The gazetteers of dossier/data/gazetteer, loaded once and validated.

states.jsonl (names, variants, historical names, demonyms, capitals; pycountry adds every
current and historical ISO 3166 name), organisations.jsonl (acronym and long form, successor),
ministries.toml, people.jsonl (well-known officials with their state), roles.toml.
A bad line fails naming the file and the line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dossier.errors import DataFileError
from dossier.resources import data_path, load_lines, load_toml


@dataclass(frozen=True)
class Entry:
    """What a gazetteer term stands for."""

    kind: str  # "state", "demonym", "capital", "organisation", "ministry", "person"
    code: str | None
    name: str
    state: str | None = None
    role: str | None = None


@dataclass
class Gazetteer:
    terms: dict[str, Entry] = field(default_factory=dict)
    state_names: dict[str, str] = field(default_factory=dict)  # code -> preferred name
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> record
    people: dict[str, Entry] = field(default_factory=dict)  # full name -> entry
    roles: dict[str, Any] = field(default_factory=dict)
    pattern: re.Pattern[str] = re.compile(r"(?!)")
    role_heads: tuple[str, ...] = ()
    role_modifiers: tuple[str, ...] = ()
    outlet_names: frozenset[str] = frozenset()  # lower case, with and without "the"
    outlet_codes: frozenset[str] = frozenset()

    def state_name(self, code: str | None) -> str | None:
        return self.state_names.get(code or "", code)

    def is_outlet(self, name: str, code: str | None = None) -> bool:
        """Whether a name (or code) is a news outlet's: the outlets of outlets.tsv, the media
        of organisations.jsonl and the Phoenix dictionaries' MED code. An outlet reports; it
        is never an actor of what it reports ("CNN has learned", "Cairo (CNN) --")."""
        if code and code in self.outlet_codes:
            return True
        return _outlet_key(name) in self.outlet_names


#: The Phoenix dictionaries' code of the media (an outlet, a journalist of no state).
MEDIA_CODE = "MED"


def _outlet_key(name: str) -> str:
    name = " ".join(name.lower().replace("-", " ").split())
    return name.removeprefix("the ")


def _outlets(organisations: dict[str, dict[str, Any]]) -> tuple[frozenset[str], frozenset[str]]:
    """(names, codes) of news outlets: outlets.tsv's names ("CNN", "The Guardian") and the
    media of organisations.jsonl."""
    names: set[str] = set()
    for line in load_lines("outlets.tsv"):
        _, _, name = line.partition("\t")
        if name.strip():
            names.add(_outlet_key(name.strip()))
    codes = {MEDIA_CODE}
    for code, record in organisations.items():
        if record.get("type") == "media":
            codes.add(code)
            names.update(_outlet_key(n) for n in [record["name"], *record.get("aliases", [])])
    names.discard("")
    return frozenset(names), frozenset(codes)


def _jsonl(name: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    path = data_path(f"gazetteer/{name}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataFileError(f"dossier/data/gazetteer/{name}: {error}") from error
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"dossier/data/gazetteer/{name} line {number}: {error}") from error
        missing = [key for key in required if not record.get(key)]
        if not isinstance(record, dict) or missing:
            raise DataFileError(
                f"dossier/data/gazetteer/{name} line {number}: missing {', '.join(missing)}"
            )
        out.append(record)
    return out


def _pycountry_names() -> list[tuple[str, str]]:
    """(name, alpha-3) for current and historical countries; names with commas
    ("Korea, Republic of") are not how news writes them and are left out."""
    import pycountry

    out = []
    for country in list(pycountry.countries) + list(pycountry.historic_countries):
        code = country.alpha_3
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                out.append((value, code))
    return out


@cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer (built once)."""
    g = Gazetteer()
    terms = g.terms
    for name, code in _pycountry_names():
        terms.setdefault(name, Entry("state", code, name))
    for record in _jsonl("states.jsonl", ("code", "name")):
        code, name = record["code"], record["name"]
        g.state_names[code] = name
        terms[name] = Entry("state", code, name)
        for alias in record.get("aliases", []):
            terms[alias] = Entry("state", code, name)
        for demonym in record.get("demonyms", []):
            terms[demonym] = Entry("demonym", code, name)
        for capital in record.get("capitals", []):
            terms[capital] = Entry("capital", code, capital.removeprefix("the "), state=code)
    for name, code in _pycountry_names():
        g.state_names.setdefault(code, terms[name].name if terms[name].code == code else name)
    for record in _jsonl("organisations.jsonl", ("code", "name")):
        code = record["code"]
        g.organisations[code] = record
        entry = Entry("organisation", code, record["name"], state=record.get("state"))
        for alias in [record["name"], *record.get("aliases", [])]:
            terms[alias] = entry
    ministries = load_toml("gazetteer/ministries.toml").get("ministry", [])
    for number, record in enumerate(ministries, 1):
        if not record.get("code") or not record.get("phrases"):
            raise DataFileError(f"dossier/data/gazetteer/ministries.toml: [[ministry]] {number}"
                                " needs code and phrases")
        for phrase in record["phrases"]:
            terms[phrase] = Entry("ministry", record["code"], record["name"])
    for record in _jsonl("people.jsonl", ("name",)):
        entry = Entry("person", None, record["name"], state=record.get("state"),
                      role=record.get("role"))
        g.people[record["name"]] = entry
        for alias in [record["name"], *record.get("aliases", [])]:
            terms[alias] = entry
    g.outlet_names, g.outlet_codes = _outlets(g.organisations)
    g.roles = load_toml("gazetteer/roles.toml")
    g.role_heads = tuple(g.roles.get("heads", ()))
    g.role_modifiers = tuple(g.roles.get("modifiers", ()))
    # One case-sensitive alternation, longest first, so "Collective Security Treaty
    # Organization" wins over "Collective Security Treaty".
    alternatives = sorted(terms, key=len, reverse=True)
    g.pattern = re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(t) for t in alternatives) + r")(?![\w])"
    )
    return g
