"""Web fixtures: a store filled from our fixtures and examples, a TestClient over it, and a
real server (uvicorn on 127.0.0.1, a free port, a thread) for the Chromium tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dossier.ingest import ingest
from dossier.store import open_store
from dossier.web import create_app

ROOT = Path(__file__).resolve().parents[2]
CORPUS = [ROOT / "tests" / "fixtures" / "articles",
          *(ROOT / "examples" / part for part in ("pages", "html", "feeds"))]
CHROMIUM = Path("/usr/bin/chromium")
NEW_ARTICLE = (
    "Glacier survey finds Pamir ice retreating faster than expected\n\n"
    "DUSHANBE, March 3 (Test Wire) - A joint survey by scientists from Tajikistan and "
    "Kyrgyzstan found that glaciers in the Pamir mountains lost more ice over the past "
    "decade than earlier models predicted, the survey's authors said on Monday.\n\n"
    "The team measured forty glaciers by drone and on foot and compared them with maps "
    "made in 1980. Most had thinned by several metres, and a few smaller ones had gone.\n\n"
    "Officials said the findings would feed into talks on sharing water downstream, where "
    "farms in Uzbekistan and Turkmenistan rely on rivers fed by the melting ice.\n"
)


@pytest.fixture
def new_article() -> bytes:
    """An article of ours that is in no corpus (for uploads)."""
    return NEW_ARTICLE.encode()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database ingested once per session from our fixtures and the sample corpus."""
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    store = open_store(path)
    report = ingest(store, CORPUS, enrich=True)
    store.close()
    assert report.added, report.summary()
    return path


@pytest.fixture
def web_db(corpus_db: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus database, free to change."""
    target = tmp_path / "web.db"
    shutil.copy(corpus_db, target)
    return target


@pytest.fixture
def client(web_db: Path) -> Iterator[TestClient]:
    """A TestClient over an app on a fresh copy of the corpus."""
    with TestClient(create_app(web_db), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 (a free port) over a copy of the corpus."""
    import uvicorn

    db = tmp_path_factory.mktemp("live") / "live.db"
    shutil.copy(corpus_db, db)
    port = _free_port()
    config = uvicorn.Config(create_app(db, warm_search=True), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@contextmanager
def chromium(*args: str) -> Iterator[Any]:
    """Debian's Chromium driven by playwright (never a downloaded browser), headless, with
    ``args`` added to its command line; skips where it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run scripts/install-browser.sh")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", *args,
            ],
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by playwright (never a downloaded browser)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page at desktop size; page errors fail the test."""
    from tests.web.browsing import DESKTOP

    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert not errors, f"errors in the page: {errors}"
