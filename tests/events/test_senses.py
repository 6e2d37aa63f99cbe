"""Senses of CAMEO verbs switched off or narrowed by dossier/data/events/senses.toml, and news
outlets that are never actors (sentences we wrote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dossier.errors import DataFileError
from dossier.events import extract_events
from dossier.events.lexicon import CAMEO_FILE, Pattern, Sense, apply_senses, senses, verb_patterns

DAY = dt.date(2021, 3, 10)


def events(text: str) -> list[Any]:
    return extract_events(text, published=DAY, precision="day")


def test_every_sense_has_a_reason_and_selects_a_pattern_of_the_cameo_file() -> None:
    from dossier.events.lexicon import _CAMEO_KEYS, _read_patterns

    raw = _read_patterns(CAMEO_FILE, _CAMEO_KEYS)
    for entry in senses():
        assert entry.reason
        assert any(entry.selects(p) for p in raw[entry.lemma]), entry.lemma


def test_drop_and_restrict_select_by_type_preposition_and_objects() -> None:
    fled = Pattern("flee", "SANCTION", object_kind="actor", cameo="160", file=CAMEO_FILE)
    fort = Pattern("flee", "RETREAT", object=frozenset({"fort"}), cameo="0874", file=CAMEO_FILE)
    held = Pattern("hold", "COERCE", prep="in", cameo="173", file=CAMEO_FILE)
    entries = (Sense("flee", "drop", "why", types=frozenset({"SANCTION"})),
               Sense("hold", "restrict", "why", preps=frozenset({"in"}), bare=True,
                     object_kind="actor"))
    out = apply_senses({"flee": [fled, fort], "hold": [held]}, entries)
    assert out["flee"] == [fort]
    assert out["hold"][0].object_kind == "actor" and out["hold"][0].prep == "in"
    # a CAMEO code selects its sub-codes
    assert Sense("flee", "drop", "why", cameo=("16",)).selects(fled)
    assert not Sense("flee", "drop", "why", cameo=("16",)).selects(fort)


def test_a_sense_without_a_reason_fails_naming_the_file(monkeypatch: Any) -> None:
    from dossier.events import lexicon

    senses.cache_clear()
    monkeypatch.setattr(lexicon, "load_toml", lambda name: {"drop": [{"lemma": "flee"}]})
    try:
        with pytest.raises(DataFileError, match=r"senses\.toml"):
            senses()
    finally:
        senses.cache_clear()


def test_the_dropped_senses_are_out_of_the_lexicon() -> None:
    patterns = verb_patterns()
    assert not any(p.type == "SANCTION" for p in patterns["flee"])
    assert any(p.type == "RETREAT" for p in patterns["flee"])  # forces fleeing a stronghold
    assert all(p.object for p in patterns["catch"] if p.file == CAMEO_FILE)
    assert "learn" not in patterns or not any(p.type == "CONSULT" for p in patterns["learn"])


@pytest.mark.parametrize("text", [
    "A man fleeing Syria crossed the border into Turkey on Sunday.",
    "The family fled Aleppo in fear.",
    "Thousands of civilians are caught up in the fighting around the city.",
    "The government was caught off guard by the protests.",
    "Northern Italy digs out from a heavy snowfall.",
    "The minister will resign next week, Reuters has learned.",
    "Speaking inside a cell in Homs, the doctor said he had lost faith.",
    "The activist has gone into hiding in the city.",
    "The professor holds the chair in international law at the university.",
])
def test_a_sense_the_verb_does_not_have_is_no_event(nlp: Any, text: str) -> None:
    assert events(text) == [], [(e.type, e.trigger) for e in events(text)]


def test_training_is_aid_only_given_to_another_state(nlp: Any) -> None:
    assert "AID" not in [e.type for e in events("Women in the town are training with rifles.")]
    assert "AID" not in [e.type for e in events(
        "Syrian officers trained Syrian recruits near Homs.")]


@pytest.mark.parametrize("text, kind", [
    ("Rebel fighters fled the stronghold on Monday.", "RETREAT"),
    ("The police held the activist in a cell in Damascus for three days.", "COERCE"),
    ("The United States trained Iraqi police officers.", "AID"),
])
def test_the_senses_kept_still_make_events(nlp: Any, text: str, kind: str) -> None:
    assert kind in [e.type for e in events(text)], [(e.type, e.trigger) for e in events(text)]


def test_a_news_outlet_is_never_an_actor(nlp: Any) -> None:
    from dossier.nlp.gazetteer import gazetteer

    assert gazetteer().is_outlet("CNN") and gazetteer().is_outlet("The Guardian")
    assert gazetteer().is_outlet("Reuters", "REUTERS") and not gazetteer().is_outlet("Libya")
    found = events("CNN reported that the army attacked protesters in Homs on Monday.")
    actors = {a.name for e in found for a in e.actors}
    assert "CNN" not in actors
    # an outlet's own story is not its act: "CNN accused" is the outlet's, left out
    assert all(a.name != "Reuters" for e in events(
        "Reuters criticised the government of Syria on Monday.") for a in e.actors)
