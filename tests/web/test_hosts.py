"""Who may talk to the app: a Host allow-list against DNS rebinding (issue 13, finding 6),
and reads that need the token when the app listens beyond this machine (finding 7)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.web import create_app
from dossier.web.security import allowed_host, host_name

LOOPBACK = "http://127.0.0.1:8000"


def _first_id(client: TestClient) -> str:
    return client.get("/api/articles", params={"limit": 1}).json()[0]["id"]


@pytest.mark.parametrize("header,name", [
    ("127.0.0.1:8000", "127.0.0.1"), ("localhost", "localhost"), ("[::1]:8000", "::1"),
    ("[::1]", "::1"), ("Example.ORG:80", "example.org"), ("", ""), ("[::1", ""),
])
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize("header,listening,allowed", [
    ("127.0.0.1:8000", "127.0.0.1", True),
    ("127.0.0.5", "127.0.0.1", True),
    ("localhost:1234", "127.0.0.1", True),
    ("[::1]:8000", "127.0.0.1", True),
    ("evil.example", "127.0.0.1", False),
    ("evil.example:8000", "127.0.0.1", False),
    ("", "127.0.0.1", False),
    ("dossier.lan:8000", "dossier.lan", True),
    ("DOSSIER.LAN", "dossier.lan", True),
    ("192.168.1.5:8000", "192.168.1.5", True),
    ("192.168.1.6:8000", "192.168.1.5", False),
    ("localhost.evil.example", "127.0.0.1", False),
])
def test_allowed_host(header: str, listening: str, allowed: bool) -> None:
    assert allowed_host(header, listening) is allowed


def test_dns_rebinding_cannot_delete(web_db: Path) -> None:
    """A page on evil.example whose name rebinds to 127.0.0.1 sends Host: evil.example and
    a matching Origin; the Origin check alone let it delete an article."""
    with TestClient(create_app(web_db), base_url=LOOPBACK) as client:
        article_id = _first_id(client)
        forged = {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}
        refused = client.delete(f"/api/articles/{article_id}", headers=forged)
        assert refused.status_code == 400
        assert refused.json()["ok"] is False and "evil.example" in refused.json()["error"]
        assert client.get(f"/api/articles/{article_id}").status_code == 200


@pytest.mark.parametrize("path,kind", [
    ("/api/stats", "application/json"), ("/", "text/html"), ("/api/articles", "application/json"),
])
def test_reads_with_another_host_are_refused(web_db: Path, path: str, kind: str) -> None:
    with TestClient(create_app(web_db), base_url="http://evil.example") as client:
        response = client.get(path)
        assert response.status_code == 400 and kind in response.headers["content-type"]
        assert "content-security-policy" in response.headers


@pytest.mark.parametrize("base", [
    "http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "http://localhost",
])
def test_loopback_names_are_served(web_db: Path, base: str) -> None:
    with TestClient(create_app(web_db), base_url=base) as client:
        assert client.get("/").status_code == 200
        article_id = _first_id(client)
        read = client.post(f"/api/articles/{article_id}/read", headers={"Origin": base})
        assert read.status_code == 200


def test_write_origin_must_be_an_allowed_host(web_db: Path) -> None:
    with TestClient(create_app(web_db), base_url=LOOPBACK) as client:
        article_id = _first_id(client)
        for origin in ("http://evil.example:8000", "http://localhost:9999"):
            response = client.post(f"/api/articles/{article_id}/read", headers={"Origin": origin})
            assert response.status_code == 403, origin


def test_the_listening_host_is_allowed(web_db: Path) -> None:
    app = create_app(web_db, host="dossier.lan", token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    with TestClient(app, base_url="http://dossier.lan:8000") as client:
        assert client.get("/api/stats", headers=auth).status_code == 200
    with TestClient(app, base_url="http://other.lan:8000") as client:
        assert client.get("/api/stats", headers=auth).status_code == 400


@pytest.fixture
def public(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, host="0.0.0.0", token="s3cret"),
                    base_url=LOOPBACK) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/api/stats", "/api/articles", "/search?q=water",
                                  "/timeline", "/openapi.json", "/api"])
def test_reads_need_the_token_off_loopback(public: TestClient, path: str) -> None:
    refused = public.get(path)
    assert refused.status_code == 401 and "token" in refused.text
    assert public.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert public.get(path, headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_token_page_and_static_need_no_token(public: TestClient) -> None:
    assert public.get("/static/app.css").status_code == 200
    visit = public.get("/?token=s3cret", follow_redirects=False)
    assert visit.status_code == 303
    assert public.get("/api/stats").status_code == 200  # the cookie it set
    assert public.get("/?token=wrong", follow_redirects=False).status_code == 401


def test_reads_stay_open_on_loopback(web_db: Path) -> None:
    with TestClient(create_app(web_db), base_url=LOOPBACK) as client:
        assert client.get("/api/stats").status_code == 200


def _status(url: str, host: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_real_server_answers_its_names_only(live_server: str) -> None:
    """Over real HTTP (uvicorn, as browsers reach it): the address and localhost work, a
    rebound name does not. (Chromium, where installed, drives the same server.)"""
    port = live_server.rsplit(":", 1)[1]
    assert _status(live_server + "/") == 200
    assert _status(f"http://localhost:{port}/api/stats") == 200
    assert _status(live_server + "/api/stats", host=f"evil.example:{port}") == 400
