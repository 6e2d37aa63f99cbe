"""Fetching URL-only records, against a local server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dossier.fetch import FetchResult, default_user_agent, fetch

PAGE = (
    "<!DOCTYPE html><html><head><title>Border market opens</title></head><body><article>"
    "<p>Traders from both countries met at the new market on Wednesday.</p></article>"
    "</body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    """Canned answers by path; the server object records each request."""

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:  # type: ignore[attr-defined]
            server.hits.append((self.path, time.monotonic(), self.headers.get("User-Agent")))  # type: ignore[attr-defined]
            count = sum(1 for p, *_ in server.hits if p == self.path)  # type: ignore[attr-defined]
        path = self.path
        if path.startswith("/page"):
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/latin1":
            self._send(200, "<html><body><p>Caf\u00e9 in Almaty</p></body></html>".encode(
                "latin-1"), "text/html; charset=iso-8859-1")
        elif path == "/missing":
            self._send(404, b"<html>not found</html>", "text/html")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE.encode(), "text/html")
        elif path == "/flaky":
            if count == 1:
                self._send(503, b"busy", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, PAGE.encode(), "text/html")
        elif path == "/always-busy":
            self._send(503, b"busy", "text/plain")
        elif path == "/throttled":
            self._send(429, b"slow down", "text/plain", {"Retry-After": "3600"})
        elif path == "/moved":
            self._send(301, b"", "text/html", {"Location": "/page-after-redirect"})
        elif path == "/loop":
            self._send(302, b"", "text/html", {"Location": "/loop"})
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4\n" + bytes(100), "application/pdf")
        elif path == "/huge":
            self._send(200, b"<html>" + b"x" * 300_000 + b"</html>", "text/html")
        elif path == "/untyped":
            self._send(200, PAGE.encode(), None)
        else:
            self._send(404, b"", "text/plain")

    def _send(
        self, status: int, body: bytes, content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        # The client may have given up (timeout, size cap), as a real server sees it.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    """A local HTTP server on a random port, served from a thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.hits = []  # type: ignore[attr-defined]
    httpd.lock = threading.Lock()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def base(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


FAST = {"per_host_delay": 0.0, "backoff": 0.05, "timeout": 5.0}


def test_a_page_is_fetched_with_its_type_and_encoding(server):
    (result,) = fetch([f"{base(server)}/page"], **FAST)
    assert result.ok and result.error is None and result.status == 200
    assert result.content_type == "text/html" and result.encoding == "utf-8"
    assert "Border market opens" in result.text and result.is_html
    assert server.hits[0][2] == default_user_agent()


def test_declared_charset_is_used(server):
    (result,) = fetch([f"{base(server)}/latin1"], **FAST)
    assert result.ok and "Café in Almaty" in result.text and result.encoding == "iso-8859-1"


def test_404_is_reported_without_retrying(server):
    (result,) = fetch([f"{base(server)}/missing"], **FAST)
    assert (result.ok, result.error, result.status, result.attempts) == (False, "HTTP 404", 404, 1)
    assert result.text is None


def test_slow_page_times_out(server):
    started = time.monotonic()
    (result,) = fetch([f"{base(server)}/slow"], timeout=0.3, retries=0, per_host_delay=0)
    assert not result.ok and result.error == "timeout after 0.3 s"
    assert time.monotonic() - started < 1.4


def test_503_then_200_is_retried_after_retry_after(server):
    started = time.monotonic()
    (result,) = fetch([f"{base(server)}/flaky"], **FAST)
    assert result.ok and result.attempts == 2 and "Border market" in result.text
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 was honoured


def test_retries_end_with_the_last_error(server):
    (result,) = fetch([f"{base(server)}/always-busy"], retries=2, **{**FAST})
    assert (result.ok, result.error, result.attempts) == (False, "HTTP 503", 3)
    assert sum(1 for p, *_ in server.hits if p == "/always-busy") == 3


def test_a_long_retry_after_is_not_waited_for(server):
    started = time.monotonic()
    (result,) = fetch([f"{base(server)}/throttled"], **FAST)
    assert result.error == "HTTP 429 (asked to retry after 3600 s; not waiting)"
    assert result.attempts == 1 and time.monotonic() - started < 2


def test_redirect_is_followed_and_the_final_url_kept(server):
    (result,) = fetch([f"{base(server)}/moved"], **FAST)
    assert result.ok and result.final_url == f"{base(server)}/page-after-redirect"


def test_redirect_loop_is_an_error(server):
    (result,) = fetch([f"{base(server)}/loop"], **FAST)
    assert result.error == "too many redirects"


def test_pdf_is_not_html(server):
    (result,) = fetch([f"{base(server)}/report.pdf"], **FAST)
    assert result.error == "not HTML (application/pdf)" and result.text is None


def test_size_cap(server):
    (result,) = fetch([f"{base(server)}/huge"], max_bytes=100_000, **FAST)
    assert result.error == "too large (0.3 MB > 0.1 MB limit)"


def test_untyped_html_is_recognised(server):
    (result,) = fetch([f"{base(server)}/untyped"], **FAST)
    assert result.ok and result.content_type == "text/html"


def test_connection_refused_is_reported(server):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (result,) = fetch([f"http://127.0.0.1:{port}/x"], retries=1, **FAST)
    assert not result.ok and result.error.startswith("connection failed")
    assert result.attempts == 2


def test_not_web_addresses_are_refused_without_a_request(server):
    results = fetch(["file:///etc/passwd", "javascript:alert(1)", "no scheme"], **FAST)
    assert [r.error for r in results] == [
        "not a web address: 'file:///etc/passwd'",
        "not a web address: 'javascript:alert(1)'",
        "not a web address: 'no scheme'",
    ]
    assert server.hits == []


def test_one_request_at_a_time_per_host_with_a_delay(server):
    urls = [f"{base(server)}/page{i}" for i in range(3)]
    seen: list[FetchResult] = []
    results = fetch(urls, per_host_delay=0.25, timeout=5.0, on_result=seen.append)
    assert [r.url for r in results] == urls and all(r.ok for r in results)
    assert len(seen) == 3
    times = [t for _, t, _ in server.hits]
    assert all(b - a >= 0.24 for a, b in itertools.pairwise(times))


def test_results_come_back_in_the_given_order_with_duplicates(server):
    urls = [f"{base(server)}/missing", f"{base(server)}/page", f"{base(server)}/missing"]
    results = fetch(urls, **FAST)
    assert [r.error for r in results] == ["HTTP 404", None, "HTTP 404"]
    assert sum(1 for p, *_ in server.hits if p == "/missing") == 1
    assert results[1].to_dict()["final_url"] == f"{base(server)}/page"
