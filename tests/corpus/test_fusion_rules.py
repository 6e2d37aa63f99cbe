"""Fusion's rules, one at a time, on small events of our own (written as ``replace_analysis``
receives them, their sentence vectors from the project's MiniLM): compatible types, people
counted as their states, dates that overlap, sentences that must say the same thing,
retrospectives, plans kept apart from deeds, two meetings of one week, a hundred sources."""

from __future__ import annotations

import pytest

from dossier import queries
from dossier.corpus.fusion import actor_tokens, add_vectors, fuse, rules, same_event
from dossier.model import Article, PublishedDate
from dossier.resources import load_toml
from tests.conftest import fresh_store

RUS = {"name": "Russia", "kind": "state", "code": "RUS", "role": "source"}
UZB = {"name": "Uzbekistan", "kind": "state", "code": "UZB", "role": "target"}
PUTIN = {"name": "Vladimir Putin", "kind": "person", "code": None, "role": "source"}
KARIMOV = {"name": "Islam Karimov", "kind": "person", "code": None, "role": "target"}
STATES = {"Vladimir Putin": "RUS", "Islam Karimov": "UZB"}
PRECISION = {4: "year", 7: "month", 10: "day"}


def event(n: int, type_: str, date: str | None, actors: list[dict], sentence: str, *,
          modality: str = "occurred", published: str = "2005-11-20",
          precision: str | None = None, own: bool = True) -> dict:
    return {
        "id": f"ev-{n:04d}", "type": type_, "date": date, "date_end": None,
        "precision": precision or (PRECISION[len(date)] if date else "unknown"),
        "modality": modality, "background": False, "actors": actors, "location": None,
        "summary": sentence[:60], "date_source": ("own" if own else "article") if date else None,
        "evidence": [{"article": "", "origin": f"/tmp/{n}.txt", "sentence": sentence,
                      "published": published}],
        "offsets": [[n * 10, n * 10 + 5]], "actor_states": STATES,
    }


def add(store, n: int, events: list[dict], published: str = "2005-11-20") -> str:  # type: ignore[no-untyped-def]
    article = Article(text=f"Article {n}.", origin=f"/tmp/a{n}.txt",
                      content_hash=f"{n:064x}", text_hash=f"{n + 10_000:064x}",
                      title=f"Article {n}",
                      published=PublishedDate(published, "day", "metadata", "test", 1.0),
                      words=2)
    article_id = store.add_article(article).id
    for e in events:
        e["evidence"][0]["article"] = article_id
        e["id"] = f"{article_id[:8]}-{e['id']}"
    add_vectors(events)
    store.replace_analysis(article_id, "analysed", [], events, [])
    return article_id


@pytest.fixture
def store(tmp_path):
    with fresh_store("sqlite", tmp_path / "rules.db") as opened:
        yield opened


def entries(store) -> list[dict]:  # type: ignore[no-untyped-def]
    return queries.timeline(store, limit=500)["entries"]


SIGNED = "Russia and Uzbekistan signed a treaty of alliance in Moscow on Monday."


def test_every_compatible_pair_has_a_reason_and_known_types():
    pairs = load_toml("fusion/rules.toml")["pair"]
    assert len(pairs) >= 8
    for pair in pairs:
        assert len(pair["types"]) == 2 and pair["types"][0] != pair["types"][1]
        assert pair["types"] == [t.upper() for t in pair["types"]]
        assert len(pair["reason"]) > 20
    assert 0 < rules()["threshold"] <= rules()["vague_threshold"] < 1


