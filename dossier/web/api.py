"""The JSON API under /api: each route calls one query function and returns its result
unchanged, as ``dossier <command> --json`` prints it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from pydantic import BaseModel, Field

from dossier import queries
from dossier.errors import InputError
from dossier.store import Store
from dossier.web.responses import DossierJSON
from dossier.web.uploads import import_uploads

router = APIRouter(prefix="/api", default_response_class=DossierJSON, tags=["api"])

Order = Literal["published", "created", "title"]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": 'No such article: `{"ok": false, "status": 404, "error": "..."}`'},
    422: {"description": "Invalid parameters or body, explained in `error`; details in `errors`"},
}


def get_store(request: Request) -> Store:
    """The app's store (opened once by ``create_app``)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


class ReadState(BaseModel):
    """Body of ``PATCH /api/articles/{id}``."""

    read: bool = Field(description="true counts a read (as POST .../read); false marks unread")


@router.get("/articles", summary="List articles (as `dossier list --json`)")
def list_articles(
    store: StoreDep,
    limit: Annotated[int | None, Query(ge=1, description="At most N articles")] = None,
    offset: Annotated[int, Query(ge=0, description="Skip the first N")] = 0,
    order: Order = "published",
    source: Annotated[str | None, Query(description="Only this source")] = None,
    unread: Annotated[bool, Query(description="Only articles never read")] = False,
) -> Any:
    """The article records without their text, newest first by ``order``."""
    return queries.articles(
        store, limit=limit, offset=offset, order=order, source=source, unread=unread
    )


@router.get("/articles/{article_id}", summary="One article (as `dossier show --json`)",
            responses=ERRORS)
def show_article(
    store: StoreDep,
    article_id: str,
    text: Annotated[bool, Query(description="Include the clean text")] = False,
    removed: Annotated[bool, Query(description="Include the lines the cleaner dropped")] = False,
) -> Any:
    """An article's record, by ID or a unique prefix of 4+ characters."""
    record = queries.article(store, article_id, text=text)
    if not removed:
        record.pop("removed", None)
    return record


@router.post("/articles/{article_id}/read", summary="Count a read (as `dossier read --json`)",
             responses=ERRORS)
def read_article(store: StoreDep, article_id: str) -> Any:
    """Count one read; return the record with its clean text."""
    return queries.read(store, article_id)


@router.post("/articles/{article_id}/unread", summary="Mark unread", responses=ERRORS)
def unread_article(store: StoreDep, article_id: str) -> Any:
    """Clear the read count and last read; return the record."""
    return queries.mark_unread(store, article_id)


@router.patch("/articles/{article_id}", summary="Set read state from JSON", responses=ERRORS)
def patch_article(store: StoreDep, article_id: str, state: ReadState) -> Any:
    """``{"read": true}`` counts a read, ``{"read": false}`` marks unread."""
    if state.read:
        return queries.read(store, article_id)
    return queries.mark_unread(store, article_id)


@router.delete("/articles/{article_id}", summary="Delete an article", responses=ERRORS)
def delete_article(store: StoreDep, article_id: str) -> Any:
    """Delete the article; returns ``{"id", "title", "deleted": true}``."""
    return queries.delete(store, article_id)


@router.get("/stats", summary="Totals (as `dossier stats --json`)")
def stats(store: StoreDep) -> Any:
    """Articles, words, reading time, reads, unread; by source and by month."""
    return queries.stats(store)


@router.get("/search", summary="Full-text search (as `dossier search --json`)",
            responses={501: {"description": "Search is not available yet"}, **ERRORS})
def search(
    store: StoreDep,
    q: Annotated[str, Query(description="Words or a quoted phrase")],
    source: str | None = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]]")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Any:
    """Results with highlighted snippets (``<mark>``), best first."""
    if not q.strip():
        raise InputError("empty query: give a word or a phrase to search for")
    return queries.search(
        store, q, source=source or None, date_from=date_from or None,
        date_to=date_to or None, limit=limit,
    )


@router.post("/import", summary="Import files by upload (as `dossier ingest --json`)",
             responses={413: {"description": "The upload is over the size limit"}})
def import_files(
    store: StoreDep,
    files: Annotated[list[UploadFile], File(description=".txt, .html, .md, .jsonl files")],
) -> Any:
    """Ingest the uploaded files; the report lists added, duplicate and failed files."""
    report, _summary = import_uploads(store, files)
    return report
