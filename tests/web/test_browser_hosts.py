"""DNS rebinding in real Chromium: a name of another site resolved to our loopback server
(``--host-resolver-rules``, as a rebinding DNS answer would) gets a refusal, reads and writes
alike; the same page through 127.0.0.1 works, and its security headers are there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.browsing import api
from tests.web.conftest import chromium

pytestmark = pytest.mark.browser

REBOUND = "rebound.example"


@pytest.fixture(scope="module")
def rebinding_browser() -> Iterator[Any]:
    """Chromium whose DNS answers 127.0.0.1 for rebound.example."""
    with chromium(f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1") as launched:
        yield launched


def test_a_rebound_name_is_refused_and_loopback_served(rebinding_browser: Any,
                                                        live_server: str) -> None:
    port = urlsplit(live_server).port
    context = rebinding_browser.new_context()
    page = context.new_page()
    try:
        own = page.goto(live_server + "/")
        assert own.status == 200 and page.locator("h1").inner_text() == "Library"
        headers = own.all_headers()
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"

        rebound = page.goto(f"http://{REBOUND}:{port}/")
        assert rebound.status == 400
        assert "not to the host name" in page.content()

        # A script of the rebound page deleting an article through "its own" origin: the
        # Host and the Origin match, and still both name another site.
        victim = api(live_server, "/api/articles")[0]["id"]
        status = page.evaluate(
            "id => fetch('/api/articles/' + id, {method: 'DELETE'}).then(r => r.status)",
            victim)
        assert status == 400
        assert api(live_server, f"/api/articles/{victim}")["id"] == victim
    finally:
        context.close()
