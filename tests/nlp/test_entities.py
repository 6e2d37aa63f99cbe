"""find_entities on sentences we wrote."""

from __future__ import annotations

from typing import Any

import pytest

from dossier.errors import DataFileError
from dossier.nlp import gazetteer as gazetteer_module
from dossier.nlp.entities import find_entities


def by_text(nlp: Any, text: str) -> dict[str, Any]:
    return {m.text: m for m in find_entities(nlp(text))}


def test_states_variants_demonyms(nlp: Any) -> None:
    found = by_text(nlp, "Kazakstan and the USSR signed it. Uzbek troops arrived from the "
                         "Russian Federation.")
    assert found["Kazakstan"].code == "KAZ"
    assert found["USSR"].code == "SUN" and found["USSR"].name == "Soviet Union"
    assert found["Uzbek"].kind == "state" and found["Uzbek"].code == "UZB"
    assert found["the Russian Federation"].code == "RUS"


def test_capital_acts_for_its_state_but_is_a_place_after_in(nlp: Any) -> None:
    found = find_entities(nlp("Tashkent wants new weapons. The talks in Moscow ended late."))
    tashkent = next(m for m in found if m.text == "Tashkent")
    moscow = next(m for m in found if m.text == "Moscow")
    assert (tashkent.kind, tashkent.code) == ("state", "UZB")
    assert (moscow.kind, moscow.state) == ("place", "RUS")


def test_organisations_acronym_and_long_form_merge(nlp: Any) -> None:
    found = find_entities(nlp("The Collective Security Treaty Organisation (CSTO) met. Eurasec "
                              "and the Eurasian Economic Community are one body."))
    codes = {m.text: m.code for m in found if m.kind == "organisation"}
    assert codes["Collective Security Treaty Organisation"] == "CSTO"
    assert codes["CSTO"] == "CSTO"
    assert codes["Eurasec"] == codes["Eurasian Economic Community"] == "EURASEC"
    assert gazetteer_module.gazetteer().organisations["EURASEC"]["successor"] == "EAEU"


def test_ministry_takes_its_state(nlp: Any) -> None:
    found = by_text(nlp, "The Russian Ministry of Defence said so.")
    ministry = found["Russian Ministry of Defence"]
    assert (ministry.kind, ministry.code, ministry.state) == ("organisation", "MOD", "RUS")


def test_people_roles_and_resolution(nlp: Any) -> None:
    text = ("Russian Defence Minister Sergei Lomov met Ivan Petrenko, Ukrainian Foreign "
            "Minister, on Monday. Lomov said the Ukrainian minister agreed.")
    found = find_entities(nlp(text))
    people = [m for m in found if m.kind == "person"]
    lomov = people[0]
    assert (lomov.name, lomov.state, lomov.role) == ("Sergei Lomov", "RUS", "Defence Minister")
    petrenko = next(m for m in people if m.name == "Ivan Petrenko")
    assert petrenko.state == "UKR" and petrenko.role == "Foreign Minister"
    assert [m.name for m in people if m.text == "Lomov"] == ["Sergei Lomov"]
    title = next(m for m in people if m.text == "the Ukrainian minister")
    assert title.name == "Ivan Petrenko"


def test_bad_gazetteer_line_names_file_and_line(monkeypatch: Any, tmp_path: Any) -> None:
    bad = tmp_path / "gazetteer"
    bad.mkdir()
    (bad / "states.jsonl").write_text('{"code": "RUS", "name": "Russia"}\n{oops\n')
    monkeypatch.setattr(gazetteer_module, "data_path", lambda name: tmp_path / name)
    with pytest.raises(DataFileError, match=r"states.jsonl line 2"):
        gazetteer_module._jsonl("states.jsonl", ("code", "name"))


def test_former_and_post_soviet_are_not_the_soviet_union(nlp: Any) -> None:
    found = find_entities("Six former Soviet republics signed the protocol in the post-Soviet "
                          "capital, but Uzbekistan refused. The Soviet army left in 1989.")
    codes = [(m.text, m.code) for m in found if m.kind == "state"]
    assert ("Soviet", "SUN") in codes and ("Uzbekistan", "UZB") in codes
    assert len([c for c in codes if c[1] == "SUN"]) == 1  # the army's, not the republics'
