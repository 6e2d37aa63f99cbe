"""Safe by default: tokens off loopback, CSRF on forms, cross-site refusals, headers,
escaped text, safe upload names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.store import open_store
from dossier.store.schema import articles
from dossier.web import create_app
from dossier.web.render import highlight, paragraphs, published_label
from dossier.web.security import is_loopback
from dossier.web.uploads import safe_name


def _first_id(client: TestClient) -> str:
    return client.get("/api/articles", params={"limit": 1}).json()[0]["id"]


def test_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/stats", "/static/app.css", "/articles/nope"):
        headers = client.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("host,loopback", [
    ("127.0.0.1", True), ("::1", True), ("localhost", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_non_loopback_host_needs_a_token(web_db: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(web_db, host="0.0.0.0")


def test_writes_need_the_token_off_loopback(web_db: Path) -> None:
    app = create_app(web_db, host="0.0.0.0", token="s3cret")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        auth = {"Authorization": "Bearer s3cret"}
        article_id = client.get("/api/articles", params={"limit": 1}, headers=auth).json()[0]["id"]
        refused = client.post(f"/api/articles/{article_id}/read")
        assert refused.status_code == 401 and refused.json()["ok"] is False
        wrong = client.post(f"/api/articles/{article_id}/read",
                            headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = client.post(f"/api/articles/{article_id}/read",
                         headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert client.get("/?token=wrong", follow_redirects=False).status_code == 401
        visit = client.get("/?token=s3cret", follow_redirects=False)
        assert visit.status_code == 303 and visit.headers["location"] == "/"
        assert "httponly" in visit.headers["set-cookie"].lower()
        assert client.post(f"/api/articles/{article_id}/read").status_code == 200  # cookie


def test_cross_site_writes_are_refused(client: TestClient) -> None:
    article_id = _first_id(client)
    response = client.post(f"/api/articles/{article_id}/read",
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and "cross-site" in response.json()["error"]
    fetch = client.post(f"/api/articles/{article_id}/read",
                        headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403


def test_forms_need_the_csrf_token(client: TestClient) -> None:
    article_id = _first_id(client)
    refused = client.post(f"/articles/{article_id}/read", data={"csrf": "forged"})
    assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
    csrf = client.app.state.csrf_token
    done = client.post(f"/articles/{article_id}/read", data={"csrf": csrf},
                       follow_redirects=False)
    assert done.status_code == 303
    assert client.get(f"/api/articles/{article_id}").json()["read_count"] >= 1


def test_ingested_html_is_escaped(client: TestClient, web_db: Path) -> None:
    evil = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
    article_id = _first_id(client)
    store = open_store(web_db)
    with store.atomic() as conn:
        conn.execute(articles.update().where(articles.c.id == article_id)
                     .values(title=evil, text=evil + "\n\nSecond paragraph."))
    store.close()
    html = client.get(f"/articles/{article_id}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)",
                                 " javascript:alert(1)", "data:text/html,hi", "//evil.example/x",
                                 "vbscript:x", "java\tscript:alert(1)"])
def test_a_stored_url_that_is_not_http_is_never_a_link(
    client: TestClient, web_db: Path, url: str
) -> None:
    """A JSON Lines ``url: "javascript:alert(1)"`` became a link in the reader."""
    article_id = _first_id(client)
    store = open_store(web_db)
    with store.atomic() as conn:
        conn.execute(articles.update().where(articles.c.id == article_id).values(url=url))
    store.close()
    html = client.get(f"/articles/{article_id}").text
    assert 'class="url"' in html  # the URL is still shown, as text
    assert not re.search(r'href="\s*(javascript|data|vbscript|//|java\t)', html, re.I)


def test_an_http_url_is_a_link(client: TestClient) -> None:
    record = next(r for r in client.get("/api/articles").json() if r["url"])
    html = client.get(f"/articles/{record['id']}").text
    assert f'href="{record["url"]}"' in html


def test_highlight_keeps_only_marks() -> None:
    snippet = 'the <mark>CSTO</mark> & <b>friends</b> <mark onclick="x">y</mark> <mark>open'
    out = str(highlight(snippet))
    assert out.startswith("the <mark>CSTO</mark> &amp; &lt;b&gt;friends&lt;/b&gt;")
    assert "onclick" not in out.replace("&lt;mark onclick", "") and out.endswith("</mark>")
    assert out.count("<mark>") == out.count("</mark>") == 2


@pytest.mark.parametrize("given,expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\me\\My Article.html", "My_Article.html"),
    (".hidden.txt", "hidden.txt"),
    ("", "upload-3"),
    ("////", "upload-3"),
    ("a" * 300 + ".jsonl", "a" * 94 + ".jsonl"),
])
def test_safe_name(given: str, expected: str) -> None:
    assert safe_name(given, 3) == expected


def test_render_helpers() -> None:
    assert published_label({"value": "2023-10-07", "precision": "day"}) == "7 Oct 2023"
    assert published_label({"value": "2008-02", "precision": "month"}) == "Feb 2008"
    assert published_label({"value": "2018", "precision": "year"}) == "2018"
    assert published_label({"value": None}) == "date unknown"
    assert paragraphs("One\nline.\n\nTwo.") == ["One line.", "Two."]
    assert paragraphs("One.\nTwo.") == ["One.", "Two."]


def test_null_origin_is_refused_by_the_api_only(client: TestClient) -> None:
    """Chromium sends "Origin: null" for our own form posts (Referrer-Policy no-referrer);
    forms carry the CSRF token, the API has none, so only the API refuses it."""
    article_id = _first_id(client)
    api = client.post(f"/api/articles/{article_id}/read", headers={"Origin": "null"})
    assert api.status_code == 403
    form = client.post(f"/articles/{article_id}/read", headers={"Origin": "null"},
                       data={"csrf": client.app.state.csrf_token}, follow_redirects=False)
    assert form.status_code == 303
