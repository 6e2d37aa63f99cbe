"""Fusion keeps the entry-actor index (who acts in each timeline entry) in step with the
entries: on fusion, on re-analysis and on deleting an article; on SQLite and PostgreSQL.
Events are written by hand (no language models), as ``replace_analysis`` receives them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dossier import queries
from dossier.corpus.fusion import add_vectors, fuse
from dossier.errors import InputError
from dossier.model import Article, PublishedDate
from dossier.store import open_store
from dossier.store.chronology import actor_tokens
from dossier.store.schema import entries, entry_actors, entry_months, membership_boundaries
from tests.conftest import ENGINES, fresh_store


def _state(name: str, code: str, role: str) -> dict:
    return {"name": name, "kind": "state", "code": code, "role": role}


def make_event(article: str, n: int, type_: str, date: str | None, actors: list[dict],
               modality: str = "occurred", source: str = "own") -> dict:
    sentence = f"Sentence {n} of {article[:8]}: {type_} on {date}."
    return {
        "id": f"{article[:8]}-{n:04d}", "type": type_, "date": date, "date_end": None,
        "precision": "day" if date and len(date) == 10 else "year" if date else "unknown",
        "modality": modality, "background": False, "actors": actors, "location": None,
        "summary": f"{type_} {n}", "date_source": source if date else None,
        "evidence": [{"article": article, "origin": f"/tmp/{article}.txt",
                      "sentence": sentence, "published": "2020-01-01"}],
        "offsets": [[n * 100, n * 100 + 50]], "actor_states": {},
    }


def add(store, n: int, events: list[tuple], vectors: bool = False) -> str:  # type: ignore[no-untyped-def]
    """An article carrying events given as (type, date, actors); with ``vectors``, their
    sentence vectors as analysis stores them (a mention dated to the year is joined only on
    what its sentence says)."""
    article = Article(text=f"Article {n}.", origin=f"/tmp/{n}.txt", content_hash=f"{n:064x}",
                      text_hash=f"{n + 10_000:064x}", title=f"Article {n}",
                      published=PublishedDate("2020-01-01", "day", "metadata", "test", 1.0),
                      words=2)
    article_id = store.add_article(article).id
    made = [make_event(article_id, i, *event) for i, event in enumerate(events)]
    if vectors:
        add_vectors(made)
    store.replace_analysis(article_id, "analysed", [], made, [])
    return article_id


RUS, UZB, KAZ = (_state("Russia", "RUS", "source"), _state("Uzbekistan", "UZB", "target"),
                 _state("Kazakhstan", "KAZ", "target"))


@pytest.fixture(params=ENGINES)
def any_store(request, tmp_path):
    with fresh_store(request.param, tmp_path / "fusion.db") as opened:
        yield opened


def index_of(store) -> tuple[dict[str, list], dict[str, list]]:  # type: ignore[no-untyped-def]
    """(what the index holds, what the entries say) per entry: each actor with the date."""
    with store.engine.connect() as conn:
        held: dict[str, list] = {}
        for entry_id, actor, date in conn.execute(sa.select(
                entry_actors.c.entry_id, entry_actors.c.actor, entry_actors.c.date).order_by(
                entry_actors.c.entry_id, entry_actors.c.actor)):
            held.setdefault(entry_id, []).append((actor, date))
        keys = {entry_id: [(actor, date) for actor in actor_tokens(key)]
                for entry_id, key, date in conn.execute(
                    sa.select(entries.c.id, entries.c.actor_key, entries.c.date))}
    return held, keys


def test_entry_actor_index_follows_fusion_reanalysis_and_deletion(any_store):
    store = any_store
    first = add(store, 1, [("AGREE", "2005-11-14", [RUS, UZB]), ("CONSULT", "2006", [RUS, KAZ]),
                           ("JOIN", "2006-08-16", [UZB, _state("CSTO", "CSTO", "target")])])
    second = add(store, 2, [("AGREE", "2005-11-14", [UZB, RUS]),
                            ("THREATEN", "2010-03-01", [KAZ, UZB])])
    fuse(store, [first])
    fuse(store, [second])
    held, keys = index_of(store)
    assert held == keys and set(held) == {e["id"] for e in queries.timeline(store)["entries"]}
    [alliance] = queries.timeline(store, between=("uzb", "Rus"), type="AGREE")["entries"]
    assert {s["article"] for s in alliance["sources"]} == {first, second}
    assert [e["type"] for e in queries.timeline(store, entity="kaz")["entries"]] == [
        "CONSULT", "THREATEN"]

    # Re-analysis: the second article now tells only the threat, a year later.
    touched = store.replace_analysis(second, "analysed", [], [
        make_event(second, 0, "THREATEN", "2011-03-01", [KAZ, UZB])], [])
    fuse(store, [second], touched)
    held, keys = index_of(store)
    assert held == keys
    [alliance] = queries.timeline(store, between=("UZB", "RUS"), type="AGREE")["entries"]
    assert [s["article"] for s in alliance["sources"]] == [first]
    assert [e["date"] for e in queries.timeline(store, entity="KAZ", type="THREATEN")[
        "entries"]] == ["2011-03-01"]

    # Deleting an article drops the entries only it told, with their actors, and
    # re-summarises those another article still tells.
    third = add(store, 3, [("AGREE", "2005-11-14", [RUS, UZB])])
    fuse(store, [third])
    [alliance] = queries.timeline(store, between=("UZB", "RUS"), type="AGREE")["entries"]
    assert len(alliance["sources"]) == 2
    queries.delete(store, second)
    queries.delete(store, first)
    held, keys = index_of(store)
    assert held == keys
    page = queries.timeline(store)
    assert [(e["type"], [s["article"] for s in e["sources"]]) for e in page["entries"]] == [
        ("AGREE", [third])]
    assert queries.timeline(store, entity="KAZ")["total"] == 0
    assert queries.memberships(store, "CSTO") == []


def test_entity_filter_reads_the_entry_actor_index(any_store):
    """An entity's timeline is a look-up in the index, not a scan of the actor keys: an
    entry missing from the index is missing from the entity's timeline."""
    store = any_store
    article = add(store, 1, [("AGREE", "2005-11-14", [RUS, UZB])])
    fuse(store, [article])
    [entry] = queries.timeline(store, entity="UZB")["entries"]
    with store.engine.begin() as conn:
        conn.execute(entry_actors.delete().where(entry_actors.c.actor == "uzb"))
    assert queries.timeline(store, entity="UZB")["entries"] == []
    assert [e["id"] for e in queries.timeline(store, entity="RUS")["entries"]] == [entry["id"]]


