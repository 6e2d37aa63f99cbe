"""Protests told with no crowd named: the people of the state the sentence (or story) names,
against its government; light verbs of planning plan the protest (sentences we wrote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.events import extract_events

DAY = dt.date(2021, 3, 10)


def protests(text: str) -> list[Any]:
    return [e for e in extract_events(text, published=DAY, precision="day")
            if e.type == "PROTEST"]


def _roles(event: Any) -> tuple[set[str | None], set[str | None]]:
    return ({a.state for a in event.sources}, {a.state for a in event.targets})


def test_an_unnamed_crowd_is_of_the_state_its_sentence_names(nlp: Any) -> None:
    (event,) = protests("The scenes in Tunisia were dramatic as thousands turned out onto the "
                        "streets on Monday.")
    assert _roles(event) == ({"TUN"}, {"TUN"})
    assert [a.code for a in event.sources] == ["TUNOPP"]


def test_planned_demonstrations_are_a_planned_protest(nlp: Any) -> None:
    # the planners named: a light verb of planning plans the protest
    (event,) = protests("Tunisian students planned large demonstrations in Tunis and other "
                        "cities.")
    assert event.modality == "planned"
    assert _roles(event) == ({"TUN"}, {"TUN"})


def test_protests_that_take_place_in_a_named_state_are_its_peoples(nlp: Any) -> None:
    (event,) = protests("Protests also took place in Tunisia on Monday.")
    assert _roles(event) == ({"TUN"}, {"TUN"})


def test_a_march_of_thousands_is_the_crowd_and_anti_government_its_target(nlp: Any) -> None:
    (event,) = protests("Tunisia saw a march of thousands in anti-government protests on "
                        "Monday.")
    assert [a.code for a in event.sources] == ["TUNOPP"]
    assert "TUN" in {a.state for a in event.targets}
