"""One timeline from many articles: fusion, memberships, conflicts and the formats, on the
seeds (read from ../shared/seeds)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dossier import queries
from dossier.corpus.chronology import analyse_articles
from dossier.formats import RENDERERS
from dossier.ingest import ingest
from tests.conftest import ENGINES, SEEDS, fresh_store


@pytest.fixture(scope="module", params=ENGINES)
def chronology(tmp_path_factory, request):
    """The seeds' timeline, on SQLite, then on PostgreSQL."""
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not at {SEEDS}")
    with fresh_store(request.param, tmp_path_factory.mktemp("timeline") / "timeline.db") as store:
        report = ingest(store, [SEEDS])
        ids = {Path(e["origin"]).name[:3]: e["id"] for e in report.added}
        # Incremental: the seeds arrive one by one; each joins what is there.
        for name in sorted(ids):
            analyse_articles(store, [ids[name]])
        yield store, ids


def test_2005_alliance_is_one_entry_told_by_000_and_001(chronology):
    store, ids = chronology
    page = queries.timeline(store, between=("RUS", "UZB"), date_from="1999", date_to="2023")
    alliance = [e for e in page["entries"] if e["type"] == "AGREE"
                and (e["date"] or "").startswith("2005")]
    assert len(alliance) == 1
    entry = alliance[0]
    assert {s["article"] for s in entry["sources"]} == {ids["000"], ids["001"]}
    assert entry["date"] == "2005-11-14" and entry["precision"] == "day"
    dates = [e["date"] for e in page["entries"] if e["date"]]
    assert dates == sorted(dates) and dates[0] >= "1999" and dates[-1] <= "2023-12-31"


def test_csto_membership_shows_two_departures_and_the_return(chronology):
    store, _ = chronology
    [pair] = [m for m in queries.memberships(store, "CSTO") if m["member"] == "UZB"]
    spans = [(i["from"], i["to"]) for i in pair["intervals"]]
    assert spans == [(None, "1999"), ("2006-08", "2012")]
    for interval in pair["intervals"]:
        assert all(b["sources"][0]["sentence"] for b in interval["evidence"])


def test_andijan_death_tolls_stand_side_by_side(chronology):
    store, ids = chronology
    [tolls] = [c for c in queries.conflicts(store)
               if c["kind"] == "figures" and "killed" in c["about"]]
    by_value = {c["value"]: c for c in tolls["claims"]}
    assert set(by_value) == {187, 700}
    assert by_value[187]["holder"] != by_value[700]["holder"]
    assert by_value[700]["qualifier"] == "more than"
    assert {c["evidence"][0]["article"] for c in tolls["claims"]} == {ids["000"]}


def test_planned_events_are_kept_apart(chronology):
    store, _ = chronology
    page = queries.timeline(store, entity="UZB", limit=500)
    planned = [e for e in page["entries"] if e["modality"] == "planned"]
    assert planned
    visit = [e for e in planned if any("Next week" in s["sentence"] for s in e["sources"])]
    assert visit and all(s["modality"] == "planned" for e in visit for s in e["sources"])


def test_paging_and_empty_result(chronology):
    store, _ = chronology
    first = queries.timeline(store, limit=3)
    second = queries.timeline(store, limit=3, offset=3)
    assert first["total"] == second["total"] > 6
    assert not {e["id"] for e in first["entries"]} & {e["id"] for e in second["entries"]}
    assert queries.timeline(store, entity="Atlantis")["entries"] == []


def test_formats(chronology):
    store, _ = chronology
    page = queries.timeline(store, entity="CSTO")
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](page))))
    assert rows and all(r["sentence"] for r in rows)
    timelinejs = json.loads(RENDERERS["timelinejs"](page))
    assert timelinejs["events"][0]["start_date"]["year"] == page["entries"][0]["date"][:4]
    assert "| date | type |" in RENDERERS["md"](page)
    html = RENDERERS["html"](page)
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert json.loads(RENDERERS["json"](page)) == json.loads(json.dumps(page, default=str))


def test_cli_timeline_memberships_conflicts(chronology):
    from click.testing import CliRunner

    from dossier.cli import cli as command

    store, _ = chronology
    db = store.url.removeprefix("sqlite:///")
    runner = CliRunner()
    shown = runner.invoke(command, ["--db", db, "timeline", "--between", "RUS", "UZB",
                                    "--format", "json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout) == json.loads(json.dumps(
        queries.timeline(store, between=("RUS", "UZB")), default=str))
    as_json = runner.invoke(command, ["--db", db, "timeline", "--between", "RUS", "UZB",
                                      "--json"])
    assert as_json.exit_code == 0 and as_json.stdout == shown.stdout
    clash = runner.invoke(command, ["--db", db, "timeline", "--json", "--format", "md"])
    assert clash.exit_code == 2 and "give one of them" in clash.stderr
    members = runner.invoke(command, ["--db", db, "memberships", "CSTO"])
    assert "UZB in CSTO: …–1999, 2006-08–2012" in members.stdout
    empty = runner.invoke(command, ["--db", db, "timeline", "--entity", "Atlantis"])
    assert empty.exit_code == 0 and "No timeline entries match" in empty.stderr
    assert "people killed" in runner.invoke(command, ["--db", db, "conflicts"]).stdout