def test_cursor_pages_cover_the_timeline_once(any_store):
    """Keyset pages (``next`` passed back as ``cursor``) list the entries offset pages list,
    dated ones in date order, the undated last, and end with ``next`` None."""
    store = any_store
    dates = ["2001", "2005-11-14", None, "2005-11-14", "1999-01-02", None, "2012", "2005-11"]
    for n, date in enumerate(dates):  # each with another partner: none fuse
        partner = _state(f"State {n}", f"S{n}", "target")
        fuse(store, [add(store, n + 1, [("CONSULT", date, [UZB, partner])])])
    everything = queries.timeline(store, limit=500)
    assert everything["total"] == len(dates) and everything["next"] is None
    walked, cursor, pages = [], None, 0
    while True:
        page = queries.timeline(store, limit=3, cursor=cursor)
        assert page["total"] == len(dates)
        walked += [e["id"] for e in page["entries"]]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
    assert walked == [e["id"] for e in everything["entries"]] and pages == 3
    assert [e["date"] for e in everything["entries"]][-2:] == [None, None]
    by_offset = [e["id"] for offset in (0, 3, 6)
                 for e in queries.timeline(store, limit=3, offset=offset)["entries"]]
    assert by_offset == walked
    # With a filter, a cursor pages within it.
    first = queries.timeline(store, entity="UZB", date_to="2005", limit=2)
    rest = queries.timeline(store, entity="UZB", date_to="2005", limit=2, cursor=first["next"])
    assert [e["date"] for e in first["entries"] + rest["entries"]] == [
        "1999-01-02", "2001", "2005-11", "2005-11-14"]
    with pytest.raises(InputError, match="not a timeline cursor"):
        queries.timeline(store, cursor="not-a-cursor")
    with pytest.raises(InputError, match="not both"):
        queries.timeline(store, cursor=first["next"], offset=3)


