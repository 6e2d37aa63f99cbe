"""Entities across articles: a surname alone folds into the one full name it ends."""

from __future__ import annotations

from dossier.corpus.entities import merge_surnames


def _person(name: str, mentions: int, roles: list[dict] | None = None) -> dict:
    return {"name": name, "kind": "person", "code": None, "state": None,
            "mentions": mentions, "articles": 1, "roles": roles or []}


def test_surname_folds_into_the_only_full_name():
    rows = merge_surnames([
        _person("Islam Karimov", 5, [{"role": "President", "article": "a", "date": "2008-02"}]),
        _person("Karimov", 2, [{"role": "leader", "article": "b", "date": "2005-11-14"}]),
    ])
    assert [r["name"] for r in rows] == ["Islam Karimov"]
    assert rows[0]["mentions"] == 7 and rows[0]["aliases"] == ["Karimov"]
    assert [r["date"] for r in rows[0]["roles"]] == ["2005-11-14", "2008-02"]


def test_ambiguous_surname_stays_apart():
    rows = merge_surnames([_person("Sergei Ivanov", 1), _person("Igor Ivanov", 1),
                           _person("Ivanov", 3)])
    assert {r["name"] for r in rows} == {"Sergei Ivanov", "Igor Ivanov", "Ivanov"}
