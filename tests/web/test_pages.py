"""The HTML pages through TestClient: library, reader panels, 404 page, delete, import."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dossier import queries


def _first(client: TestClient) -> dict:
    return client.get("/api/articles", params={"limit": 1}).json()[0]


def test_library_lists_and_filters(client: TestClient) -> None:
    html = client.get("/").text
    total = client.get("/api/stats").json()["articles"]
    assert f"{total} articles" in html and html.count('<li class="entry') == total
    record = _first(client)
    only = client.get("/", params={"source": record["source"]}).text
    assert record["title"] in only
    client.post(f"/api/articles/{record['id']}/read")
    unread = client.get("/", params={"unread": "1"}).text
    assert f'href="/articles/{record["id"]}"' not in unread


def test_library_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dossier.web.pages.PAGE_SIZE", 5)
    first = client.get("/").text
    assert "Page 1 of" in first and 'rel="next"' in first
    second = client.get("/?page=2").text
    assert 'rel="prev"' in second and second.count('<li class="entry') == 5


def test_reader_shows_text_and_record(client: TestClient) -> None:
    record = _first(client)
    html = client.get(f"/articles/{record['id']}").text
    for panel in ("Summary", "Similar readings", "Statistics", "Details"):
        assert f">{panel}</h2>" in html
    assert "Not computed yet." not in html  # the corpus was ingested with summaries
    assert record["summary"] and record["summary"][:60] in html
    assert f'href="{record["url"]}" rel="noopener noreferrer"' in html
    assert record["published"]["method"] in html and '<div class="prose"' in html


def test_reader_renders_summary_and_similar(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = queries.article

    def with_panels(store, article_id, *, text=False):  # type: ignore[no-untyped-def]
        record = real(store, article_id, text=text)
        record["summary"] = "Leaders met <b>and</b> agreed."
        record["similar"] = [
            {"id": "aaaa1111", "title": "A related report", "score": 0.81, "same_story": False},
            {"id": "bbbb2222", "title": "The same wire story", "score": 0.97, "same_story": True},
        ]
        return record

    monkeypatch.setattr(queries, "article", with_panels)
    html = client.get(f"/articles/{_first(client)['id']}").text
    assert "Leaders met &lt;b&gt;and&lt;/b&gt; agreed." in html
    assert "A related report" in html and "0.81" in html
    same_story = html[html.index("Same story elsewhere"):]
    assert "The same wire story" in same_story and "Not computed yet." not in html


def test_unknown_article_is_a_404_page(client: TestClient) -> None:
    response = client.get("/articles/ffffffff-not-there")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "No article with ID" in response.text and "Back to the library" in response.text


def test_mark_read_unread_and_delete_with_confirmation(client: TestClient) -> None:
    record = _first(client)
    reader = client.get(f"/articles/{record['id']}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', reader).group(1)
    client.post(f"/articles/{record['id']}/read", data={"csrf": csrf})
    after = client.get(f"/articles/{record['id']}").text
    assert re.search(r'id="read-count">1<', after) and "Mark unread" in after
    client.post(f"/articles/{record['id']}/unread", data={"csrf": csrf})
    unread = client.get(f"/articles/{record['id']}").text
    # Unread again; the reading history (one read) is kept.
    assert re.search(r'id="read-count">1<', unread) and "Mark as read" in unread
    confirm = client.get(f"/articles/{record['id']}/delete")
    assert "Delete this article?" in confirm.text and "cannot be undone" in confirm.text
    done = client.post(f"/articles/{record['id']}/delete", data={"csrf": csrf})
    assert done.status_code == 200 and "Deleted “" in done.text
    assert client.get(f"/articles/{record['id']}").status_code == 404


def test_import_page_reports(client: TestClient, new_article: bytes) -> None:
    form = client.get("/import").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    response = client.post(
        "/import", data={"csrf": csrf},
        files=[("files", ("glaciers.txt", new_article, "text/plain")),
               ("files", ("notes.pdf", b"%PDF-1.4", "application/pdf"))],
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/import/")
    report = client.get(response.headers["location"]).text
    assert "1 added, 0 duplicate, 1 failed" in report
    assert "Glacier survey finds Pamir ice" in report and "notes.pdf: unsupported" in report


def test_search_page_finds_and_highlights(client: TestClient) -> None:
    html = client.get("/search?q=CSTO").text
    assert html.count('<li class="entry') >= 3 and "<mark>CSTO</mark>" in html


def test_search_page_highlights_safely(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_search(store, q, source=None, date_from=None, date_to=None, limit=20):  # type: ignore[no-untyped-def]
        return [{"id": "abcd1234", "title": "Treaty <i>news</i>", "source": "Wire",
                 "published": {"value": "2006-08-17", "precision": "day"},
                 "snippet": "Uzbekistan rejoined the <mark>CSTO</mark> <script>x</script>"}]

    monkeypatch.setattr(queries, "search", fake_search, raising=False)
    html = client.get("/search?q=CSTO").text
    assert "rejoined the <mark>CSTO</mark> &lt;script&gt;x&lt;/script&gt;" in html
    assert "Treaty &lt;i&gt;news&lt;/i&gt;" in html and "17 Aug 2006" in html


def test_stats_and_api_pages(client: TestClient) -> None:
    assert "By source" in client.get("/stats").text
    assert "/openapi.json" in client.get("/api").text
