"""The JSON API: same JSON as the CLI, one error shape, safe writes and uploads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dossier.cli import cli
from dossier.web import create_app


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return body


def _first_id(client: TestClient) -> str:
    return client.get("/api/articles", params={"limit": 1}).json()[0]["id"]


def _cli_json(db: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_articles(client: TestClient) -> None:
    records = client.get("/api/articles").json()
    assert len(records) >= 10
    assert {"id", "title", "source", "published", "words", "read_count"} <= set(records[0])
    assert "text" not in records[0]
    page = client.get("/api/articles", params={"limit": 3, "offset": 2, "order": "title"}).json()
    titles = [r["title"] for r in client.get("/api/articles?order=title").json()]
    assert [r["title"] for r in page] == titles[2:5]


def test_list_filters(client: TestClient) -> None:
    everything = client.get("/api/articles").json()
    source = next(r["source"] for r in everything if r["source"])
    only = client.get("/api/articles", params={"source": source}).json()
    assert only and all(r["source"] == source for r in only)
    client.post(f"/api/articles/{only[0]['id']}/read")
    unread = client.get("/api/articles", params={"unread": "true"}).json()
    assert only[0]["id"] not in {r["id"] for r in unread}
    assert all(r["is_read"] is False for r in unread)


def test_show_article(client: TestClient) -> None:
    article_id = _first_id(client)
    record = client.get(f"/api/articles/{article_id[:8]}").json()
    assert record["id"] == article_id
    assert "text" not in record and "removed" not in record
    with_text = client.get(f"/api/articles/{article_id}", params={"text": True}).json()
    assert with_text["text"].strip()


def test_read_increments_read_count(client: TestClient) -> None:
    article_id = _first_id(client)
    before = client.get(f"/api/articles/{article_id}").json()["read_count"]
    first = client.post(f"/api/articles/{article_id}/read").json()
    assert first["read_count"] == before + 1 and first["last_read"] and first["text"]
    second = client.post(f"/api/articles/{article_id}/read").json()
    assert second["read_count"] == before + 2


def test_mark_unread(client: TestClient) -> None:
    article_id = _first_id(client)
    client.post(f"/api/articles/{article_id}/read")
    record = client.post(f"/api/articles/{article_id}/unread").json()
    # Unread again, with the reading history kept.
    assert record["is_read"] is False
    assert record["read_count"] >= 1 and record["last_read"] is not None


def test_patch_read_state(client: TestClient) -> None:
    article_id = _first_id(client)
    assert client.patch(f"/api/articles/{article_id}", json={"read": True}).json()["read_count"]
    unread = client.patch(f"/api/articles/{article_id}", json={"read": False}).json()
    assert unread["is_read"] is False and unread["read_count"] >= 1


def test_delete(client: TestClient) -> None:
    article_id = _first_id(client)
    gone = client.delete(f"/api/articles/{article_id}").json()
    assert gone == {"id": article_id, "title": gone["title"], "deleted": True}
    _error(client.get(f"/api/articles/{article_id}"), 404)
    _error(client.delete(f"/api/articles/{article_id}"), 404)


def test_stats(client: TestClient) -> None:
    totals = client.get("/api/stats").json()
    assert totals["articles"] == len(client.get("/api/articles").json())
    assert totals["unread"] <= totals["articles"] and totals["by_source"]


@pytest.mark.parametrize("method,path", [
    ("get", "/api/articles/00000000-dead-beef"),
    ("post", "/api/articles/00000000-dead-beef/read"),
    ("post", "/api/articles/00000000-dead-beef/unread"),
    ("delete", "/api/articles/00000000-dead-beef"),
])
def test_unknown_id_is_404_json(client: TestClient, method: str, path: str) -> None:
    body = _error(getattr(client, method)(path), 404)
    assert body["error"] == "no article with ID '00000000-dead-beef'"


def test_short_id_is_404_with_the_fix(client: TestClient) -> None:
    assert "at least 4 characters" in _error(client.get("/api/articles/ab"), 404)["error"]


def test_unknown_route_is_404_json(client: TestClient) -> None:
    _error(client.get("/api/nothing-here"), 404)


@pytest.mark.parametrize("query,words", [
    ("limit=0", "limit (query parameter)"),
    ("limit=ten", "limit (query parameter): Input should be a valid integer"),
    ("order=random", "order (query parameter)"),
    ("offset=-1", "offset (query parameter)"),
])
def test_bad_params_are_422_readable(client: TestClient, query: str, words: str) -> None:
    body = _error(client.get(f"/api/articles?{query}"), 422)
    assert words in body["error"]
    assert body["errors"] and body["errors"][0]["loc"][0] == "query"


def test_malformed_json_is_422_readable(client: TestClient) -> None:
    article_id = _first_id(client)
    response = client.patch(
        f"/api/articles/{article_id}", content=b'{"read": tru',
        headers={"content-type": "application/json"},
    )
    body = _error(response, 422)
    assert body["error"].startswith("request body: malformed JSON")
    wrong = _error(client.patch(f"/api/articles/{article_id}", json={"read": "maybe"}), 422)
    assert wrong["error"].startswith("read: Input should be a valid boolean")


def test_upload_imports_an_article(client: TestClient, new_article: bytes) -> None:
    files = {"files": ("../../etc/glaciers.txt", new_article, "text/plain")}
    report = client.post("/api/import", files=files).json()
    assert [entry["origin"] for entry in report["added"]] == ["upload:glaciers.txt"]
    added = report["added"][0]
    assert added["title"].startswith("Glacier survey")
    record = client.get(f"/api/articles/{added['id']}").json()
    assert record["origin"] == "upload:glaciers.txt"
    again = client.post("/api/import", files=files).json()
    assert not again["added"] and again["duplicates"][0]["id"] == added["id"]


def test_upload_of_a_non_article_is_a_reported_failure(client: TestClient) -> None:
    files = [
        ("files", ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")),
        ("files", ("binary.txt", bytes(range(256)) * 4, "text/plain")),
    ]
    response = client.post("/api/import", files=files)
    assert response.status_code == 200
    report = response.json()
    assert not report["added"]
    reasons = " ".join(f["reason"] for f in report["failed"])
    assert "photo.png: unsupported file type" in reasons
    assert "binary.txt" in reasons and "/tmp" not in reasons


def test_upload_too_large_is_413(web_db: Path) -> None:
    app = create_app(web_db, max_upload_bytes=2048)
    with TestClient(app, base_url="http://127.0.0.1") as small:
        files = {"files": ("big.txt", b"word " * 2000, "text/plain")}
        body = _error(small.post("/api/import", files=files), 413)
        assert "too large" in body["error"] and "limit" in body["error"]
        # Without a Content-Length the body is counted as it arrives.
        chunks = (b"x" * 1024 for _ in range(8))
        streamed = small.post(
            "/api/import", content=chunks,
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        _error(streamed, 413)


def test_upload_limit_is_the_setting_and_named(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.settings import default_settings

    monkeypatch.setenv("DOSSIER_MAX_UPLOAD_MB", "0.002")  # 2097 bytes
    default_settings.cache_clear()
    try:
        app = create_app(web_db)
    finally:
        default_settings.cache_clear()
    assert app.state.max_upload_bytes == 2097
    with TestClient(app, base_url="http://127.0.0.1") as small:
        files = {"files": ("big.txt", b"word " * 500, "text/plain")}
        body = _error(small.post("/api/import", files=files), 413)
        assert "setting max_upload_mb: DOSSIER_MAX_UPLOAD_MB" in body["error"]
        assert "2 KB" in body["error"]
        chunks = (b"x" * 1024 for _ in range(8))
        streamed = small.post("/api/import", content=chunks,
                              headers={"content-type": "multipart/form-data; boundary=b"})
        assert "setting max_upload_mb" in _error(streamed, 413)["error"]


def test_search_returns_the_query_layer_json(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "CSTO", "limit": 5})
    assert response.status_code == 200
    found = response.json()
    assert found["count"] >= 1 and all("<mark>" in r["snippet"] for r in found["results"]
                                       if r["lexical"])
    _error(client.get("/api/search", params={"q": "  "}), 400)
    assert client.get("/api/search", params={"q": 'NEAR( "x * ^'}).status_code == 200


@pytest.mark.parametrize(("query", "setting"), [
    ("the " * 200, "max_query_chars"),
    (" ".join(f"word{n}" for n in range(40)), "max_query_terms"),
])
def test_search_over_a_limit_is_a_400_naming_the_setting(
    client: TestClient, query: str, setting: str
) -> None:
    body = _error(client.get("/api/search", params={"q": query}), 400)
    assert f"setting {setting}" in body["error"]
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200 and f"setting {setting}" in page.text


PAGED_ENDPOINTS = [
    ("/api/articles", "limit"), ("/api/articles", "offset"), ("/api/events", "limit"),
    ("/api/events", "offset"), ("/api/claims", "limit"), ("/api/claims", "offset"),
    ("/api/timeline", "limit"), ("/api/timeline", "offset"), ("/api/timeline.md", "offset"),
    ("/api/search?q=water", "limit"),
]


def _paged(client: TestClient, path: str, name: str, value: int) -> Any:
    base, _, query = path.partition("?")
    return client.get(base, params={**dict(parse_qsl(query)), name: value})


@pytest.mark.parametrize(("path", "name"), PAGED_ENDPOINTS)
@pytest.mark.parametrize("value", [10**21, 2**63, 2**31])
def test_huge_limits_and_offsets_are_json_errors(
    client: TestClient, path: str, name: str, value: int
) -> None:
    """/api/articles?limit=10**21 answered a plain-text 500."""
    body = _error(_paged(client, path, name, value), 422)
    assert body["error"].startswith(f"{name} (query parameter)")


@pytest.mark.parametrize(("path", "name"), [p for p in PAGED_ENDPOINTS if p[1] == "limit"])
def test_a_limit_over_the_page_size_names_the_setting(
    client: TestClient, path: str, name: str
) -> None:
    body = _error(_paged(client, path, name, 501), 422)
    assert "setting max_page_size" in body["error"]
    assert _paged(client, path, name, 500).status_code == 200


@pytest.mark.parametrize("path", ["/", "/timeline", "/pairs/RUS/UZB"])
def test_huge_page_numbers_are_not_server_errors(client: TestClient, path: str) -> None:
    response = client.get(path, params={"page": 10**21})
    assert response.status_code in (200, 422), response.text


def test_openapi_and_local_api_page(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/articles/{article_id}/read" in schema["paths"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    page = client.get("/api")
    assert page.status_code == 200 and "/api/articles/{article_id}" in page.text


def test_list_json_equals_cli(client: TestClient, web_db: Path) -> None:
    """Contract: `dossier list --json` prints what GET /api/articles returns."""
    assert client.get("/api/articles").json() == _cli_json(web_db, "list", "--json")
    assert client.get("/api/articles?limit=3&offset=1&order=title").json() == _cli_json(
        web_db, "list", "--json", "--limit", "3", "--offset", "1", "--order", "title"
    )


def test_show_json_equals_cli(client: TestClient, web_db: Path) -> None:
    """Contract: `dossier show --json [--text] [--removed]` equals GET /api/articles/{id}."""
    article_id = _first_id(client)
    assert client.get(f"/api/articles/{article_id}").json() == _cli_json(
        web_db, "show", article_id, "--json"
    )
    assert client.get(f"/api/articles/{article_id}?text=1&removed=1").json() == _cli_json(
        web_db, "show", article_id, "--json", "--text", "--removed"
    )


def test_stats_json_equals_cli(client: TestClient, web_db: Path) -> None:
    assert client.get("/api/stats").json() == _cli_json(web_db, "stats", "--json")
