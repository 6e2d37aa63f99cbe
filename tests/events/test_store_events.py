"""Events, claims and entities through the store, the query layer and the CLI, on the
seeds (read from ../shared/seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier import queries
from dossier.corpus.chronology import UNSUPPORTED, analyse_articles
from dossier.ingest import ingest
from dossier.settings import Settings
from tests.conftest import ENGINES, SEEDS, fresh_store, on_both_engines

CONTRACT = {"id", "type", "date", "date_end", "precision", "modality", "background", "actors",
            "location", "summary", "evidence"}


@pytest.fixture(scope="module", params=ENGINES)
def analysed(tmp_path_factory, request):
    """The seeds ingested and analysed, on SQLite, then on PostgreSQL."""
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not at {SEEDS}")
    with fresh_store(request.param, tmp_path_factory.mktemp("events") / "events.db") as store:
        report = ingest(store, [SEEDS])
        ids = {Path(e["origin"]).name[:3]: e["id"] for e in report.added}
        assert analyse_articles(store, list(ids.values())) == 5
        yield store, ids


def test_event_json_contract(analysed):
    store, _ = analysed
    found = queries.events(store)
    assert found
    for event in found:
        assert set(event) >= CONTRACT
        for actor in event["actors"]:
            assert set(actor) == {"name", "kind", "code", "role"}
            assert actor["kind"] in {"state", "organisation", "person", "place"}
            assert actor["role"] in {"source", "target", "other"}
        evidence = event["evidence"][0]
        assert evidence["sentence"] and evidence["article"] and evidence["published"]


def test_planned_visit_in_004_is_never_told_as_done(analysed):
    store, ids = analysed
    visits = [e for e in queries.events(store, article=ids["004"])
              if "official visit" in e["evidence"][0]["sentence"]
              and "Next week" in e["evidence"][0]["sentence"]]
    assert visits and all(e["modality"] == "planned" for e in visits)


def test_csto_departures_and_return_are_membership_events(analysed):
    store, _ = analysed
    leaves = queries.events(store, entity="CSTO", type="LEAVE")
    assert {e["date"] for e in leaves} >= {"1999", "2012"}
    assert all(e["background"] for e in leaves)
    joins = queries.events(store, entity="UZB", type="JOIN")
    assert any(e["date"] == "2006-08" for e in joins)


def test_filters_by_date_and_article(analysed):
    store, ids = analysed
    in_2005 = queries.events(store, date_from="2005", date_to="2005")
    assert in_2005 and all(e["date"].startswith("2005") for e in in_2005)
    only_002 = queries.events(store, article=ids["002"][:8])
    assert only_002 and {e["evidence"][0]["article"] for e in only_002} == {ids["002"]}


def test_two_death_tolls_are_two_claims_with_their_holders(analysed):
    store, ids = analysed
    tolls = [c for c in queries.claims(store, article=ids["000"])
             if any(f.get("what") == "killed" for f in c["figures"])]
    values = {f["value"]: c["holder"]["name"] for c in tolls for f in c["figures"]}
    assert 187 in values and 700 in values
    assert values[187] != values[700]


def test_entities_resolve_states_and_people(analysed):
    store, _ = analysed
    states = {e["code"] for e in queries.entities(store, kind="state")}
    assert {"RUS", "UZB"} <= states
    people = {e["name"] for e in queries.entities(store, kind="person")}
    assert {"Vladimir Putin", "Islam Karimov", "Shavkat Mirziyoyev"} <= people
    shoigu = queries.entities(store, name="Shoigu")
    assert shoigu and any("Defen" in r["role"] for r in shoigu[0]["roles"])


@on_both_engines()
def test_non_english_article_is_marked_and_gives_no_events(store, tmp_path):
    text = ("Министр обороны Узбекистана встретился с российским коллегой в Москве. "
            "Стороны подписали план сотрудничества на следующий год и договорились о "
            "совместных учениях в горах на юге страны, сообщило министерство.\n\n"
            "В Ташкенте заявили, что визит президента России состоится в следующем месяце.")
    (tmp_path / "ru.txt").write_text(text)
    added = ingest(store, [tmp_path / "ru.txt"], Settings(min_words=5)).added[0]["id"]
    analyse_articles(store, [added])
    assert store.article(added)["analysis"] == UNSUPPORTED
    assert queries.events(store, article=added) == []


def test_cli_events_claims_entities_json(analysed, tmp_path):
    from click.testing import CliRunner

    from dossier.cli import cli as command

    store, ids = analysed
    db = store.url.removeprefix("sqlite:///")
    runner = CliRunner()
    for name, call in (("events", queries.events), ("claims", queries.claims),
                       ("entities", queries.entities)):
        result = runner.invoke(command, ["--db", db, name, "--json", "--article", ids["000"]])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == json.loads(
            json.dumps(call(store, article=ids["000"]), default=str))
    bad = runner.invoke(command, ["--db", db, "events", "--from", "February 30"])
    assert bad.exit_code == 1 and "not a date" in bad.stderr


BROTHERHOOD = """Brotherhood leaders meet Egyptian ministers in Cairo

CAIRO, 3 March 2012 (Nile Wire) - Leaders of the Muslim Brotherhood met Egypt's interior
minister in Cairo on Saturday, and the Muslim Brotherhood signed an agreement with Egypt on
the timetable for the new parliament, officials said.

The Muslim Brotherhood will hold talks with Jordan next week, a spokesman said.
"""


@on_both_engines()
def test_an_organisation_with_a_long_code_is_analysed_on_both_engines(store, tmp_path):
    """The gazetteer's "MUSLIM BROTHERHOOD" (18 characters) overflowed mentions.code
    VARCHAR(16) on PostgreSQL: the ingest stopped there, the articles after it unanalysed."""
    (tmp_path / "brotherhood.txt").write_text(BROTHERHOOD)
    report = ingest(store, [tmp_path / "brotherhood.txt"], Settings(min_words=5))
    article_id = report.added[0]["id"]
    assert analyse_articles(store, [article_id]) == 1
    assert store.article(article_id)["analysis"] == "analysed"
    [entity] = queries.entities(store, name="Muslim Brotherhood")
    assert entity["code"] == "MUSLIM BROTHERHOOD" and entity["mentions"] == 3
    deals = queries.timeline(store, entity="Muslim Brotherhood", type="AGREE")["entries"]
    assert [(e["date"], e["sources"][0]["article"]) for e in deals] == [
        ("2012-03-03", article_id)]
    assert queries.events(store, entity="MUSLIM BROTHERHOOD", type="CONSULT")
