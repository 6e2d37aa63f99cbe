"""Groups named by a role noun as actors, reciprocal targets and whole-clause summaries, on
sentences we wrote (issue 15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.events import extract_events
from dossier.nlp.agents import agent_code, main_state, plural

DAY = dt.date(2011, 3, 9)


def events(text: str) -> list[Any]:
    return extract_events(text, published=DAY, precision="day", article_id="g1")


def test_role_phrases_take_the_phoenix_agent_codes() -> None:
    assert agent_code(["Syrian", "troops"]) == "MIL"
    assert agent_code(["riot", "police"]) == "COP"
    assert agent_code(["rebels"]) == "REB"
    assert agent_code(["the", "opposition"]) == "OPP"  # a word Phoenix lacks, from our data
    assert agent_code(["positions"]) is None
    assert plural("Syrian troops") and plural("the police") and not plural("United Nations")


def test_group_takes_the_state_its_phrase_names(nlp: Any) -> None:
    [event] = events("Yemeni troops fired on demonstrators in Sanaa on Tuesday.")
    assert event.type == "ASSAULT"
    [source] = event.sources
    assert (source.code, source.state, source.kind) == ("YEMMIL", "YEM", "organisation")
    assert [(t.code, t.state) for t in event.targets] == [("YEMOPP", "YEM")]
    assert event.summary == "Yemeni troops fire on demonstrators in Sanaa"


def test_group_without_a_state_takes_the_articles_state(nlp: Any) -> None:
    text = ("SANAA, March 9 (Reuters) - Yemen's parliament met on Tuesday. "
            "The rebels attacked army positions near the airport on Wednesday.")
    attack = next(e for e in events(text) if e.type == "ASSAULT")
    assert [(a.code, a.state) for a in attack.sources] == [("YEMREB", "YEM")]
    # "army positions": an army's positions, of the same state
    assert [(a.code, a.state) for a in attack.targets] == [("YEMMIL", "YEM")]


def test_a_government_is_its_state_and_a_named_body_acts_itself(nlp: Any) -> None:
    # (the act an accusation alleges is an event of its own, reported: take the ACCUSE)
    event = next(e for e in events("The Tunisian government accused Algeria of hosting "
                                   "militants on Monday.") if e.type == "ACCUSE")
    assert [a.state for a in event.sources] == ["TUN"]
    event = next(e for e in events("The government accused Algeria of hosting militants on "
                                   "Monday.") if e.type == "ACCUSE")
    assert [a.state for a in event.sources] == ["DZA"]  # the state the text names
    strike = next(e for e in events("NATO warplanes struck a depot near Tripoli on Monday.")
                  if e.type == "ASSAULT")
    assert [a.code for a in strike.sources] == ["NATO"]
    # a strike on a thing hits the state of the place it stands in
    assert [a.code for a in strike.targets] == ["LBY"]


def test_who_meets_is_the_others_target(nlp: Any) -> None:
    [event] = events("Kenya and Ethiopia held talks in Nairobi on Monday.")
    assert {a.code for a in event.sources} == {"KEN", "ETH"}
    assert {a.code for a in event.targets} == {"KEN", "ETH"}
    assert event.summary.startswith("Kenya and Ethiopia hold talks")


def test_summary_is_a_clause_with_its_object(nlp: Any) -> None:
    [event] = events("The depot was bombed by NATO aircraft on Monday.")
    assert event.summary == "North Atlantic Treaty Organization bombs the depot"
    text = ("Kenyan President Mwai Kibaki met Ugandan President Yoweri Museveni on Monday. "
            "The treaty builds on the partnership agreement the two leaders concluded in "
            "Kampala in May.")
    concluded = [e for e in events(text) if e.type == "AGREE"]
    assert concluded and concluded[0].summary.endswith("conclude the partnership agreement")
    assert not concluded[0].summary.startswith("Agree:")


def test_main_state_counts_the_dateline_and_the_names(nlp: Any) -> None:
    from dossier.nlp.entities import find_entities

    text = "CAIRO, Feb 2 (Reuters) - Police clashed with crowds. Libya closed its border."
    assert main_state(text, find_entities(text)) == "EGY"
    assert main_state("Nothing here.", []) is None


def test_a_person_named_with_a_state_keeps_it_in_later_articles() -> None:
    from dossier.corpus.identity import People
    from dossier.events.model import Actor, Analysis, Event
    from dossier.nlp.entities import Mention

    people = People()
    first = [Mention("Chadian Foreign Minister Moussa Faki", 0, 36, "person", "Moussa Faki",
                     None, "TCD", "Foreign Minister")]
    people.learn("a1", first)
    later = Analysis(entities=[Mention("Faki", 0, 4, "person", "Faki")], events=[Event(
        "e1", "CONSULT", None, None, "unknown", "occurred", False,
        [Actor("Faki", "person", None, "source")], None, "", [])])
    assert people.fill(later) == 2
    assert later.entities[0].state == "TCD" and later.events[0].actors[0].state == "TCD"
    assert people.known["Moussa Faki"].evidence == ("a1", "Chadian Foreign Minister Moussa Faki")
    # a name given two states is ambiguous: no state rather than a guess
    people.learn("a2", [Mention("Moussa Faki", 0, 11, "person", "Moussa Faki", None, "NER")])
    again = Analysis(entities=[Mention("Moussa Faki", 0, 11, "person", "Moussa Faki")])
    assert people.fill(again) == 0 and again.entities[0].state is None
