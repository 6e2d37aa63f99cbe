"""Who acts and who undergoes, read from the parse (issue 15): reduced passives, agents shared
by coordinated passives, pronouns that stand for the speaker, refusals, default targets.
Sentences we wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.events import extract_events

DAY = dt.date(2021, 3, 10)


def events(text: str) -> list[Any]:
    return extract_events(text, published=DAY, precision="day", article_id="t")


def states(event: Any, role: str) -> set[str]:
    """The states of an event's actors of one role (a group counts as its state)."""
    return {a.state or a.code for a in event.actors if a.role == role} - {None}


def test_a_participle_modifying_a_noun_is_a_passive(nlp: Any) -> None:
    """"Villagers detained by Ruritanian police" was read as the villagers detaining."""
    [event] = [e for e in events("Armenian villagers detained by Georgian police were freed "
                                 "on Monday.") if e.type == "COERCE"]
    assert states(event, "source") == {"GEO"}
    assert "ARM" in states(event, "target")


def test_a_participle_with_no_agent_tells_no_event_of_its_own(nlp: Any) -> None:
    """"the help provided to Armenia" names no one who helped: no event."""
    found = events("The talks covered the help provided to Armenia last year.")
    assert not [e for e in found if e.type == "AID"]


def test_coordinated_passives_share_their_agent(nlp: Any) -> None:
    """"beaten and detained by police": the beating is the police's too."""
    found = events("The journalist said he had been beaten and detained by Georgian police.")
    beaten = [e for e in found if e.trigger == "beaten"]
    assert beaten and states(beaten[0], "source") == {"GEO"}


def test_he_reporting_his_own_act_is_the_speaker(nlp: Any) -> None:
    """"X said he ...": "he" is the speaker, not the last person named before."""
    text = ("President Vladimir Putin met the press. Armenian Prime Minister Nikol Pashinyan "
            "said he would visit Georgia.")
    [visit] = [e for e in events(text) if e.type == "CONSULT" and "GEO" in states(e, "target")]
    assert states(visit, "source") == {"ARM"}


def test_we_in_a_vow_is_the_speaker_and_a_refused_concession_is_a_rejection(nlp: Any) -> None:
    """"vowed that we will not surrender": a refusal (REJECT) by the speaker, asserted; no
    agreement."""
    found = events("The Armenian government vowed on Tuesday that we will not surrender.")
    assert not [e for e in found if e.type == "AGREE"]
    [refusal] = [e for e in found if e.type == "REJECT"]
    assert states(refusal, "source") == {"ARM"} and refusal.modality == "occurred"


def test_agreeing_not_to_allow_stays_an_agreement(nlp: Any) -> None:
    found = events("Armenia and Georgia agreed not to allow the transit of such weapons.")
    assert [e for e in found if e.type == "AGREE"]
    assert not [e for e in found if e.type == "REJECT"]


def test_an_outside_attack_hits_the_state_the_article_is_about(nlp: Any) -> None:
    text = ("Fighting went on in Armenia. Armenian officials said Georgian warplanes attacked "
            "on Tuesday.")
    [attack] = [e for e in events(text) if e.type == "ASSAULT"]
    assert states(attack, "target") == {"ARM"}


def test_a_protest_is_against_the_protesters_own_state(nlp: Any) -> None:
    [protest] = [e for e in events("Thousands of Armenians took to the streets on Sunday.")
                 if e.type == "PROTEST"]
    assert states(protest, "source") == {"ARM"} and states(protest, "target") == {"ARM"}


def test_a_journey_home_or_into_hiding_is_no_visit(nlp: Any) -> None:
    """CAMEO's "go to" / "return to" visits need a target abroad (cues.toml motion_verbs)."""
    assert not [e for e in events("Armenian traders returned to their desks on Monday.")
                if e.type == "CONSULT"]
    found = events("Armenian President Armen Sarkissian went to Georgia on Monday.")
    assert [e for e in found if e.type == "CONSULT" and "GEO" in states(e, "target")]
