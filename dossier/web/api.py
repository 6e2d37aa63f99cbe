"""The JSON API under /api: each route calls one query function and returns its result
unchanged, as ``dossier <command> --json`` prints it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from dossier import queries
from dossier.errors import InputError
from dossier.formats import RENDERERS
from dossier.settings import MAX_OFFSET, default_settings
from dossier.store import Store
from dossier.web.responses import DossierJSON
from dossier.web.uploads import import_uploads

router = APIRouter(prefix="/api", default_response_class=DossierJSON, tags=["api"])

Order = Literal["published", "created", "title"]
Kind = Literal["state", "organisation", "person", "place"]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": 'No such article: `{"ok": false, "status": 404, "error": "..."}`'},
    422: {"description": "Invalid parameters or body, explained in `error`; details in `errors`"},
}


# Bounds of a page, checked before any query: 10**21 overflowed the database (a 500).
PAGE_MAX = default_settings().max_page_size


def page_limit(default: str) -> Any:
    """A ``limit`` parameter: 1 to the max_page_size setting."""
    return Query(ge=1, le=PAGE_MAX, description=f"At most N {default} (up to {PAGE_MAX}: "
                                                "setting max_page_size)")


Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip the first N")]


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
    limit: Annotated[int | None, page_limit("articles")] = None,
    offset: Offset = 0,
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
    limit: Annotated[int, page_limit("results")] = 20,
) -> Any:
    """Results with highlighted snippets (``<mark>``), best first."""
    if not q.strip():
        raise InputError("empty query: give a word or a phrase to search for")
    return queries.search(
        store, q, source=source or None, date_from=date_from or None,
        date_to=date_to or None, limit=limit,
    )


ArticleFilter = Annotated[str | None, Query(description="Only this article (ID or prefix)")]
EntityFilter = Annotated[str | None, Query(
    description="Only records naming this entity (ISO code, short name or part of a name)")]
DateFrom = Annotated[str | None, Query(alias="from", description="On or after YYYY[-MM[-DD]]")]
DateTo = Annotated[str | None, Query(alias="to", description="On or before YYYY[-MM[-DD]]")]
Limit = Annotated[int | None, page_limit("records")]
DATE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A date that cannot be read, explained in `error`"}, **ERRORS}


@router.get("/events", summary="Events (as `dossier events --json`)", responses=DATE_ERRORS)
def list_events(
    store: StoreDep,
    article: ArticleFilter = None,
    entity: EntityFilter = None,
    type: Annotated[str | None, Query(description="Only this PLOVER type (AGREE, JOIN...)")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> Any:
    """Who did what to whom, when, oldest first: the issue's JSON contract, with how each
    date was found and the offsets of the sentence."""
    return queries.events(
        store, article=article or None, entity=entity or None, type=type or None,
        date_from=date_from or None, date_to=date_to or None, limit=limit, offset=offset,
    )


@router.get("/claims", summary="Claims (as `dossier claims --json`)", responses=DATE_ERRORS)
def list_claims(
    store: StoreDep,
    article: ArticleFilter = None,
    entity: EntityFilter = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> Any:
    """Attributed statements and figures: holder, verb, content, figures, quotes, evidence."""
    return queries.claims(
        store, article=article or None, entity=entity or None, date_from=date_from or None,
        date_to=date_to or None, limit=limit, offset=offset,
    )


@router.get("/entities", summary="Entities (as `dossier entities --json`)", responses=ERRORS)
def list_entities(
    store: StoreDep,
    article: ArticleFilter = None,
    kind: Annotated[Kind | None, Query(description="state, organisation, person or place")] = None,
    name: Annotated[str | None, Query(
        description="Only entities whose name contains this (or with this code)")] = None,
) -> Any:
    """States, organisations, people and places with mentions, articles and roles."""
    return queries.entities(store, article=article or None, kind=kind, name=name or None)


@router.post("/import", summary="Import files by upload (as `dossier ingest --json`)",
             responses={413: {"description": "The upload is over the size limit"}})
def import_files(
    store: StoreDep,
    files: Annotated[list[UploadFile], File(description=".txt, .html, .md, .jsonl files")],
) -> Any:
    """Ingest the uploaded files; the report lists added, duplicate and failed files."""
    report, _summary = import_uploads(store, files)
    return report


# The chronology: the timeline, memberships and conflicts --------------------------------

TIMELINE_MEDIA = {"text": "text/plain", "md": "text/markdown", "csv": "text/csv",
                  "timelinejs": "application/json", "html": "text/html"}
TimelineFormat = Literal["json", "text", "md", "csv", "timelinejs", "html"]
# The standalone HTML export carries its own <style> and no script: let only that in.
EXPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")


def timeline_page(
    store: Store, *, entity: str | None, between: list[str] | None, type: str | None,
    date_from: str | None, date_to: str | None, limit: int, offset: int,
    cursor: str | None = None,
) -> dict[str, Any]:
    """``queries.timeline`` with the API's parameters checked as the CLI checks them."""
    pair = [name.strip() for name in between or [] if name.strip()]
    if between and len(pair) != 2:
        raise InputError("between takes two entities: between=RUS&between=UZB")
    return queries.timeline(
        store, entity=entity or None, between=(pair[0], pair[1]) if pair else None,
        type=type or None, date_from=date_from or None, date_to=date_to or None,
        limit=limit, offset=offset, cursor=cursor or None,
    )


