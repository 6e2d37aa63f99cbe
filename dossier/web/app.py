"""The web app: ``create_app(store_target)`` builds it; ``dossier serve`` runs it."""

from __future__ import annotations

import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from dossier.settings import default_settings
from dossier.store import open_store
from dossier.web import api, chronology, errors, pages
from dossier.web.security import Guard, SafetyMiddleware, is_loopback

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def create_app(
    store_target: str | os.PathLike[str] | None = None,
    *,
    host: str = DEFAULT_HOST,
    token: str | None = None,
    max_upload_bytes: int | None = None,
    warm_search: bool = False,
) -> FastAPI:
    """The app over the store at ``store_target`` (a path or URL; default ``$DOSSIER_DB``).

    ``host`` is where it will listen; the app answers only requests addressed to a
    loopback name or to ``host`` (a page elsewhere whose DNS name points here is refused).
    Anywhere but loopback, ``token`` is required and every request (reads too, but for
    static assets and ``/?token=...``) must carry it, as ``Authorization: Bearer`` or the
    cookie set by opening ``/?token=...``. A token given on loopback is enforced on writes.
    ``warm_search``: load the embedding model and trace its one-text encoder on a thread
    when the app starts (``dossier serve``), so that the first searches do not wait.
    ``max_upload_bytes``: the largest request body; by default the max_upload_mb setting.
    """
    if not is_loopback(host) and not token:
        raise ValueError(
            f"listening on {host} lets other machines in: give a token (--token)"
        )
    if max_upload_bytes is None:
        max_upload_bytes = default_settings().max_upload_bytes
    store = open_store(store_target)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warming = None
        if warm_search:
            from dossier.nlp.embed import warm_up

            warming = threading.Thread(target=warm_up, name="dossier-warm-up")
            warming.start()
        yield
        if warming is not None:
            warming.join()  # a thread still loading torch at exit would abort the process
        store.close()

    app = FastAPI(
        title="Dossier",
        summary="A clean archive of news articles: the JSON API (same JSON as the CLI).",
        version="1",
        docs_url=None,  # Swagger UI would load from a CDN; /api lists the endpoints locally
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.csrf_token = secrets.token_urlsafe(32)
    app.state.write_token = token
    app.state.max_upload_bytes = max_upload_bytes
    app.state.import_results = OrderedDict()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(chronology.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(
        SafetyMiddleware, guard=Guard(token=token, max_body=max_upload_bytes, host=host),
        respond=errors.respond,
    )
    return app