def test_talks_and_signing_coded_consult_and_agree_are_one_entry(store):
    fuse(store, [add(store, 1, [event(1, "AGREE", "2005-11-14", [RUS, UZB], SIGNED)])])
    fuse(store, [add(store, 2, [event(2, "CONSULT", "2005-11-14", [PUTIN, KARIMOV],
                                      "Putin and Karimov held talks in Moscow and signed an "
                                      "alliance treaty on Monday.")])])
    [entry] = entries(store)
    assert len(entry["sources"]) == 2 and entry["type"] in ("AGREE", "CONSULT")
    # a type no pair links stays apart
    fuse(store, [add(store, 3, [event(3, "ASSAULT", "2005-11-14", [RUS, UZB], SIGNED)])])
    assert len(entries(store)) == 2


def test_people_count_as_their_states_and_actors_need_only_overlap(store):
    fuse(store, [add(store, 1, [event(1, "AGREE", "2005-11-14", [PUTIN, KARIMOV], SIGNED)])])
    fuse(store, [add(store, 2, [event(2, "AGREE", "2005-11-14", [UZB],
                                      "Uzbekistan signed an alliance treaty with Russia in "
                                      "Moscow on Monday.")])])
    [entry] = entries(store)
    assert len(entry["sources"]) == 2
    assert {"rus", "uzb"} <= {a.lower() for a in store.timeline_rows()[0][0]["actor_key"]
                              .split("|")}


def test_overlapping_dates_join_and_the_entry_takes_the_most_precise(store):
    fuse(store, [add(store, 1, [event(1, "AGREE", "2005-11", [RUS, UZB],
                                      "Russia and Uzbekistan signed a treaty of alliance in "
                                      "November.", published="2005-11-15")])])
    fuse(store, [add(store, 2, [event(2, "AGREE", "2005-11-14", [RUS, UZB], SIGNED,
                                      published="2005-11-18")])])
    [entry] = entries(store)
    assert entry["date"] == "2005-11-14" and entry["precision"] == "day"
    assert [s["rank"] for s in entry["sources"]] == ["first report", "most precise date"]
    # a date that cannot be the same day never joins
    fuse(store, [add(store, 3, [event(3, "AGREE", "2005-12-20", [RUS, UZB], SIGNED)])])
    assert len(entries(store)) == 2


def test_sentences_that_say_different_things_stay_apart(store):
    fuse(store, [add(store, 1, [event(1, "AGREE", "2005-11-14", [RUS, UZB], SIGNED)])])
    fuse(store, [add(store, 2, [event(2, "AGREE", "2005-11-14", [RUS, UZB],
                                      "Russia and Uzbekistan agreed to lower tariffs on "
                                      "cotton and grain exports.")])])
    assert len(entries(store)) == 2


def test_a_retrospective_joins_the_event_it_recalls(store):
    fuse(store, [add(store, 1, [event(1, "AGREE", "2005-11-14", [RUS, UZB], SIGNED)])])
    later = event(2, "AGREE", "2005", [RUS, UZB],
                  "The treaty of alliance Russia and Uzbekistan signed in 2005 still binds "
                  "them.", published="2007-05-30")
    fuse(store, [add(store, 2, [later], published="2007-05-30")])
    [entry] = entries(store)
    assert entry["date"] == "2005-11-14" and len(entry["sources"]) == 2


def test_a_plan_told_before_stays_apart_and_linked(store):
    plan = event(1, "CONSULT", "2005-11-14", [RUS, UZB],
                 "Putin will hold talks with Karimov in Moscow on Monday.",
                 modality="planned", published="2005-11-10")
    fuse(store, [add(store, 1, [plan], published="2005-11-10")])
    fuse(store, [add(store, 2, [event(2, "CONSULT", "2005-11-14", [RUS, UZB],
                                      "Putin held talks with Karimov in Moscow on Monday.")])])
    assert sorted(e["modality"] for e in entries(store)) == ["occurred", "planned"]
    planned = next(e for e in entries(store) if e["modality"] == "planned")
    deed = next(e for e in entries(store) if e["modality"] == "occurred")
    assert planned["related"] == [deed["id"]] and deed["related"] == []