def rendered(page: dict[str, Any], fmt: str) -> Response:
    """A timeline page in one of the CLI's formats, as a download with its media type."""
    if fmt == "json":
        return DossierJSON(page)
    media = TIMELINE_MEDIA[fmt]
    extension = {"text": "txt", "timelinejs": "json"}.get(fmt, fmt)
    disposition = "inline" if fmt in ("text", "html") else "attachment"
    headers = {"content-disposition": f'{disposition}; filename="timeline.{extension}"'}
    if fmt == "html":
        headers["content-security-policy"] = EXPORT_CSP
    return Response(RENDERERS[fmt](page), media_type=f"{media}; charset=utf-8",
                    headers=headers)


TimelineEntity = Annotated[str | None, Query(
    description="Only entries this entity acts in (ISO code, short name or part of a name)")]
Between = Annotated[list[str] | None, Query(
    description="Only entries both act in: two values, `between=RUS&between=UZB`")]
TimelineType = Annotated[str | None, Query(
    description="Only these PLOVER types (comma-separated: AGREE,JOIN...)")]
TimelineLimit = Annotated[int, page_limit("entries")]
TimelineCursor = Annotated[str | None, Query(
    description="Start after the page this cursor ends: the `next` of a page (fast however "
                "deep; `offset` then skips past it)")]


@router.get("/timeline", summary="The timeline (as `dossier timeline --format json`)",
            responses=DATE_ERRORS)
def timeline(
    store: StoreDep,
    entity: TimelineEntity = None,
    between: Between = None,
    type: TimelineType = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: TimelineLimit = 100,
    offset: Offset = 0,
    cursor: TimelineCursor = None,
    format: Annotated[TimelineFormat, Query(
        description="json, or a download: text, md, csv, timelinejs, html")] = "json",
) -> Any:
    """One timeline from all the articles, a page at a time, oldest first: each entry with
    every source that tells it, its modality (planned apart from occurred) and conflicts."""
    page = timeline_page(store, entity=entity, between=between, type=type,
                         date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                         cursor=cursor)
    return rendered(page, format)


@router.get("/timeline.{fmt}", summary="The timeline as a download (md, csv, html, ...)",
            responses=DATE_ERRORS)
def timeline_download(
    store: StoreDep,
    fmt: Annotated[TimelineFormat, Path(description="json, text, md, csv, timelinejs, html")],
    entity: TimelineEntity = None,
    between: Between = None,
    type: TimelineType = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: TimelineLimit = 100,
    offset: Offset = 0,
    cursor: TimelineCursor = None,
) -> Any:
    """What ``dossier timeline --format FMT`` prints, with the format's media type."""
    page = timeline_page(store, entity=entity, between=between, type=type,
                         date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                         cursor=cursor)
    return rendered(page, fmt)


@router.get("/memberships", summary="Memberships (as `dossier memberships --json`)")
def memberships(
    store: StoreDep,
    entity: Annotated[str | None, Query(
        description="Only this state or organisation (code or name)")] = None,
) -> Any:
    """Membership intervals of states in organisations, from JOIN, LEAVE and SUSPEND, with
    the evidence of each boundary; ``to: null`` is a membership still open."""
    return queries.memberships(store, entity or None)


@router.get("/conflicts", summary="Conflicts (as `dossier conflicts --json`)")
def conflicts(store: StoreDep) -> Any:
    """Disagreeing figures side by side with their holders, and timeline entries whose
    sources disagree on the date or on whether it happened."""
    return queries.conflicts(store)