def test_entry_actor_index_takes_the_new_date_of_an_entry(any_store):
    """An entry known to the year gets its day from a later source: the index of its actors
    moves with it (an entity's page is ordered on the date the index holds)."""
    store = any_store
    fuse(store, [add(store, 1, [("CONSULT", "2006", [RUS, KAZ])], vectors=True)])
    fuse(store, [add(store, 2, [("CONSULT", "2006-05-03", [KAZ, RUS])], vectors=True)])
    [entry] = queries.timeline(store, entity="KAZ")["entries"]
    assert entry["date"] == "2006-05-03" and len(entry["sources"]) == 2
    held, keys = index_of(store)
    assert held == keys == {entry["id"]: [("kaz", "2006-05-03"), ("rus", "2006-05-03")]}


def test_conflicts_lists_the_entries_whose_sources_disagree(any_store):
    store = any_store
    fuse(store, [add(store, 1, [("AGREE", "2005-11-14", [RUS, UZB]),
                                ("CONSULT", "2007-01-10", [RUS, KAZ])])])
    # a report whose day comes from its dateline, two days off: the same signing, flagged
    fuse(store, [add(store, 2, [("AGREE", "2005-11-16", [UZB, RUS], "occurred", "context")])])
    [conflict] = queries.conflicts(store)
    assert conflict["kind"] == "entry" and conflict["entry"]["type"] == "AGREE"
    assert [c["kind"] for c in conflict["entry"]["conflicts"]] == ["date"]


def test_a_date_conflict_lists_each_disagreeing_source_once(any_store):
    """Four sources each on their own day within the few days fusion allows, and one that
    knows only the year: one date conflict naming the four, oldest first (not the six pairs
    they make), and not the source whose year holds every one of their days."""
    store = any_store
    fuse(store, [add(store, 1, [("AGREE", "2005", [RUS, UZB])], vectors=True)])
    for n, day in enumerate(["2005-11-14", "2005-11-16", "2005-11-17", "2005-11-15"], 2):
        fuse(store, [add(store, n, [("AGREE", day, [RUS, UZB])], vectors=True)])
    [entry] = queries.timeline(store, entity="UZB")["entries"]
    assert len(entry["sources"]) == 5
    [conflict] = entry["conflicts"]
    assert conflict["kind"] == "date"
    assert [s["date"] for s in conflict["sources"]] == [
        "2005-11-14", "2005-11-15", "2005-11-16", "2005-11-17"]
    year = next(s for s in entry["sources"] if s["date"] == "2005")
    assert year["event"] not in {s["event"] for s in conflict["sources"]}


CSTO = {"name": "CSTO", "kind": "organisation", "code": "CSTO", "role": "target"}
UZB_JOINS = {**UZB, "role": "source"}


def rewind(conn: sa.Connection, version: str) -> None:
    """Make a store look as one at migration ``version`` did: the tables later migrations
    create dropped, the version set back, so that opening it runs them again."""
    if version < "0013":
        conn.execute(sa.text("DROP TABLE entry_months"))
    conn.execute(sa.text(f"UPDATE alembic_version SET version_num = '{version}'"))


def month_rows_of(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(sa.select(entry_months)))


