"""Events, claims and entities on the web: the API returns what `dossier events|claims|
entities --json` prints; the reader marks the sentences; entity pages list roles and events."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from markupsafe import escape

from dossier import queries
from dossier.cli import cli
from dossier.web.render import Evidence, event_date, event_flags, paragraphs

CONTRACT = {"id", "type", "date", "date_end", "precision", "modality", "background", "actors",
            "location", "summary", "evidence"}


def _cli_json(db: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


def _busiest_article(client: TestClient) -> str:
    """The article with the most events (the reader's panel has something to show)."""
    counts = Counter(e["evidence"][0]["article"] for e in client.get("/api/events").json())
    return counts.most_common(1)[0][0]


# The API: the CLI's JSON, unchanged ------------------------------------------------------


def test_events_follow_the_contract(client: TestClient) -> None:
    events = client.get("/api/events").json()
    assert events, "the corpus fixture runs the chronology pass"
    for event in events:
        assert set(event) >= CONTRACT
        assert {"date_source", "date_text", "trigger", "reporter", "offsets", "entry"} <= set(event)
        for actor in event["actors"]:
            assert set(actor) == {"name", "kind", "code", "role"}
    dated = [e["date"] for e in events if e["date"]]
    assert dated == sorted(dated), "oldest first"


def test_events_json_equals_cli(client: TestClient, web_db: Path) -> None:
    """Contract: `dossier events --json [filters]` prints what GET /api/events returns."""
    article = _busiest_article(client)
    kind = client.get("/api/events").json()[0]["type"]
    cases = [
        ({}, []),
        ({"article": article[:8]}, ["--article", article[:8]]),
        ({"type": kind.lower()}, ["--type", kind.lower()]),
        ({"entity": "UZB"}, ["--entity", "UZB"]),
        ({"entity": "Russia", "from": "2000", "to": "2010-06"},
         ["--entity", "Russia", "--from", "2000", "--to", "2010-06"]),
        ({"limit": 3}, ["--limit", "3"]),
    ]
    for params, args in cases:
        api = client.get("/api/events", params=params).json()
        assert api == _cli_json(web_db, "events", "--json", *args), params
    assert all(e["type"] == kind for e in client.get("/api/events", params={"type": kind}).json())
    everything = client.get("/api/events").json()
    assert client.get("/api/events", params={"offset": 2, "limit": 2}).json() == everything[2:4]


def test_claims_json_equals_cli(client: TestClient, web_db: Path) -> None:
    article = _busiest_article(client)
    cases = [
        ({}, []),
        ({"article": article}, ["--article", article]),
        ({"entity": "UZB"}, ["--entity", "UZB"]),
        ({"from": "2005", "limit": 4}, ["--from", "2005", "--limit", "4"]),
    ]
    for params, args in cases:
        api = client.get("/api/claims", params=params).json()
        assert api == _cli_json(web_db, "claims", "--json", *args), params
    claim = client.get("/api/claims").json()[0]
    assert {"holder", "verb", "content", "figures", "quotes", "negated", "date", "precision",
            "evidence", "offsets"} <= set(claim)


def test_entities_json_equals_cli(client: TestClient, web_db: Path) -> None:
    article = _busiest_article(client)
    cases = [
        ({}, []),
        ({"kind": "person"}, ["--kind", "person"]),
        ({"name": "uzbek"}, ["--name", "uzbek"]),
        ({"article": article[:6], "kind": "state"}, ["--article", article[:6], "--kind", "state"]),
    ]
    for params, args in cases:
        api = client.get("/api/entities", params=params).json()
        assert api == _cli_json(web_db, "entities", "--json", *args), params
    people = client.get("/api/entities", params={"kind": "person"}).json()
    assert people and all(p["kind"] == "person" for p in people)


@pytest.mark.parametrize("path", ["/api/events", "/api/claims"])
@pytest.mark.parametrize("param", ["from", "to"])
def test_bad_dates_are_400(client: TestClient, path: str, param: str) -> None:
    body = _error(client.get(path, params={param: "2023-02-30"}), 400)
    assert "not a date" in body["error"] and "YYYY" in body["error"]


@pytest.mark.parametrize("path", ["/api/events", "/api/claims", "/api/entities"])
def test_unknown_article_is_404(client: TestClient, path: str) -> None:
    body = _error(client.get(path, params={"article": "00000000-dead-beef"}), 404)
    assert body["error"] == "no article with ID '00000000-dead-beef'"


def test_bad_filters_are_422(client: TestClient) -> None:
    assert "kind (query parameter)" in _error(
        client.get("/api/entities", params={"kind": "planet"}), 422)["error"]
    _error(client.get("/api/events", params={"limit": 0}), 422)
    _error(client.get("/api/claims", params={"offset": -1}), 422)


def test_the_endpoints_are_listed(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/claims", "/api/entities"} <= set(paths)
    assert "/api/events" in client.get("/api").text


# The marked text ---------------------------------------------------------------------------


TEXT = ("Title <b>here</b>\n\nFirst sentence & more. Second <script>x</script> sentence.\n"
        "Still the second paragraph.\n\nThird paragraph, alone.")


def _at(sentence: str) -> list[list[int]]:
    start = TEXT.index(sentence)
    return [[start, start + len(sentence)]]


def test_evidence_marks_by_offsets_and_escapes_everything() -> None:
    first = {"offsets": _at("First sentence & more.")}
    second = {"offsets": _at("Second <script>x</script> sentence.")}
    evidence = Evidence(TEXT, [first, second, {"offsets": []}, {"offsets": [[5, 99999]]}])
    html = [str(p) for p in evidence.paragraphs()]
    assert html[0] == "Title &lt;b&gt;here&lt;/b&gt;"
    start = TEXT.index("First")
    assert html[1].startswith(
        f'<mark class="evidence" data-ev="ev-{start}" data-end="{start + 22}" id="ev-{start}" '
        f'tabindex="-1">First sentence &amp; more.</mark> <mark class="evidence"')
    assert "Second &lt;script&gt;x&lt;/script&gt; sentence.</mark> Still" in html[1]
    assert "<script>" not in "".join(html)
    assert evidence.anchor(first) == f"ev-{start}"
    assert evidence.anchor({"offsets": []}) is None
    assert evidence.anchor({"offsets": [[5, 99999]]}) is None  # beyond the text: no mark


def test_evidence_keeps_the_paragraphs_of_the_plain_reader() -> None:
    plain = [re.sub(r"<mark[^>]*>|</mark>", "", str(p)) for p in Evidence(TEXT, [
        {"offsets": _at("First sentence & more.")}]).paragraphs()]
    assert plain == [str(escape(p)) for p in paragraphs(TEXT)]
    one_per_line = "  One line.\nTwo line.\r\nThree.  "
    assert [str(p) for p in Evidence(one_per_line, []).paragraphs()] == paragraphs(one_per_line)


def test_evidence_merges_overlaps_and_spans_paragraphs() -> None:
    across = TEXT.index("more.")
    end = TEXT.index("Third") + 5
    long = {"offsets": [[across, end]]}
    inner = {"offsets": _at("Third paragraph")}
    evidence = Evidence(TEXT, [long, inner])
    assert evidence.spans == [(across, inner["offsets"][0][1])]  # the union
    assert evidence.anchor(inner) == evidence.anchor(long) == f"ev-{across}"
    html = "".join(str(p) for p in evidence.paragraphs())
    assert html.count(f'id="ev-{across}"') == 1  # one id, however many paragraphs it spans
    assert html.count(f'data-ev="ev-{across}"') == 2


def test_evidence_matches_the_corpus(client: TestClient, web_db: Path) -> None:
    """Every stored sentence lands where its offsets say, in the text the reader shows."""
    from dossier.store import open_store

    store = open_store(web_db)
    try:
        article = store.article(_busiest_article(client))
        items = [*queries.events(store, article=article["id"]),
                 *queries.claims(store, article=article["id"])]
    finally:
        store.close()
    evidence = Evidence(article["text"], items)
    for item in items:
        (start, end), = item["offsets"]
        said = " ".join(item["evidence"][0]["sentence"].split())
        assert " ".join(article["text"][start:end].split()) == said
        assert evidence.anchor(item)


@pytest.mark.parametrize("record,label", [
    ({"date": "2005-11-14", "precision": "day"}, "14 Nov 2005"),
    ({"date": "2005-11", "precision": "month"}, "Nov 2005"),
    ({"date": "2005", "precision": "year"}, "2005"),
    ({"date": "2023-10-09", "date_end": "2023-10-15", "precision": "week"}, "9 Oct – 15 Oct 2023"),
    ({"date": "2017-01", "date_end": "2017-12", "precision": "season"}, "Jan – Dec 2017"),
    ({"date": "2005", "date_end": "2017", "precision": "year"}, "2005 – 2017"),
    ({"date": None, "precision": "unknown"}, "undated"),
])
def test_event_dates_at_their_precision(record: dict, label: str) -> None:
    assert event_date(record) == label


def test_event_flags() -> None:
    assert event_flags({"modality": "occurred", "background": False}) == []
    assert event_flags({"modality": "planned", "background": True, "date_source": "article"}) == [
        "planned", "background", "dated by the article"]


# The reader's panel ------------------------------------------------------------------------


def test_reader_lists_events_and_claims_and_marks_their_sentences(client: TestClient) -> None:
    article = _busiest_article(client)
    events = client.get("/api/events", params={"article": article}).json()
    claims = client.get("/api/claims", params={"article": article}).json()
    html = client.get(f"/articles/{article}").text
    assert '<h2 id="events-h">Events and claims</h2>' in html
    panel = html[html.index('id="events"'):html.index('id="similar"')]
    assert panel.count('<li class="event">') == len(events)
    assert panel.count('<li class="claim">') == len(claims)
    marks = [(int(a), int(b)) for a, b in re.findall(r'data-ev="ev-(\d+)" data-end="(\d+)" id=',
                                                    html)]
    for item in [*events, *claims]:
        start = item["offsets"][0][0]
        held = [a for a, b in marks if a <= start < b]
        assert held, item["offsets"]
        assert f'href="#ev-{held[0]}" data-ev="ev-{held[0]}"' in panel
    for event in events:
        assert f'<time datetime="{event["date"]}"' in panel or not event["date"]
        for actor in event["actors"]:
            assert f'href="/entities/{quote(actor["name"], safe="")}"' in panel
    prose = html[html.index('<div class="prose"'):html.index('class="end-mark"')]
    assert prose.count('<mark class="evidence"') >= len({e["offsets"][0][0] for e in events})


def test_reader_panel_escapes_and_shows_badges(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _busiest_article(client)
    text = client.get(f"/api/articles/{article}", params={"text": 1}).json()["text"]
    sentence = [0, text.index(".") + 1]
    event = {
        "id": "e1", "type": "JOIN", "date": "2006-08", "date_end": None, "precision": "month",
        "modality": "planned", "background": False, "location": None, "offsets": [sentence],
        "summary": "Uzbekistan <b>rejoins</b> the CSTO", "date_source": "article",
        "actors": [{"name": "Uzbekistan", "kind": "state", "code": "UZB", "role": "source"},
                   {"name": "A/B <i>Org</i>", "kind": "organisation", "code": None,
                    "role": "target"}],
        "evidence": [{"article": article, "origin": "x", "sentence": "s", "published": None}],
    }
    claim = {
        "id": "c1", "holder": {"text": "officials", "name": None, "kind": None, "code": None,
                               "role": "source"},
        "verb": "estimate", "content": "more than 700 <em>died</em>", "negated": True,
        "figures": [{"text": "more than 700 people", "value": 700}], "quotes": [],
        "date": None, "precision": None, "evidence": [], "offsets": [[10**9, 10**9 + 5]],
    }
    monkeypatch.setattr(queries, "events", lambda store, **kw: [event])
    monkeypatch.setattr(queries, "claims", lambda store, **kw: [claim])
    html = client.get(f"/articles/{article}").text
    assert "Uzbekistan &lt;b&gt;rejoins&lt;/b&gt; the CSTO" in html
    assert ">Aug 2006</time>" in html and ">planned</span>" in html
    assert ">dated by the article</span>" in html
    assert 'href="/entities/A%2FB%20%3Ci%3EOrg%3C%2Fi%3E">A/B &lt;i&gt;Org&lt;/i&gt;</a>' in html
    assert 'href="#ev-0" data-ev="ev-0"' in html and 'id="ev-0"' in html
    assert "more than 700 &lt;em&gt;died&lt;/em&gt;" in html and ">negated</span>" in html
    assert "<li>more than 700 people</li>" in html and ">officials</span>" in html
    assert '<span class="ev-link claim-text">' in html  # offsets past the text: no link


def test_reader_without_events_says_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "events", lambda store, **kw: [])
    monkeypatch.setattr(queries, "claims", lambda store, **kw: [])
    article = client.get("/api/articles", params={"limit": 1}).json()[0]["id"]
    html = client.get(f"/articles/{article}").text
    assert "No events or claims found in this article." in html
    assert '<mark class="evidence"' not in html


# Entity pages -------------------------------------------------------------------------------


def test_entity_list_filters_by_kind(client: TestClient) -> None:
    html = client.get("/entities").text
    assert "<h1>Entities</h1>" in html and 'aria-current="page"' in html
    assert 'href="/entities/Uzbekistan"' in html
    people = client.get("/entities", params={"kind": "person"}).text
    assert 'href="/entities/Vladimir%20Putin"' in people
    assert 'href="/entities/Uzbekistan"' not in people
    named = client.get("/entities", params={"name": "CSTO"}).text
    assert "Collective Security Treaty Organization" in named
    assert client.get("/entities", params={"kind": "planet"}).status_code == 400


def test_entity_page_shows_roles_mentions_and_events(client: TestClient) -> None:
    name = "Vladimir Putin"
    rows = [r for r in client.get("/api/entities", params={"name": name}).json()
            if r["name"] == name]
    response = client.get(f"/entities/{quote(name)}")
    assert response.status_code == 200
    html = response.text
    assert f'<h1 id="entity-name">{name}</h1>' in html
    assert f"{sum(r['mentions'] for r in rows)} mentions" in html
    assert "Roles over time" in html and '<span class="role">President</span>' in html
    for role in rows[0]["roles"]:
        assert f'href="/articles/{role["article"]}"' in html
    events = [e for e in client.get("/api/events", params={"entity": name}).json()
              if any(a["name"] == name for a in e["actors"])]
    assert events and html.count('<li class="event">') == len(events)
    for event in events:
        proof = event["evidence"][0]
        assert f'href="/articles/{proof["article"]}#ev-{event["offsets"][0][0]}"' in html
    assert '<blockquote class="proof">' in html


def test_entity_page_for_a_state_shows_its_code(client: TestClient) -> None:
    html = client.get("/entities/Uzbekistan").text
    assert "<code>UZB</code>" in html and "state" in html
    redirect = client.get("/entities/uzb", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/entities/Uzbekistan"


def test_unknown_entity_is_a_404_page(client: TestClient) -> None:
    response = client.get("/entities/Atlantis%20%3Cb%3E")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "No entity named &#39;Atlantis &lt;b&gt;&#39;" in response.text