def test_summarised_timeline_of_a_topic(chronology):
    store, _ = chronology
    summary = queries.summarise(store, query="Uzbekistan", dates=3, sentences=1)
    assert 1 <= len(summary["dates"]) <= 3
    days = [d["date"] for d in summary["dates"]]
    assert days == sorted(days)
    for day in summary["dates"]:
        assert len(day["sentences"]) == 1
        sentence = day["sentences"][0]
        assert sentence["text"] in store.article(sentence["article"])["text"]
    assert queries.summarise(store, query="Atlantis")["dates"] == []


def test_cli_summarised_timeline(chronology):
    """`dossier timeline --summarise QUERY --dates N --sentences K` prints what
    queries.summarise returns, and says so on stderr when nothing matches."""
    from click.testing import CliRunner

    from dossier.cli import cli as command

    store, _ = chronology
    db = store.url.removeprefix("sqlite:///")
    runner = CliRunner()
    shown = runner.invoke(command, ["--db", db, "timeline", "--summarise", "Uzbekistan",
                                    "--dates", "3", "--sentences", "1", "--format", "json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout) == json.loads(json.dumps(
        queries.summarise(store, query="Uzbekistan", dates=3, sentences=1), default=str))
    text = runner.invoke(command, ["--db", db, "timeline", "--summarise", "Uzbekistan",
                                   "--dates", "2", "--sentences", "1"])
    assert text.exit_code == 0
    days = [line for line in text.stdout.splitlines() if not line.startswith("  ")]
    assert 1 <= len(days) <= 2 and all(len(d) == 10 for d in days)
    empty = runner.invoke(command, ["--db", db, "timeline", "--summarise", "Atlantis"])
    assert empty.exit_code == 0 and "Nothing to summarise" in empty.stderr


def test_cursor_paging_from_the_cli_and_the_api(chronology):
    """``next`` passed back as ``cursor`` continues the page; the CLI prints and the API
    returns the same JSON; a cursor that is not one is a 4xx with the reason."""
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from dossier.cli import cli as command
    from dossier.web import create_app

    store, _ = chronology
    first = queries.timeline(store, entity="UZB", limit=2)
    following = queries.timeline(store, entity="UZB", limit=2, cursor=first["next"])
    both = queries.timeline(store, entity="UZB", limit=4)
    assert first["next"] and first["total"] == following["total"] == both["total"] > 4
    assert [e["id"] for e in first["entries"] + following["entries"]] == [
        e["id"] for e in both["entries"]]
    db = store.url.removeprefix("sqlite:///")
    shown = CliRunner().invoke(command, ["--db", db, "timeline", "--entity", "UZB", "--limit",
                                         "2", "--cursor", first["next"], "--format", "json"])
    assert shown.exit_code == 0 and f"--cursor {following['next']}" in shown.stderr
    expected = json.loads(json.dumps(following, default=str))
    assert json.loads(shown.stdout) == expected
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        answer = client.get("/api/timeline", params={"entity": "UZB", "limit": 2,
                                                     "cursor": first["next"]})
        assert answer.json() == expected
        bad = client.get("/api/timeline", params={"cursor": "nonsense"})
        assert 400 <= bad.status_code < 500 and "not a timeline cursor" in bad.text


def _unindexed_reads(store, call) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """For each statement ``call`` runs, its reads of ``events`` or ``entries`` that no index
    condition narrows (a Seq Scan, or an index walked whole), planned on fresh statistics
    with sequential scans, hash and merge joins priced out (on a test's few rows the
    planner would rightly prefer them): such a read left means no index serves it."""
    import sqlalchemy as sa

    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    def unnarrowed(node: dict) -> list[str]:  # type: ignore[type-arg]
        found = []
        kind = node["Node Type"]
        if node.get("Relation Name") in ("events", "entries") and (
                kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan")
                                       and "Index Cond" not in node)):
            found.append(f"{kind} on {node.get('Relation Name')}")
        for child in node.get("Plans", []):
            found += unnarrowed(child)
        return found

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    reads: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            conn.execute(sa.text(f"SET LOCAL {setting} = off"))
        raw = conn.connection.dbapi_connection
        for statement, parameters in seen:
            with raw.cursor() as cur:  # type: ignore[union-attr]
                cur.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
                plan = cur.fetchone()[0][0]["Plan"]
            reads[" ".join(statement.split())[:120]] = unnarrowed(plan)
    return reads


def test_a_timeline_page_reads_events_and_entries_by_their_indexes(chronology):
    """At a million articles a page's events (``events JOIN articles`` on the page's
    entries) were read by a Seq Scan of ``events``: statistics taken before the events were
    written (autovacuum off on that server). An index must serve each statement of the page
    (``ix_events_entry``, the primary keys), so that the planner, given fresh statistics,
    never reads a whole table."""
    store, _ = chronology
    if store.engine.dialect.name != "postgresql":
        pytest.skip("an EXPLAIN of PostgreSQL's plans (SQLite has its own planner)")
    reads = _unindexed_reads(store, lambda: queries.timeline(store, entity="RUS", limit=100))
    assert any("FROM events" in statement for statement in reads)
    assert {statement: found for statement, found in reads.items() if found} == {}