def test_entry_months_are_written_again_by_migration_0013(any_store):
    """A store fused before ``entry_months`` gets the rows fusion would have written, and
    fusion then finds its entries through them."""
    store = any_store
    fuse(store, [add(store, 1, [("AGREE", "2005-11-14", [RUS, UZB]),
                                ("CONSULT", "2005-10", [RUS, UZB])])])
    written = month_rows_of(store)
    # each actor under the month and type of its entry: November 2005 (AGREE), October
    # (CONSULT)
    assert sorted({row[:3] for row in written}) == [
        ("rus", 2005 * 12 + 9, "CONSULT"), ("rus", 2005 * 12 + 10, "AGREE"),
        ("uzb", 2005 * 12 + 9, "CONSULT"), ("uzb", 2005 * 12 + 10, "AGREE")]
    with store.engine.begin() as conn:
        rewind(conn, "0012")
    store.close()
    again = open_store(store.url)
    try:
        assert month_rows_of(again) == written
        fuse(again, [add(again, 2, [("AGREE", "2005-11-14", [RUS, UZB])])])
        [entry] = [e for e in queries.timeline(again)["entries"] if e["type"] == "AGREE"]
        assert len(entry["sources"]) == 2
    finally:
        again.close()


def boundary_rows(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(sa.select(
            membership_boundaries.c.entry_id, membership_boundaries.c.member,
            membership_boundaries.c.organisation, membership_boundaries.c.type,
            membership_boundaries.c.date)))


def spans_of(store, entity: str = "CSTO") -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(pair["member"], pair["organisation"],
             [(i["from"], i["to"], i["end"]) for i in pair["intervals"]])
            for pair in queries.memberships(store, entity)]


def test_membership_boundaries_follow_fusion_reanalysis_and_deletion(any_store):
    """Fusion keeps one boundary per member and body of each JOIN, LEAVE and SUSPEND that
    happened and is dated in a source's own words; memberships read them back."""
    store = any_store
    joined = add(store, 1, [("JOIN", "1994-04-20", [UZB_JOINS, CSTO])])
    left = add(store, 2, [("LEAVE", "1999-04-02", [UZB_JOINS, CSTO])])
    back = add(store, 3, [("JOIN", "2006-08-16", [UZB_JOINS, CSTO])])
    planned = add(store, 4, [("LEAVE", "2012-06-28", [UZB_JOINS, CSTO], "planned")])
    for article in (joined, left, back, planned):
        fuse(store, [article])
    assert spans_of(store) == [("UZB", "CSTO", [("1994-04-20", "1999-04-02", "leave"),
                                                ("2006-08-16", None, None)])]
    [pair] = queries.memberships(store, "uzb")
    assert [[s["article"] for s in b["sources"]] for i in pair["intervals"]
            for b in i["evidence"]] == [[joined], [left], [back]]
    assert len(boundary_rows(store)) == 3  # the planned departure bounds nothing

    # Re-analysis: the departure was a suspension, a year later.
    touched = store.replace_analysis(left, "analysed", [], [
        make_event(left, 0, "SUSPEND", "2000-04-02", [UZB_JOINS, CSTO])], [])
    fuse(store, [left], touched)
    assert spans_of(store) == [("UZB", "CSTO", [("1994-04-20", "2000-04-02", "suspend"),
                                                ("2006-08-16", None, None)])]
    queries.delete(store, back)
    assert spans_of(store) == [("UZB", "CSTO", [("1994-04-20", "2000-04-02", "suspend")])]
    assert len(boundary_rows(store)) == 2
    assert spans_of(store, "KAZ") == []


def test_membership_boundaries_of_entries_fused_before_the_table(any_store):
    """A store fused before migration 0008 gets the boundaries fusion would have written."""
    store = any_store
    fuse(store, [add(store, 1, [("JOIN", "1994-04-20", [UZB_JOINS, CSTO])]),
                 add(store, 2, [("LEAVE", "1999-04-02", [UZB_JOINS, CSTO]),
                                ("AGREE", "1999-04-02", [RUS, UZB])])])
    written, spans = boundary_rows(store), spans_of(store)
    assert len(written) == 2
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE membership_boundaries"))
        rewind(conn, "0007")
    store.close()
    again = open_store(store.url)
    try:
        assert boundary_rows(again) == written and spans_of(again) == spans
    finally:
        again.close()


