"""The chronology on the web through TestClient: /api/timeline, /api/memberships and
/api/conflicts return what the CLI prints (the contract), downloads in every format, errors
in the one shape; the timeline, pair, memberships and conflicts pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dossier.cli import cli
from dossier.formats import RENDERERS
from dossier.web import chronology


def _cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


# The API: the CLI's output, unchanged ----------------------------------------------------


def test_timeline_json_equals_cli(client: TestClient, web_db: Path) -> None:
    cases = [
        ({}, []),
        ({"between": ["RUS", "UZB"]}, ["--between", "RUS", "UZB"]),
        ({"entity": "UZB", "type": "JOIN,SUSPEND"}, ["--entity", "UZB", "--type", "JOIN,SUSPEND"]),
        ({"from": "2005", "to": "2012-06", "limit": 7, "offset": 2},
         ["--from", "2005", "--to", "2012-06", "--limit", "7", "--offset", "2"]),
        ({"entity": "Atlantis"}, ["--entity", "Atlantis"]),
    ]
    for params, args in cases:
        api = client.get("/api/timeline", params=params)
        assert api.status_code == 200, api.text
        assert api.json() == json.loads(_cli(web_db, "timeline", "--format", "json", *args))
    page = client.get("/api/timeline", params={"limit": 5}).json()
    assert page["total"] > 5 and len(page["entries"]) == 5 and page["limit"] == 5
    assert client.get("/api/timeline", params={"entity": "Atlantis"}).json()["entries"] == []


@pytest.mark.parametrize("fmt,media", [("md", "text/markdown"), ("csv", "text/csv"),
                                       ("html", "text/html"), ("text", "text/plain"),
                                       ("timelinejs", "application/json")])
def test_timeline_downloads_equal_cli(client: TestClient, web_db: Path, fmt: str,
                                      media: str) -> None:
    args = ["--between", "RUS", "UZB", "--limit", "20"]
    params = {"between": ["RUS", "UZB"], "limit": 20}
    expected = _cli(web_db, "timeline", "--format", fmt, *args)
    for response in (client.get(f"/api/timeline.{fmt}", params=params),
                     client.get("/api/timeline", params={**params, "format": fmt})):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        # The CLI's stream turns the CSV's \r\n into \n; the bytes are otherwise the same.
        assert response.text.replace("\r\n", "\n") + "\n" == expected.replace("\r\n", "\n")
        assert response.text == RENDERERS[fmt](client.get("/api/timeline", params=params).json())
        assert f"timeline.{'txt' if fmt == 'text' else 'json' if fmt == 'timelinejs' else fmt}" \
            in response.headers["content-disposition"]
    if fmt == "html":  # its own inline style may load, nothing else
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert client.get("/api/timeline.json").json() == client.get("/api/timeline").json()


def test_memberships_and_conflicts_equal_cli(client: TestClient, web_db: Path) -> None:
    everything = client.get("/api/memberships").json()
    assert everything, "the corpus reports Uzbekistan joining and leaving"
    assert everything == json.loads(_cli(web_db, "memberships", "--json"))
    for entity in ("CSTO", "Uzbekistan", "Atlantis"):
        api = client.get("/api/memberships", params={"entity": entity}).json()
        assert api == json.loads(_cli(web_db, "memberships", entity, "--json"))
    assert client.get("/api/conflicts").json() == json.loads(_cli(web_db, "conflicts", "--json"))


def test_timeline_bad_input_in_the_error_shape(client: TestClient) -> None:
    assert "two entities" in _error(client.get("/api/timeline?between=RUS"), 400)["error"]
    _error(client.get("/api/timeline?between=RUS&between=UZB&between=KAZ"), 400)
    assert "not a date" in _error(client.get("/api/timeline?from=soon"), 400)["error"]
    _error(client.get("/api/timeline?limit=0"), 422)
    _error(client.get("/api/timeline?limit=501"), 422)
    _error(client.get("/api/timeline?offset=-1"), 422)
    _error(client.get("/api/timeline?format=pdf"), 422)
    _error(client.get("/api/timeline.pdf"), 422)
    endpoints = set(client.app.openapi()["paths"])
    assert {"/api/timeline", "/api/memberships", "/api/conflicts"} <= endpoints


# Grouping and categories -----------------------------------------------------------------


def test_zoom_labels() -> None:
    assert chronology.zoom_labels("2005-11-14") == {
        "decade": "2000s", "year": "2005", "month": "Nov 2005", "day": "14 Nov 2005"}
    assert chronology.zoom_labels("2005") == dict.fromkeys(("decade",), "2000s") | {
        "year": "2005", "month": "2005", "day": "2005"}
    assert chronology.zoom_labels("2005-SU")["month"] == "Summer 2005"
    assert set(chronology.zoom_labels(None).values()) == {"Undated"}


def test_categories() -> None:
    def entry(kind: str, summary: str = "", sentence: str = "") -> dict:
        return {"type": kind, "summary": summary, "sources": [{"sentence": sentence}]}

    assert chronology.category(entry("AGREE")) == "agreements"
    assert chronology.category(entry("CONSULT")) == "visits"
    assert chronology.category(entry("COOPERATE", "two armies hold manoeuvres")) == "military"
    assert chronology.category(entry("COOPERATE", "they cooperate on trade")) == "agreements"
    assert chronology.category(entry("MOBILIZE")) == "military"
    assert chronology.category(entry("SANCTION")) == "disputes"
    assert chronology.category(entry("SUSPEND")) == "memberships"
    assert chronology.category(entry("SUPPORT")) == "other"


def test_membership_bars_positions() -> None:
    from datetime import date

    records = [{"member": "UZB", "organisation": "CSTO", "current": True, "intervals": [
        {"from": None, "to": "2012-06-29", "end": "suspend", "evidence": []},
        {"from": "2020", "to": None, "end": None, "evidence": []}]}]
    bars = chronology.membership_bars(None, records, today=date(2024, 7, 1))
    first, second = bars["rows"][0]["spans"]
    assert first["open_start"] and first["left"] == 0 and not first["open_end"]
    assert second["open_end"] and second["tail"] > 0 and second["left"] > first["right"]
    assert all(0 <= t["x"] <= 100 for t in bars["ticks"])
    assert chronology.membership_bars(None, []) is None


# Pages -----------------------------------------------------------------------------------


def test_timeline_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    html = client.get("/timeline").text
    total = client.get("/api/timeline").json()["total"]
    assert f"{total} entries" in html and 'href="/timeline" aria-current="page"' in html
    monkeypatch.setattr(chronology, "TIMELINE_PAGE", 10)
    first = client.get("/timeline").text
    assert first.count('<li class="tl-entry') == 10 and 'rel="next"' in first
    second = client.get("/timeline?page=2&zoom=month").text
    wanted = client.get("/api/timeline", params={"limit": 10, "offset": 10}).json()["entries"]
    for entry in wanted:
        assert f'id="entry-{entry["id"]}"' in second
    assert 'rel="prev"' in second and 'data-zoom="month" aria-current="true"' in second
    assert "/api/timeline.csv?limit=10&amp;offset=10" in second


def test_timeline_page_links_sources_to_the_evidence(client: TestClient) -> None:
    entries = client.get("/api/timeline", params={"limit": 50}).json()["entries"]
    html = client.get("/timeline").text
    source = entries[0]["sources"][0]
    event = next(e for e in client.get("/api/events", params={"article": source["article"]})
                 .json() if e["id"] == source["event"])
    assert f'href="/articles/{source["article"]}#ev-{event["offsets"][0][0]}"' in html
    # Shown apart: what was planned or only hypothetical (chronology.APART).
    planned = [e for e in entries if e["modality"] in ("planned", "hypothetical")]
    assert planned and html.count('class="tl-entry is-apart') == len(planned)
    assert "Planned <span" in html


def test_timeline_page_filters_and_empty(client: TestClient) -> None:
    joins = client.get("/api/timeline", params={"type": "JOIN"}).json()["entries"]
    html = client.get("/timeline", params={"type": "JOIN"}).text
    assert html.count('<li class="tl-entry') == len(joins) > 0
    empty = client.get("/timeline", params={"entity": "Atlantis"})
    assert empty.status_code == 200 and "No timeline entries match" in empty.text
    bad = client.get("/timeline", params={"from": "soon"}).text
    assert "Not a date" in bad and 'role="alert"' in bad


def test_pair_page(client: TestClient) -> None:
    found = client.get("/api/timeline", params={"between": ["RUS", "UZB"], "limit": 500}).json()
    html = client.get("/pairs/RUS/UZB").text
    assert "Russia" in html and "Uzbekistan" in html
    assert html.count('<li class="tl-entry') == found["total"] > 0
    for year in {e["date"][:4] for e in found["entries"] if e["date"]}:
        assert f'id="y-{year}"' in html
    assert 'data-category="agreements"' in html and 'data-category="visits"' in html
    unknown = client.get("/pairs/RUS/Atlantis").text
    assert "No entity in the archive matches" in unknown and "No timeline entries" in unknown


def test_entity_page_links_pairs_and_draws_memberships(client: TestClient) -> None:
    html = client.get("/entities/Uzbekistan").text
    assert 'href="/pairs/UZB/RUS"' in html
    assert 'href="/timeline?entity=UZB"' in html
    assert 'id="entity-memberships"' in html and 'class="mbar-span' in html
    person = client.get("/entities/Vladimir%20Putin").text
    assert 'id="entity-memberships"' not in person and "/pairs/Vladimir%20Putin/" in person


def test_memberships_page(client: TestClient) -> None:
    found = client.get("/api/memberships").json()
    html = client.get("/memberships").text
    assert html.count('<li class="mbar-row"') == len(found)
    assert html.count('class="mbar-span') == sum(len(m["intervals"]) for m in found)
    assert 'class="mbar-edge-link" href="/articles/' in html
    assert "No memberships known" in client.get("/memberships?entity=Atlantis").text


def test_conflicts_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    found = client.get("/api/conflicts").json()
    html = client.get("/conflicts").text
    for conflict in found:
        if conflict["kind"] == "entry":
            assert f'id="entry-{conflict["entry"]["id"]}"' in html
    claim = client.get("/api/claims", params={"limit": 1}).json()[0]
    figures = {"kind": "figures", "about": "people killed", "claims": [
        {"holder": "Uzbekistan", "figure": "187 people", "value": 187, "qualifier": None,
         "evidence": claim["evidence"]},
        {"holder": None, "figure": "<b>750</b> people", "value": 750, "qualifier": "at least",
         "evidence": claim["evidence"]}]}
    monkeypatch.setattr("dossier.queries.conflicts", lambda store: [figures])
    html = client.get("/conflicts").text
    assert html.count('class="claim-card"') == 2 and "187 people" in html
    assert "&lt;b&gt;750&lt;/b&gt; people" in html and "<b>750" not in html
    assert f'href="/articles/{claim["evidence"][0]["article"]}#ev-' in html
    monkeypatch.setattr("dossier.queries.conflicts", lambda store: [])
    assert "No conflicts found" in client.get("/conflicts").text


def test_empty_archive(tmp_path: Path) -> None:
    from dossier.web import create_app

    with TestClient(create_app(tmp_path / "empty.db"), base_url="http://127.0.0.1") as empty:
        assert empty.get("/api/timeline").json() == {"total": 0, "offset": 0, "limit": 100,
                                                     "next": None, "entries": []}
        assert "No timeline entries match" in empty.get("/timeline").text
        assert "No memberships known" in empty.get("/memberships").text
        assert "No conflicts found" in empty.get("/conflicts").text
        assert RENDERERS["md"]({"entries": []}) in empty.get("/api/timeline.md").text