def test_a_plan_told_after_the_deed_joins_it_flagged(store):
    fuse(store, [add(store, 1, [event(1, "CONSULT", "2005-11-14", [RUS, UZB],
                                      "Putin held talks with Karimov in Moscow on Monday.")])])
    late = event(2, "CONSULT", "2005-11-14", [RUS, UZB],
                 "Putin will hold talks with Karimov in Moscow on Monday.",
                 modality="planned", published="2005-11-20")
    fuse(store, [add(store, 2, [late])])
    [done] = entries(store)
    assert done["modality"] == "occurred" and len(done["sources"]) == 2
    assert [c["kind"] for c in done["conflicts"]] == ["modality"]


def test_two_meetings_one_text_dates_apart_stay_two_entries(store):
    fuse(store, [add(store, 1, [
        event(1, "CONSULT", "2005-11-14", [PUTIN, KARIMOV],
              "Putin met Karimov in Moscow on Monday."),
        event(2, "CONSULT", "2005-11-16", [PUTIN, KARIMOV],
              "Putin met Karimov again in Moscow on Wednesday.")])])
    assert len(entries(store)) == 2
    # another text that names another day ("on Tuesday") tells another meeting; one dated
    # by its dateline or the text around it, within the few days fusion allows of
    # Wednesday's meeting only, is that meeting, its date flagged
    fuse(store, [add(store, 2, [event(3, "CONSULT", "2005-11-15", [RUS, UZB],
                                      "Putin met Karimov in Moscow on Tuesday.")])])
    assert len(entries(store)) == 3
    wire = event(4, "CONSULT", "2005-11-19", [RUS, UZB], "Putin met Karimov again in Moscow.")
    wire["date_source"] = "context"
    fuse(store, [add(store, 3, [wire])])
    told = sorted(len(e["sources"]) for e in entries(store))
    assert told == [1, 1, 2]


def test_an_event_told_by_a_hundred_sources_stays_one_small_entry(store):
    sentence = "Russia and Uzbekistan signed a treaty of alliance in Moscow."
    days = ["2005-11-13", "2005-11-14", "2005-11-15"]
    for n in range(100):
        told = event(n, "AGREE", days[n % 3], [RUS, UZB], sentence)
        told["date_source"] = "context"  # the day from each report's dateline
        fuse(store, [add(store, n + 1, [told])])
    [entry] = entries(store)
    assert len(entry["sources"]) == 100
    [conflict] = entry["conflicts"]  # each disagreeing source once, not the pairs
    assert conflict["kind"] == "date" and len(conflict["sources"]) <= 100


def test_a_dateline_only_entry_is_found_by_a_mention_without_actors(store):
    """A protest whose only actor is its dateline's press code (never compared) is found by
    a later mention of it with no actors, as when both are fused at once."""
    press = {"name": "Cairo", "kind": "organisation", "code": "MED", "role": "source"}
    sentence = "Thousands protested in the capital's main square on Friday."
    fuse(store, [add(store, 1, [event(1, "PROTEST", "2011-01-28", [press], sentence)])])
    fuse(store, [add(store, 2, [event(2, "PROTEST", "2011-01-28", [], sentence)])])
    assert [len(e["sources"]) for e in entries(store)] == [2]


def test_the_relation_is_symmetric():
    a = event(1, "CONSULT", "2005-11-14", [PUTIN, KARIMOV], SIGNED)
    b = event(2, "AGREE", "2005", [UZB], SIGNED, published="2007-01-01")
    c = event(3, "CONSULT", "2005-11-14", [RUS, UZB], SIGNED, modality="planned",
              published="2005-11-10")
    add_vectors([a, b, c])
    for x, y in [(a, b), (a, c), (b, c)]:
        assert same_event(x, y) == same_event(y, x)


def _org(name: str, code: str, role: str = "source") -> dict:
    return {"name": name, "kind": "organisation", "code": code, "role": role}