def test_date_conflicts_stored_as_pairs_are_rewritten_once_each(any_store):
    """A store written when a date conflict was a pair of sources (three disagreeing
    sources made three pairs) gets one conflict naming each source once (migration 0009)."""
    store = any_store
    for n, day in enumerate(["2005-11-14", "2005-11-16", "2005-11-15"], 1):
        fuse(store, [add(store, n, [("AGREE", day, [RUS, UZB], "occurred", "context")])])
    [entry] = queries.timeline(store)["entries"]
    [conflict] = entry["conflicts"]
    by_date = sorted(conflict["sources"], key=lambda s: s["date"])
    pairs = [{"kind": "date", "sources": [a, b]}
             for i, a in enumerate(by_date) for b in by_date[i + 1:]]
    with store.engine.begin() as conn:
        conn.execute(entries.update().values(conflicts=pairs))
        rewind(conn, "0008")
    store.close()
    again = open_store(store.url)
    try:
        [entry] = queries.timeline(again)["entries"]
        assert entry["conflicts"] == [conflict]
        assert [s["date"] for s in conflict["sources"]] == [
            "2005-11-14", "2005-11-15", "2005-11-16"]
    finally:
        again.close()


def test_news_dated_by_its_article_bounds_a_membership_and_a_recollection_does_not(any_store):
    """"Uzbekistan has returned to the CSTO", told as the article's news and dated by the
    article, bounds a membership; the same told by someone quoted, or recalled as
    background, without a date of its own, does not."""
    store = any_store

    def told(n: int, date: str, modality: str = "occurred", background: bool = False) -> str:
        article = add(store, n, [])
        event = make_event(article, 0, "JOIN", date, [UZB_JOINS, CSTO], modality)
        event.update(date_source="article", background=background)
        store.replace_analysis(article, "analysed", [], [event], [])
        fuse(store, [article])
        return article

    told(1, "2001-05-02", "reported")
    told(2, "2003-07-01", background=True)
    assert spans_of(store) == []
    news = told(3, "2006-08-17")
    assert spans_of(store) == [("UZB", "CSTO", [("2006-08-17", None, None)])]
    [pair] = queries.memberships(store)
    assert pair["intervals"][0]["evidence"][0]["sources"][0]["article"] == news


def test_a_leader_joins_or_leaves_for_the_state_they_act_for(any_store):
    """"Karimov left the treaty in 1999": Uzbekistan's membership ends, not Karimov's."""
    store = any_store
    article = add(store, 1, [])
    karimov = {"name": "Islam Karimov", "kind": "person", "code": None, "role": "source"}
    event = make_event(article, 0, "LEAVE", "1999-04-02", [karimov, CSTO])
    event["actor_states"] = {"Islam Karimov": "UZB"}
    store.replace_analysis(article, "analysed", [], [event], [])
    fuse(store, [article])
    assert spans_of(store) == [("UZB", "CSTO", [(None, "1999-04-02", "leave")])]


def test_membership_boundaries_are_written_again_by_migration_0011(any_store):
    """Rows written under older rules (here: none at all) are rebuilt from the events."""
    store = any_store
    fuse(store, [add(store, 1, [("JOIN", "1994-04-20", [UZB_JOINS, CSTO])])])
    written = boundary_rows(store)
    assert len(written) == 1
    with store.engine.begin() as conn:
        conn.execute(membership_boundaries.delete())
        rewind(conn, "0010")
    store.close()
    again = open_store(store.url)
    try:
        assert boundary_rows(again) == written
    finally:
        again.close()
