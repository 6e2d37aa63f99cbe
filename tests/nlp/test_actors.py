"""The Phoenix actors (PETRARCH-2 dictionaries): converter, dated resolver and their use by
find_entities and extract_events, on sentences we wrote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dossier.events import extract_events
from dossier.nlp import phoenix
from dossier.nlp.actors import actor_index, datelines, resolve
from dossier.nlp.entities import find_entities

SOURCE = Path(__file__).resolve().parents[3] / "shared" / "data" / "petrarch2_dictionaries"


def mentions(nlp: Any, text: str, when: dt.date | None) -> dict[str, Any]:
    return {m.text: m for m in find_entities(nlp(text), when=when)}


def test_converter_warns_on_each_bad_row_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "Phoenix.Countries.actors.txt").write_text(
        "RURITANIA_  [RUR]\n+STRELSAU_\n\n"
        "RUDOLF_RASSENDYLL_  # CountryInfo.txt\n\t[RURGOV 870101-871231]\n"
        "\t[RURELI 1988-12-31]\n"          # line 6: a bad date span
        "\t[RURGOV >880101]\n"
        "BAD ACTOR lower case\n\t[RURGOV]\n"  # line 8: not a phrase; its restriction skipped
        "MICHAEL_OF_STRELSAU_  [RURELI]\n", encoding="utf-8")
    (tmp_path / "Phoenix.International.actors.txt").write_text(
        "RURITANIAN_LEAGUE_(RL)_ [IGORUR]\n\t[XX 9001]\n", encoding="utf-8")  # line 2: bad
    (tmp_path / "Phoenix.MilNonState.actors.txt").write_text(
        "BLACK_ELPHBERGS_ [RURREB]\n", encoding="utf-8")
    (tmp_path / "Phoenix.agents.txt").write_text(
        "!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOVFRM]\nREBEL [~REB]\nNO_CODE\n",
        encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    warn: list[str] = []
    counts = phoenix.write(tmp_path, tmp_path / "out", warn)
    assert [w.split(": ")[0] for w in warn] == [
        "Phoenix.Countries.actors.txt:6", "Phoenix.Countries.actors.txt:8",
        "Phoenix.International.actors.txt:2", "Phoenix.agents.txt:4"]
    actors = {r["name"]: r for r in map(json.loads, (tmp_path / "out" / "actors.jsonl").open())}
    assert actors["Ruritania"]["kind"] == "state" and actors["Ruritania"]["aliases"] == [
        "Strelsau"]
    assert actors["Rudolf Rassendyll"]["codes"] == [
        ["RURGOV", "1987-01-01", "1987-12-31"], ["RURGOV", "1988-01-01", None]]
    assert actors["Ruritanian League"]["aliases"] == ["RL"]
    assert actors["Michael Of Strelsau"]["codes"] == [["RURELI", None, None]]
    agents = [json.loads(line) for line in (tmp_path / "out" / "agents.jsonl").open()]
    assert {"phrase": "foreign ministry", "code": "GOVFRM", "prefix": False} in agents
    assert {"phrase": "rebel", "code": "REB", "prefix": False, "plurals": ["rebels"]} in agents
    assert counts == {"actors": 5, "agents": 3, "warnings": 4}
    assert (tmp_path / "out" / "LICENSE").read_text() == "MIT\n"
    assert "676801cd9cb2924bbbad09f86d15c9323e7097bf" in (tmp_path / "out" / "SOURCE.md"
                                                          ).read_text()


@pytest.mark.skipif(not SOURCE.is_dir(), reason="no PETRARCH-2 dictionaries")
def test_shipped_data_is_the_conversion_of_the_source(tmp_path: Path) -> None:
    warn: list[str] = []
    phoenix.write(SOURCE, tmp_path, warn)
    shipped = Path(phoenix.__file__).resolve().parents[1] / "data" / "gazetteer" / "phoenix"
    for name in ("actors.jsonl", "agents.jsonl", "SOURCE.md"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    assert warn and all(":" in w.split(": ")[0] for w in warn)


def test_one_person_two_offices_at_two_dates(nlp: Any) -> None:
    text = "Shah Mehmood Qureshi arrived in Kabul on a two-day visit."
    june = mentions(nlp, text, dt.date(2008, 6, 15))["Shah Mehmood Qureshi"]
    september = mentions(nlp, text, dt.date(2008, 9, 15))["Shah Mehmood Qureshi"]
    assert june.state == september.state == "PAK"
    assert (june.role, september.role) == ("government", "government, business")
    # Putin: of the elite in 1995, in government in 2005
    [putin] = actor_index().lookup("Vladimir Putin")
    assert putin.at(dt.date(1995, 1, 1)).code == "RUSELI"
    assert putin.at(dt.date(2005, 1, 1)).code == "RUSGOV"


def test_a_name_two_entries_share_takes_the_state_in_context_or_none(nlp: Any) -> None:
    day = dt.date(2012, 3, 1)  # both entries hold: Sudan's since 2009, South Sudan's since 2011
    candidates = actor_index().lookup("Michael Makuei Lueth")
    assert {c.at(day).state for c in candidates} == {"SDN", "SSD"}
    assert resolve(candidates, day) is None
    assert resolve(candidates, dt.date(2010, 3, 1))[1].state == "SDN"  # type: ignore[index]
    alone = mentions(nlp, "Michael Makuei Lueth spoke to reporters.", day)
    assert alone["Michael Makuei Lueth"].state is None
    south = mentions(nlp, "Michael Makuei Lueth said South Sudan would not negotiate.", day)
    assert south["Michael Makuei Lueth"].state == "SSD"


def test_armed_group_and_igo_with_code_and_home_state(nlp: Any) -> None:
    found = mentions(nlp, "Jaish-ul-Muslimin fighters clashed with the army while the "
                          "Taliban stayed away.", dt.date(2010, 5, 1))
    assert (found["Jaish-ul-Muslimin"].kind, found["Jaish-ul-Muslimin"].code,
            found["Jaish-ul-Muslimin"].state) == ("organisation", "AFGREB", "AFG")
    assert found["the Taliban"].state == "AFG"
    [event] = extract_events("The Taliban attacked a police checkpoint on Monday.",
                             published=dt.date(2010, 5, 5), precision="day")
    assert "AFG" in {a.state for a in event.sources}


def test_a_capital_speaks_for_its_state(nlp: Any) -> None:
    events = extract_events("New Delhi accused Islamabad of sheltering the attackers.",
                            published=dt.date(2010, 5, 5), precision="day")
    assert events and events[0].type == "ACCUSE"
    assert {a.code for a in events[0].sources} == {"IND"}
    assert {a.state for a in events[0].targets} == {"PAK"}


def test_a_dateline_is_never_an_actor(nlp: Any) -> None:
    text = "MOSCOW, Oct 6 (Reuters) - Ukraine accused Poland of violating its airspace."
    assert datelines(text) == [(0, 25)]
    assert not [m for m in find_entities(nlp(text), when=dt.date(2014, 10, 6))
                if m.start < 25]
    events = extract_events(text, published=dt.date(2014, 10, 6), precision="day")
    assert events and all(a.code != "RUS" and a.state != "RUS"
                          for e in events for a in e.actors)


def test_a_person_named_once_with_state_keeps_it_by_surname(nlp: Any) -> None:
    text = ("Pakistani Foreign Minister Shah Mehmood Qureshi flew to Washington on Monday. "
            "On Tuesday Qureshi criticised India over the border closure.")
    found = [m for m in find_entities(nlp(text), when=dt.date(2009, 3, 3)) if m.text ==
             "Qureshi"]
    assert found and found[0].kind == "person" and found[0].state == "PAK"
    events = extract_events(text, published=dt.date(2009, 3, 3), precision="day")
    criticism = [e for e in events if e.type == "ACCUSE"]
    assert criticism and {a.state for a in criticism[0].sources} == {"PAK"}