def test_a_dateline_read_as_an_actor_is_not_compared():
    """"Cairo, Egypt (CNN) --" made CNN (MED) an actor of the protest it reports: the
    protesters against "Egypt and CNN" counted as two groups of actors."""
    egypt = {"name": "Egypt", "kind": "state", "code": "EGY", "role": "target"}
    told = event(1, "PROTEST", "2011-01-25", [egypt, _org("CNN", "MED")],
                 "Thousands of protesters spilled into the streets of Egypt on Tuesday.")
    again = event(2, "PROTEST", "2011-01-25", [egypt],
                  "Thousands of protesters filled the streets of Egypt on Tuesday.")
    add_vectors([told, again])
    assert actor_tokens(told) == {"egy"}
    assert same_event(told, again) and same_event(again, told)


def test_a_government_read_without_its_state_is_that_states_only():
    """"The government declared a cease-fire" coded GOV, of Libya in one article and of
    Syria in another: two governments, never one actor; Libya's forces (LBYMIL) stay
    apart from Libya (LBY): counting them as one joined a week of attacks."""
    states = {"Government of Libya": "LBY", "forces": "LBY", "Government of Syria": "SYR"}
    libya = {"name": "Libya", "kind": "state", "code": "LBY", "role": "source"}
    made = [event(n, "CONCEDE", "2011-03-18", [actor], "Libya declared a cease-fire on Friday.")
            for n, actor in enumerate([libya, _org("Government of Libya", "GOV"),
                                       _org("forces", "LBYMIL"),
                                       _org("Government of Syria", "GOV")])]
    for made_event in made:
        made_event["actor_states"] = states
    assert [sorted(actor_tokens(e)) for e in made] == [["lby"], ["lbygov"], ["lbymil"],
                                                       ["syrgov"]]


def test_a_pair_with_a_threshold_joins_only_sentences_that_surely_agree():
    """"The Arab League voted to back a no-fly zone" (SUPPORT) and "the Arab League asked
    for a no-fly zone" (REQUEST) are one vote; backing one measure and asking for another
    are two events, though the pair's types agree."""
    league = {"name": "Arab League", "kind": "organisation", "code": "ARAB LEAGUE",
              "role": "source"}
    backed = event(1, "SUPPORT", "2011-03-12", [league],
                   "The Arab League voted Saturday to back a no-fly zone over Libya.")
    asked = event(2, "REQUEST", "2011-03-12", [league],
                  "The Arab League on Saturday voted to ask for a no-fly zone over Libya.")
    other = event(3, "REQUEST", "2011-03-12", [league],
                  "The Arab League urged its members to send food aid to Tunisia.")
    add_vectors([backed, asked, other])
    assert rules()["pair_thresholds"][frozenset(("REQUEST", "SUPPORT"))] > rules()["threshold"]
    assert same_event(backed, asked) and same_event(asked, backed)
    assert not same_event(backed, other)
    del backed["vector"], backed["_vec"]  # without sentences to compare: apart
    assert not same_event(backed, asked)


def test_two_events_of_one_sentence_are_not_joined_on_its_vector():
    """"Officials welcomed Mubarak's decision but urged all sides to keep calm": SUPPORT and
    REQUEST of one sentence have one vector (cosine 1), which cannot tell that they are one
    event: a pair with a threshold does not join them."""
    sentence = "American officials welcomed Mubarak's decision and urged all sides to keep calm."
    usa = {"name": "United States", "kind": "state", "code": "USA", "role": "source"}
    welcomed = event(1, "SUPPORT", "2011-02-11", [usa], sentence)
    urged = event(2, "REQUEST", "2011-02-11", [usa], sentence)
    for made in (welcomed, urged):
        made["article_hash"], made["offsets"] = "a" * 64, [[0, len(sentence)]]
    add_vectors([welcomed, urged])
    assert not same_event(welcomed, urged)
    urged["article_hash"] = "b" * 64  # the same words in another article: one event
    assert same_event(welcomed, urged)
