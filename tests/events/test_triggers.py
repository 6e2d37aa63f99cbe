"""Polysemous trigger verbs: the sense that is an event, and the senses that are not
(sentences we wrote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dossier.events import extract_events

DAY = dt.date(2021, 3, 10)


def types(text: str) -> list[str]:
    return [e.type for e in extract_events(text, published=DAY, precision="day")]


@pytest.mark.parametrize("text, kind", [
    ("The Armenian and Russian presidents pressed a button to start the new reactor.",
     "REQUEST"),
    ("Kazakh officials valued the contract at more than $2 billion.", "SUPPORT"),
    ("Russian officials valued the Armenian railway at $500 million.", "SUPPORT"),
    ("After the summit Vladimir Putin flew on to Moscow.", "CONSULT"),
    ("Vladimir Putin flew home on Friday.", "CONSULT"),
    ("Kazakhstan and Uzbekistan meet rising demand for electricity with imports.", "CONSULT"),
    ("Russia seeks to show that its alliance with Armenia is intact.", "REQUEST"),
    ("Armenian officials, asked about the incident, declined to comment.", "REQUEST"),
    ("Georgian deputies asked the Russian ambassador questions about the border.", "REQUEST"),
    ("Russian officials have talked of investing in Armenian railways.", "CONSULT"),
])
def test_the_sense_that_is_no_event(nlp: Any, text: str, kind: str) -> None:
    assert kind not in types(text)


@pytest.mark.parametrize("text, kind", [
    ("Germany pressed Serbia to hand over the suspects.", "REQUEST"),
    ("Armenia pressed for talks with Azerbaijan.", "REQUEST"),
    ("The Armenian government values its alliance with Russia.", "SUPPORT"),
    ("Vladimir Putin flew to Ankara on Friday.", "CONSULT"),
    ("Vladimir Putin will travel to Kyrgyzstan next week.", "CONSULT"),
    ("Armenia sought help from Russia.", "REQUEST"),
    ("Armenia asked Russia for help.", "REQUEST"),
    ("The Armenian president met his Georgian counterpart in Tbilisi.", "CONSULT"),
])
def test_the_sense_that_is_an_event_is_kept(nlp: Any, text: str, kind: str) -> None:
    assert kind in types(text)


def test_sanctions_approved_are_a_sanction(nlp: Any) -> None:
    found = types("European Union ministers approved an arms embargo against Belarus.")
    assert "SANCTION" in found and "SUPPORT" not in found


def test_a_transitive_strike_is_an_attack(nlp: Any) -> None:
    found = types("Turkish jets struck Kurdish positions in northern Iraq.")
    assert "ASSAULT" in found and "PROTEST" not in found


def test_a_journey_home_is_no_visit_but_the_visit_abroad_is(nlp: Any) -> None:
    [event] = [e for e in extract_events("Vladimir Putin flew to Ankara and then on to Moscow.",
                                         published=DAY, precision="day")
               if e.type == "CONSULT"]
    assert {a.code for a in event.targets} == {"TUR"}


def test_they_in_reported_speech_is_the_plural_speaker(nlp: Any) -> None:
    events = extract_events("Vladimir Putin met Recep Tayyip Erdogan in Sochi. Greek "
                            "officials, questioned by reporters, said they had criticised "
                            "Turkey over the islands.", published=DAY, precision="day")
    [accuse] = [e for e in events if e.type == "ACCUSE"]
    assert {a.code for a in accuse.sources} == {"GRC"}
