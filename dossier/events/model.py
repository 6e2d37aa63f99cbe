"""The records of dossier.events: an event, its actors, a claim and its figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: PLOVER types (2024 names) plus the membership events Dossier adds.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
MEMBERSHIP_TYPES = ("JOIN", "LEAVE", "SUSPEND")
EVENT_TYPES = PLOVER_TYPES + MEMBERSHIP_TYPES
MODALITIES = ("occurred", "planned", "reported", "denied", "negated", "hypothetical")
#: Where an event's date came from: its own expression, another one of its sentence, an
#: earlier sentence of the same story, or (failing all) the article's own date.
DATE_SOURCES = ("own", "sentence", "context", "article", "none")


@dataclass
class Actor:
    """Who takes part in an event. ``code``: ISO 3166 alpha-3 for a state, upper-case short
    name for an organisation; None for a person or a place (their state is in ``state``)."""

    name: str
    kind: str  # state / organisation / person / place
    code: str | None
    role: str  # source / target / other
    state: str | None = None  # the state a person, ministry or group acts for

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "code": self.code, "role": self.role}


@dataclass
class Evidence:
    """The article and sentence a record comes from; offsets are in the article's text."""

    article: str | None
    origin: str | None
    sentence: str
    published: str | None
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "origin": self.origin, "sentence": self.sentence,
                "published": self.published}


@dataclass
class Event:
    """Who did what to whom, when, where, with what modality; with its evidence."""

    id: str
    type: str
    date: str | None
    date_end: str | None
    precision: str
    modality: str
    background: bool
    actors: list[Actor]
    location: str | None
    summary: str
    evidence: list[Evidence]
    date_source: str = "none"
    trigger: str = ""  # the words that typed the event ("signed", "held talks")
    trigger_start: int = 0
    reporter: str | None = None  # who reports it, when modality is "reported"
    date_text: str | None = None  # the temporal expression the date came from
    mode: str | None = None  # PLOVER's mode of the type, where known ("aerial", "demo")
    context: str | None = None  # PLOVER's context, where the CAMEO crosswalk gives one

    @property
    def sources(self) -> list[Actor]:
        return [a for a in self.actors if a.role == "source"]

    @property
    def targets(self) -> list[Actor]:
        return [a for a in self.actors if a.role == "target"]

    def to_dict(self, extended: bool = False) -> dict[str, Any]:
        """The JSON contract of issue 6; ``extended`` adds how the date was found, the
        trigger, the reporter and the sentence offsets."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "date": self.date,
            "date_end": self.date_end,
            "precision": self.precision,
            "modality": self.modality,
            "background": self.background,
            "actors": [a.to_dict() for a in self.actors],
            "location": self.location,
            "summary": self.summary,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if extended:
            out.update({
                "date_source": self.date_source,
                "date_text": self.date_text,
                "trigger": self.trigger,
                "reporter": self.reporter,
                "mode": self.mode,
                "context": self.context,
                "offsets": [[e.start, e.end] for e in self.evidence],
            })
        return out


@dataclass
class Figure:
    """A number a claim gives: "more than 700 people were killed"."""

    text: str
    value: float
    qualifier: str | None  # "more than", "about", "at least", ...
    unit: str | None  # "people", "$", "soldiers"
    what: str | None  # "killed"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "qualifier": self.qualifier,
                "unit": self.unit, "what": self.what}


@dataclass
class Claim:
    """An attributed statement: who says what, with its figures and verbatim quotes."""

    id: str
    holder: Actor | None
    holder_text: str
    verb: str  # lemma: say, claim, deny, estimate, report, accuse, ...
    content: str
    figures: list[Figure]
    quotes: list[str]
    date: str | None
    precision: str
    evidence: list[Evidence]
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "holder": {"text": self.holder_text, **(
                self.holder.to_dict() if self.holder else
                {"name": self.holder_text, "kind": None, "code": None, "role": "source"})},
            "verb": self.verb,
            "content": self.content,
            "figures": [f.to_dict() for f in self.figures],
            "quotes": list(self.quotes),
            "negated": self.negated,
            "date": self.date,
            "precision": self.precision,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class Analysis:
    """Everything the chronology stage finds in one article."""

    language_supported: bool = True
    entities: list[Any] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    error: str | None = None  # the analysis failed on this article: why
