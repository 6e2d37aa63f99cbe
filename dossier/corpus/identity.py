"""People across a corpus: a person once named with their state keeps it in later articles.

The per-article stage resolves a person's state from the words around the name ("Pakistani
Foreign Minister Shah Mehmood Qureshi", "President X of Y", "Y's President X") or from the
dictionaries (Phoenix, the gazetteer). A later article may name the same person bare ("Shah
Mehmood Qureshi said", "Qureshi said"); ``People`` remembers, over one chronology pass, the
state each full name was given and the words that gave it, and fills it in where a later
article left a person without one. A name given two states is ambiguous: no state rather
than a guess. A bare surname takes the state of the one remembered person it ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Known:
    """What the corpus said of one person: their state (None once two were given) and the
    evidence, (article id, the words that gave the state)."""

    state: str | None
    evidence: tuple[str | None, str]


@dataclass
class People:
    """The people of a corpus pass, by full name."""

    known: dict[str, Known] = field(default_factory=dict)

    def learn(self, article_id: str | None, entities: list[Any]) -> None:
        """Remember the states an article gives its people (full names only)."""
        for mention in entities:
            if mention.kind != "person" or not mention.state or " " not in mention.name:
                continue
            seen = self.known.get(mention.name)
            if seen is None:
                self.known[mention.name] = Known(mention.state, (article_id, mention.text))
            elif seen.state is not None and seen.state != mention.state:
                seen.state = None  # two states for one name: no state rather than a guess

    def state_of(self, name: str) -> Known | None:
        """What the corpus said of a person named ``name`` (a full name or a surname)."""
        known = self.known.get(name)
        if known is None and " " not in name.strip():
            matches = [k for full, k in self.known.items() if full.split()[-1] == name]
            known = matches[0] if len(matches) == 1 else None
        return known if known is not None and known.state else None

    def fill(self, analysis: Any) -> int:
        """Give the people of an article's entities and events with no state the state the
        corpus gave them before; returns how many actors and mentions were filled."""
        filled = 0
        actors = [actor for event in analysis.events for actor in event.actors]
        for person in (*analysis.entities, *actors):  # mentions and actors: name, kind, state
            if person.kind == "person" and not person.state:
                known = self.state_of(person.name)
                if known is not None:
                    person.state = known.state
                    filled += 1
        return filled
