"""A person's state from their own noun phrase, and dictionary name endings that must not
swallow another person's name (issue 15). Sentences we wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.nlp.entities import find_entities

DAY = dt.date(2011, 6, 1)


def people(nlp: Any, text: str) -> dict[str, Any]:
    return {m.text: m for m in find_entities(nlp(text), when=DAY) if m.kind == "person"}


def test_a_demonym_in_the_name_phrase_gives_the_state(nlp: Any) -> None:
    """"Armenian rape victim X" and "the Georgian activist X" had no state: the demonym
    is not a role word, but it modifies the name in the parse."""
    found = people(nlp, "Alleged Armenian rape victim Anna Vardanyan says she is safe.")
    assert found["Anna Vardanyan"].state == "ARM"
    found = people(nlp, "The Georgian activist Levan Beridze was arrested on Monday.")
    assert found["Levan Beridze"].state == "GEO"


def test_two_states_in_the_phrase_give_none(nlp: Any) -> None:
    found = people(nlp, "The Armenian and Georgian lawyer Anna Vardanyan spoke on Monday.")
    assert found["Anna Vardanyan"].state is None


def test_a_name_ending_after_another_given_name_is_not_the_entry(nlp: Any) -> None:
    """"Mustafa Abdul Jalil" was taken for the Malaysian dictionary entry ending in "Abdul
    Jalil": a different given name before the ending is a different person."""
    found = people(nlp, "The chairman of the council, Mustafa Abdul Jalil, offered amnesty.")
    assert found["Mustafa Abdul Jalil"].state != "MYS"
    assert found["Mustafa Abdul Jalil"].name == "Mustafa Abdul Jalil"


def test_an_agency_credit_after_a_headline_is_no_actor(nlp: Any) -> None:
    """"... YEREVAN (Reuters) - People wounded ..." made Reuters the one who wounded them."""
    from dossier.nlp.actors import datelines

    text = ("Armenia sees calm ahead of the talks on the border with Georgia YEREVAN "
            "(Reuters) - People wounded in the clashes were freed.")
    assert [text[s:e] for s, e in datelines(text)] == ["YEREVAN (Reuters) -"]
    names = {m.text for m in find_entities(nlp(text), when=DAY)}
    assert "Reuters" not in names and "Armenia" in names
