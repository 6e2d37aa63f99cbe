"""The HTML pages: library, reader, entities, search, import, stats. Reads go through the
same query functions as the API; forms that write carry the app's CSRF token."""

from __future__ import annotations

import math
import secrets
from collections import OrderedDict
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from dossier import queries
from dossier.errors import DossierError, InputError, NotFound
from dossier.web import chronology
from dossier.web.api import StoreDep
from dossier.web.render import Evidence, page
from dossier.web.security import TOKEN_COOKIE, same_token
from dossier.web.uploads import import_uploads

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
Order = Literal["published", "created", "title"]
ORDERS = {"published": "Date published", "created": "Date added", "title": "Title"}
_KEPT_RESULTS = 50
KINDS = {"state": "States", "organisation": "Organisations", "person": "People",
         "place": "Places"}


def _check_csrf(request: Request, csrf: str | None) -> None:
    if not same_token(csrf, request.app.state.csrf_token):
        raise HTTPException(403, "this form has expired: reload the page and try again")


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/")
def library(
    request: Request,
    store: StoreDep,
    source: str | None = None,
    unread: bool = False,
    order: Order = "published",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
    token: str | None = None,
    deleted: str | None = None,
) -> Response:
    """The library: every article, filtered, sorted and paged."""
    if token is not None:
        return _accept_token(request, token)
    source = source or None
    total = queries.articles_page(store, limit=1, source=source, unread=unread)["total"]
    pages = max(1, math.ceil(total / PAGE_SIZE))
    records = queries.articles(
        store, limit=PAGE_SIZE, offset=(min(page_number, pages) - 1) * PAGE_SIZE,
        order=order, source=source, unread=unread,
    )
    sources = queries.sources(store)
    filters = {"source": source or "", "unread": "1" if unread else "", "order": order}

    def link(number: int) -> str:
        query = {k: v for k, v in {**filters, "page": str(number)}.items() if v}
        if query.get("order") == "published":
            query.pop("order")
        return "/?" + urlencode(query)

    return page(
        request, "library.html", nav="library", records=records, total=total,
        sources=sources, filters=filters, orders=ORDERS, page_number=min(page_number, pages),
        pages=pages, link=link, deleted=deleted, title="Library",
    )


def _accept_token(request: Request, token: str) -> Response:
    expected = request.app.state.write_token
    if not expected:
        return _see_other("/")
    if not same_token(token, expected):
        raise HTTPException(401, "this token is not the server's token")
    response = _see_other("/")
    response.set_cookie(
        TOKEN_COOKIE, token, httponly=True, samesite="strict", max_age=30 * 86400
    )
    return response


@router.get("/articles/{article_id}")
def reader(request: Request, store: StoreDep, article_id: str) -> Response:
    """The reader: the clean text and the four panels of the record."""
    record = queries.article(store, article_id, text=True)
    events = queries.events(store, article=record["id"])
    claims = queries.claims(store, article=record["id"])
    evidence = Evidence(record.get("text"), [*events, *claims])
    return page(request, "reader.html", record=record, title=record["title"] or "Untitled",
                events=events, claims=claims, evidence=evidence, entity_url=entity_url)


def entity_url(name: str) -> str:
    """The entity page of a name (any character, "/" included, percent-encoded)."""
    return "/entities/" + quote(name, safe="")


