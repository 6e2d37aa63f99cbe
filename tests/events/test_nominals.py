"""Crisis vocabulary by method: event nominals with light verbs, verbs of happening and of
undergoing, nominals alone with an actor, crowd verbs; the bare CAMEO verb's gate; an
accusation and the act it alleges; deployments (sentences we wrote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dossier.events import Event, extract_events
from dossier.events.lexicon import nominals, verb_patterns

DAY = dt.date(2021, 3, 10)


def events(text: str) -> list[Event]:
    return extract_events(text, published=DAY, precision="day")


@pytest.mark.parametrize("text, kind, mode", [
    # a light verb with a nominal object
    ("The Turkish army carried out a bombardment of the Kurdish positions in the north.",
     "ASSAULT", "heavy-weapons"),
    ("Armenian miners launched a walkout at the copper mine in the south on Friday.",
     "PROTEST", "strike"),
    # a verb of undergoing: the subject suffers, the "from" phrase acts
    ("The town of Tovuz came under bombardment from Armenian forces on Sunday.",
     "ASSAULT", "heavy-weapons"),
    # a verb of happening with a nominal (or a weapon) subject
    ("Fierce clashes between Armenian and Azerbaijani troops erupted on the border.",
     "ASSAULT", None),
    ("Azerbaijani rockets crashed into the town of Stepanakert on Monday.",
     "ASSAULT", "heavy-weapons"),
    # a crowd verb with a crowd for subject and no object
    ("Thousands of protesters gathered in the main square of Yerevan on Tuesday.",
     "PROTEST", "demo"),
    ("Thousands of Armenians took to the streets of Yerevan on Tuesday.", "PROTEST", "demo"),
])
def test_nominals_and_crowds_make_events(nlp: Any, text: str, kind: str,
                                         mode: str | None) -> None:
    found = [e for e in events(text) if e.type == kind]
    assert found, [(e.type, e.trigger) for e in events(text)]
    assert mode is None or found[0].mode == mode


def test_undergoer_is_the_target_and_the_from_phrase_the_source(nlp: Any) -> None:
    found = [e for e in events(
        "The Azerbaijani town of Tovuz came under fire from Armenia on Sunday.")
        if e.type == "ASSAULT"]
    assert found
    assert {a.code or a.state for a in found[0].sources} == {"ARM"}
    assert "ARM" not in {a.code or a.state for a in found[0].targets}


def test_a_nominal_alone_needs_an_actor_in_its_phrase(nlp: Any) -> None:
    named = events("Moscow welcomed the Turkish government's crackdown on the opposition "
                   "in the south of the country.")
    assert "COERCE" in [e.type for e in named]
    crackdown = next(e for e in named if e.type == "COERCE")
    assert crackdown.sources and "Turk" in crackdown.sources[0].name
    # no one named in the nominal's phrase: no event of it
    assert "ASSAULT" not in [e.type for e in events(
        "The fighting has entered its third week and the roads to the city are closed.")]
    # a weapon alone is no assault ("the discovery of rockets")
    assert "ASSAULT" not in [e.type for e in events(
        "Georgia reported the discovery of Russian rockets in the area last week.")]


def test_the_nominal_of_a_light_verb_is_not_a_second_event(nlp: Any) -> None:
    found = events("Turkey launched an offensive against Kurdish fighters in Syria.")
    assert [e.type for e in found].count("ASSAULT") == 1


def test_an_accusation_and_the_act_it_alleges(nlp: Any) -> None:
    found = events("Human Rights Watch accused the Syrian army of shelling the city of Homs.")
    kinds = {e.type: e for e in found}
    assert kinds["ACCUSE"].modality == "occurred"
    assert kinds["ASSAULT"].modality == "reported"
    assert "SYR" in {a.state for a in kinds["ASSAULT"].sources}  # the army: SYRMIL of SYR


@pytest.mark.parametrize("text", [
    "Russia sent troops and tanks to the border with Ukraine on Monday.",
    "The Uzbek government called up reservists after the clashes on the border.",
])
def test_forces_sent_or_called_up_are_a_deployment(nlp: Any, text: str) -> None:
    kinds = [e.type for e in events(text)]
    assert "MOBILIZE" in kinds
    assert "AID" not in kinds and "REQUEST" not in kinds


@pytest.mark.parametrize("text", [
    "Oil prices jumped on Monday, boosting sentiment across the market in the region.",
    "The decision of the committee caught everyone in the room off guard.",
])
def test_a_bare_cameo_verb_needs_an_actor_and_a_target(nlp: Any, text: str) -> None:
    assert events(text) == []


def test_the_nominal_data_file() -> None:
    data = nominals()
    assert data.nouns["airstrike"] == ("ASSAULT", "aerial")
    assert data.nouns["ceasefire"][0] == "CONCEDE"
    assert "troop" in data.forces and "rocket" in data.weapons
    assert "rocket" not in data.nouns  # weapons only as the subject of a verb of happening
    carry = [p for p in verb_patterns()["carry"] if p.nominal == "object"]
    assert carry and carry[0].prep == "out"
    place = [p for p in verb_patterns()["take"] if p.nominal == "subject"]
    assert place and place[0].object == frozenset({"place"})