def _by_name(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entity rows merged by name: the store may keep one name under several kinds or
    states; a page shows one entity per name (the fullest row's kind and code first)."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = merged.get(row["name"])
        if entry is None:
            merged[row["name"]] = {**row, "kinds": [row["kind"]], "roles": list(row["roles"])}
            continue
        entry["mentions"] += row["mentions"]
        entry["articles"] = max(entry["articles"], row["articles"])
        entry["code"] = entry["code"] or row["code"]
        entry["state"] = entry["state"] or row["state"]
        if row["kind"] not in entry["kinds"]:
            entry["kinds"].append(row["kind"])
        entry["roles"].extend(r for r in row["roles"] if r not in entry["roles"])
    return sorted(merged.values(), key=lambda e: (-e["mentions"], e["name"]))


@router.get("/entities")
def entity_list(request: Request, store: StoreDep, kind: str = "", name: str = "") -> Response:
    """States, organisations, people and places, most mentioned first."""
    if kind and kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}")
    found = _by_name(queries.entities(store, kind=kind or None, name=name.strip() or None))
    return page(request, "entities.html", nav="entities", entities=found, kinds=KINDS,
                kind=kind, query=name, entity_url=entity_url, title="Entities")


@router.get("/entities/{name:path}")
def entity(request: Request, store: StoreDep, name: str) -> Response:
    """One entity: kind, code, state, roles over time, mentions, and its events."""
    found = queries.entities(store, name=name)
    exact = [row for row in found if row["name"].casefold() == name.casefold()]
    if not exact:
        coded = {row["name"] for row in found if (row["code"] or "") == name.upper()}
        if len(coded) == 1:
            return _see_other(entity_url(coded.pop()))
        raise NotFound(f"no entity named '{name}'")
    record = _by_name(exact)[0]
    wanted = record["name"].casefold()
    events = [
        event for event in queries.events(store, entity=record["name"])
        if any(actor["name"].casefold() == wanted for actor in event["actors"])
    ]
    claims = [
        claim for claim in queries.claims(store, entity=record["name"])
        if ((claim.get("holder") or {}).get("name") or "").casefold() == wanted
    ]
    titles = {a["id"]: a for a in queries.articles(store)}
    key = chronology.entity_key(record)
    pairs = [{**partner, "url": chronology.pair_url(key, partner["key"])}
             for partner in chronology.partners(events, record["name"])]
    bars = None
    if set(record["kinds"]) & {"state", "organisation"}:
        bars = chronology.membership_bars(store, queries.memberships(store, key))
    return page(request, "entity.html", nav="entities", entity=record, events=events,
                claims=claims, roles=_roles_over_time(record["roles"], titles),
                articles=titles, entity_url=entity_url, title=record["name"], pairs=pairs,
                bars=bars, timeline_url="/timeline?" + urlencode({"entity": key}))


def _roles_over_time(
    roles: list[dict[str, Any]], articles: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each role with the articles it comes from, oldest first, and the dates it spans."""
    def when(article_id: str) -> str:
        return ((articles.get(article_id) or {}).get("published") or {}).get("value") or ""

    grouped: dict[str, list[str]] = {}
    for item in roles:
        grouped.setdefault(item["role"], [])
        if item["article"] not in grouped[item["role"]]:
            grouped[item["role"]].append(item["article"])
    shaped = []
    for role, ids in grouped.items():
        ids.sort(key=lambda i: (when(i) == "", when(i)))
        dated = [articles[i]["published"] for i in ids if when(i)]
        shaped.append({"role": role, "articles": ids,
                       "first": dated[0] if dated else None,
                       "last": dated[-1] if dated else None})
    shaped.sort(key=lambda r: (r["first"] is None, (r["first"] or {}).get("value") or ""))
    return shaped


@router.post("/articles/{article_id}/read")
def mark_read(
    request: Request, store: StoreDep, article_id: str, csrf: Annotated[str, Form()] = ""
) -> Response:
    """Count a read, then back to the article."""
    _check_csrf(request, csrf)
    record = queries.read(store, article_id)
    return _see_other(f"/articles/{record['id']}#statistics")


@router.post("/articles/{article_id}/unread")
def mark_unread(
    request: Request, store: StoreDep, article_id: str, csrf: Annotated[str, Form()] = ""
) -> Response:
    """Put the article back among the unread, then back to it."""
    _check_csrf(request, csrf)
    record = queries.mark_unread(store, article_id)
    return _see_other(f"/articles/{record['id']}#statistics")


@router.get("/articles/{article_id}/delete")
def confirm_delete(request: Request, store: StoreDep, article_id: str) -> Response:
    """Ask before deleting."""
    record = queries.article(store, article_id)
    return page(request, "delete.html", record=record, title="Delete article")


@router.post("/articles/{article_id}/delete")
def delete(
    request: Request, store: StoreDep, article_id: str, csrf: Annotated[str, Form()] = ""
) -> Response:
    """Delete the article, then back to the library."""
    _check_csrf(request, csrf)
    gone = queries.delete(store, article_id)
    return _see_other("/?" + urlencode({"deleted": gone["title"] or gone["id"]}))


@router.get("/search")
def search(
    request: Request,
    store: StoreDep,
    q: str = "",
    source: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
) -> Response:
    """Full-text search with highlighted snippets (when the query layer has search)."""
    available = True
    results: list[dict[str, Any]] = []
    problem = None
    if available and q.strip():
        try:
            found = queries.search(
                store, q, source=source or None, date_from=date_from or None,
                date_to=date_to or None, limit=20,
            )
            results = found.get("results", []) if isinstance(found, dict) else list(found)
        except DossierError as error:
            problem = str(error)
    return page(
        request, "search.html", nav="search", q=q, source=source, date_from=date_from,
        date_to=date_to, results=results, available=available, problem=problem,
        sources=queries.sources(store), title="Search",
    )


@router.get("/import")
def import_form(request: Request) -> Response:
    """The upload form."""
    return page(request, "import.html", nav="import", title="Import",
                max_bytes=request.app.state.max_upload_bytes)


@router.post("/import")
def import_upload(
    request: Request,
    store: StoreDep,
    files: Annotated[list[UploadFile], File()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Ingest the uploaded files, keep the report, show it on its own page."""
    _check_csrf(request, csrf)
    report, summary = import_uploads(store, files)
    results: OrderedDict[str, Any] = request.app.state.import_results
    key = secrets.token_urlsafe(8)
    results[key] = {"report": report, "summary": summary}
    while len(results) > _KEPT_RESULTS:
        results.popitem(last=False)
    return _see_other(f"/import/{key}")


@router.get("/import/{key}")
def import_result(request: Request, key: str) -> Response:
    """The report of one import."""
    result = request.app.state.import_results.get(key)
    if result is None:
        raise HTTPException(404, "this import report is no longer kept: import again to see one")
    return page(request, "import_result.html", nav="import", title="Import report", **result)


@router.get("/stats")
def stats(request: Request, store: StoreDep) -> Response:
    """Reading statistics over the archive."""
    return page(request, "stats.html", nav="stats", totals=queries.stats(store), title="Statistics")


@router.get("/api")
def api_index(request: Request) -> Response:
    """A local index of the API (the OpenAPI schema is at /openapi.json)."""
    schema = request.app.openapi()
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "doc": op.get("description", ""),
         "params": [p["name"] for p in op.get("parameters", [])]}
        for path, ops in schema["paths"].items() for method, op in ops.items()
    ]
    return page(request, "api.html", nav="api", endpoints=endpoints, title="API")
