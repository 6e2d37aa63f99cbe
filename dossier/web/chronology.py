"""The chronology pages: the timeline (zoom from decades to days), a page per pair of actors,
membership bars and the conflicts page. Every read goes through ``dossier.queries``; this
module only groups and positions what the query functions return."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dossier import queries
from dossier.errors import DossierError, NotFound
from dossier.events.model import EVENT_TYPES
from dossier.settings import MAX_OFFSET
from dossier.web.api import StoreDep
from dossier.web.render import page

router = APIRouter(include_in_schema=False)

TIMELINE_PAGE = 50
PAIR_PAGE = 200
Zoom = Literal["decade", "year", "month", "day"]
ZOOMS = ("decade", "year", "month", "day")
#: Modalities shown apart from what happened: not (yet) known to have taken place.
APART = ("planned", "hypothetical")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "WI": "Winter"}


def entity_url(name: str) -> str:
    """The entity page of a name (percent-encoded, "/" included)."""
    return "/entities/" + quote(name, safe="")


def pair_url(a: str, b: str) -> str:
    """The page of a pair of actors."""
    return f"/pairs/{quote(a, safe='')}/{quote(b, safe='')}"


# Zoom: one label per entry and level; the label is the group's key and heading -----------


def _parts(value: str | None) -> tuple[str | None, str | None, str | None]:
    """(year, month label, day label) of a date value at whatever precision it has."""
    value = str(value or "")
    if not (len(value) >= 4 and value[:4].isdigit()):
        return None, None, None
    year = value[:4]
    rest = value[5:]
    month = day = None
    if rest[:2].isdigit() and 1 <= int(rest[:2]) <= 12:
        month = f"{_MONTHS[int(rest[:2]) - 1]} {year}"
        if rest[3:5].isdigit():
            day = f"{int(rest[3:5])} {month}"
    elif rest[:2] in _SEASONS:
        month = f"{_SEASONS[rest[:2]]} {year}"
    return year, month, day


def zoom_labels(value: str | None) -> dict[str, str]:
    """The group of an entry at each zoom: "2000s", "2005", "Nov 2005", "14 Nov 2005". A
    less precise date stays at its own level ("2005" at the day zoom)."""
    year, month, day = _parts(value)
    if year is None:
        return dict.fromkeys(ZOOMS, "Undated")
    return {"decade": f"{year[:3]}0s", "year": year, "month": month or year,
            "day": day or month or year}


def group_entries(entries: list[dict[str, Any]], zoom: str) -> list[dict[str, Any]]:
    """Consecutive entries with the same label at ``zoom``, each group with what happened
    and, apart, what was only planned."""
    groups: list[dict[str, Any]] = []
    for entry in entries:
        label = entry["zoom"][zoom]
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "happened": [], "apart": []})
        groups[-1]["apart" if entry["modality"] in APART else "happened"].append(entry)
    for group in groups:
        group["count"] = len(group["happened"]) + len(group["apart"])
        group["anchor"] = "g-" + re.sub(r"[^0-9A-Za-z]+", "-", group["label"]).strip("-")
    return groups


def evidence_links(store: Any, articles: set[str]) -> dict[str, dict[str, Any]]:
    """Each event of these articles by ID: where its sentence starts (the reader marks it
    as ``#ev-<start>``) and its sentence."""
    found: dict[str, dict[str, Any]] = {}
    for article in sorted(articles):
        for event in queries.events(store, article=article):
            offsets = event.get("offsets") or []
            sentence = (event.get("evidence") or [{}])[0].get("sentence")
            found[event["id"]] = {"article": article, "sentence": sentence,
                                  "start": offsets[0][0] if offsets else None}
    return found


def reader_url(article: str, start: int | None) -> str:
    """The reader at the sentence (``#ev-<start>``), or at the top without one."""
    return f"/articles/{article}" + (f"#ev-{start}" if start is not None else "")


def shape_entries(store: Any, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries as the templates use them: zoom labels, each source's reader link, the
    sources that disagree."""
    links = evidence_links(store, {s["article"] for e in entries for s in e["sources"]})
    shaped = []
    for index, entry in enumerate(entries):
        disputed = {source["event"] for conflict in entry["conflicts"]
                    for source in conflict.get("sources", [])}
        kinds = sorted({conflict.get("kind", "") for conflict in entry["conflicts"]})
        sources = []
        for source in entry["sources"]:
            link = links.get(source["event"]) or {}
            sources.append({**source, "url": reader_url(source["article"], link.get("start")),
                            "disputed": source["event"] in disputed})
        shaped.append({**entry, "sources": sources, "zoom": zoom_labels(entry["date"]),
                       "conflict_kinds": kinds, "apart": entry["modality"] in APART,
                       "index": index})
    return shaped


def _pager(total: int, size: int, number: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / size))
    return pages, min(max(number, 1), pages)


@router.get("/timeline")
def timeline(
    request: Request,
    store: StoreDep,
    entity: str = "",
    type: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    zoom: Zoom = "year",
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // TIMELINE_PAGE)] = 1,
) -> Response:
    """The timeline of the corpus, a page at a time, grouped at the chosen zoom."""
    filters = {"entity": entity.strip(), "type": type.strip().upper(), "from": date_from.strip(),
               "to": date_to.strip()}
    problem = None
    found: dict[str, Any] = {"total": 0, "entries": []}
    try:
        def fetch(number: int) -> dict[str, Any]:
            return queries.timeline(
                store, entity=filters["entity"] or None, type=filters["type"] or None,
                date_from=filters["from"] or None, date_to=filters["to"] or None,
                limit=TIMELINE_PAGE, offset=(number - 1) * TIMELINE_PAGE)

        found = fetch(page_number)
        pages, number = _pager(found["total"], TIMELINE_PAGE, page_number)
        if number != page_number:  # past the last page: show the last
            found = fetch(number)
    except DossierError as error:
        problem = str(error)
        pages, number = 1, 1
    entries = shape_entries(store, found["entries"])
    kept = {k: v for k, v in filters.items() if v}

    def link(**changes: Any) -> str:
        query = {**kept, "zoom": zoom, "page": number, **changes}
        if query.get("zoom") == "year":
            query.pop("zoom")
        if query.get("page") == 1:
            query.pop("page")
        return "/timeline" + ("?" + urlencode(query) if query else "")

    download = {k: v for k, v in kept.items()}
    download.update(limit=TIMELINE_PAGE, offset=(number - 1) * TIMELINE_PAGE)
    first = (number - 1) * TIMELINE_PAGE + 1
    return page(
        request, "timeline.html", nav="timeline", title="Timeline", entries=entries,
        groups=group_entries(entries, zoom), zoom=zoom, zooms=ZOOMS, filters=filters,
        total=found["total"], first=first, last=first + len(entries) - 1, pages=pages,
        page_number=number, link=link, types=EVENT_TYPES, problem=problem,
        downloads="?" + urlencode(download), entity_url=entity_url,
    )


# Pairs -----------------------------------------------------------------------------------

CATEGORIES = (
    ("agreements", "Agreements"),
    ("visits", "Visits and talks"),
    ("military", "Exercises and military"),
    ("disputes", "Disputes"),
    ("memberships", "Memberships"),
    ("other", "Other"),
)
_DISPUTES = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT"}
_MILITARY = re.compile(
    r"\b(exercises?|manoeuvres?|maneuvers?|drills?|troops?|military|army|armies|armed forces|"
    r"defen[cs]e|war ?games|air ?base|peacekeep\w*|arms|weapons?|naval|navy|soldiers?|"
    r"training range|range)\b", re.IGNORECASE)


def category(entry: dict[str, Any]) -> str:
    """A coarse category from the PLOVER type (and, for AID and COOPERATE, the words)."""
    kind = entry["type"]
    if kind in ("JOIN", "LEAVE", "SUSPEND"):
        return "memberships"
    if kind in _DISPUTES:
        return "disputes"
    words = " ".join([entry["summary"], *(s["sentence"] for s in entry["sources"])])
    if kind == "MOBILIZE" or (kind in ("AID", "COOPERATE") and _MILITARY.search(words)):
        return "military"
    if kind in ("AGREE", "COOPERATE"):
        return "agreements"
    if kind == "CONSULT":
        return "visits"
    return "other"


def display_name(store: Any, key: str) -> tuple[str, bool]:
    """The name an entity key (code or name) stands for, and whether any entity matches."""
    found = queries.entities(store, name=key)
    for row in found:
        if (row["code"] or "") == key.upper() and row["kind"] == "state":
            return row["name"], True
    for row in found:
        if row["name"].casefold() == key.casefold():
            return row["name"], True
    for row in found:
        if (row["code"] or "") == key.upper():
            return row["name"], True
    return key, bool(found)


@router.get("/pairs/{a}/{b}")
def pair(
    request: Request, store: StoreDep, a: str, b: str,
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // PAIR_PAGE)] = 1,
) -> Response:
    """Two actors: agreements, visits, exercises, disputes and memberships, by year."""
    names = [display_name(store, a), display_name(store, b)]
    found = queries.timeline(store, between=(a, b), limit=PAIR_PAGE,
                             offset=(page_number - 1) * PAIR_PAGE)
    total = found["total"]
    pages, number = _pager(total, PAIR_PAGE, page_number)
    if number != page_number:  # past the last page: show the last
        found = queries.timeline(store, between=(a, b), limit=PAIR_PAGE,
                                 offset=(number - 1) * PAIR_PAGE)
    entries = shape_entries(store, found["entries"])
    years: list[dict[str, Any]] = []
    counts: dict[str, dict[str, int]] = {}
    for entry in entries:
        year = entry["zoom"]["year"]
        entry["category"] = category(entry)
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "by": {key: [] for key, _ in CATEGORIES}})
        years[-1]["by"][entry["category"]].append(entry)
        counts.setdefault(year, {key: 0 for key, _ in CATEGORIES})[entry["category"]] += 1
    used = [(key, label) for key, label in CATEGORIES
            if any(year_counts[key] for year_counts in counts.values())]
    return page(
        request, "pair.html", nav="timeline", title=f"{names[0][0]} and {names[1][0]}",
        a=a, b=b, names=names, years=years, counts=counts, categories=CATEGORIES, used=used,
        total=total, pages=pages, page_number=number, entity_url=entity_url,
        timeline_link="/timeline?" + urlencode({"entity": a}),
        swap=pair_url(b, a), pair_path=pair_url(a, b),
    )


def partners(events: list[dict[str, Any]], name: str, limit: int = 6) -> list[dict[str, Any]]:
    """The actors an entity's events name most often beside it (states and organisations
    first), each with the key its pair page uses."""
    wanted = name.casefold()
    counted: dict[str, dict[str, Any]] = {}
    for event in events:
        seen = set()
        for actor in event["actors"]:
            if actor["name"].casefold() == wanted or actor["kind"] == "place":
                continue
            key = actor["code"] if actor["kind"] == "state" and actor["code"] else actor["name"]
            if key in seen or key.casefold() == wanted:
                continue
            seen.add(key)
            slot = counted.setdefault(key, {"key": key, "name": actor["name"],
                                            "kind": actor["kind"], "count": 0})
            slot["count"] += 1
    ranked = sorted(counted.values(), key=lambda p: (
        p["kind"] not in ("state", "organisation"), -p["count"], p["name"]))
    return ranked[:limit]


def entity_key(record: dict[str, Any]) -> str:
    """How the pair page and the timeline name an entity: a state or an organisation by its
    code, anything else by its name."""
    kinds = set(record.get("kinds") or [record.get("kind")])
    if kinds & {"state", "organisation"} and record.get("code"):
        return record["code"]
    return record["name"]


# Membership bars -------------------------------------------------------------------------


def _year_of(value: str | None) -> float | None:
    """A date value as a fractional year (its start): "2012-06-29" is 2012.49."""
    year, _month, _day = _parts(value)
    if year is None:
        return None
    text = str(value)
    fraction = 0.0
    if text[5:7].isdigit():
        fraction = (int(text[5:7]) - 1) / 12
        if text[8:10].isdigit():
            fraction += (int(text[8:10]) - 1) / 365
    elif text[5:7] in _SEASONS:
        fraction = {"SP": 0.2, "SU": 0.45, "FA": 0.7, "WI": 0.95}[text[5:7]]
    return int(year) + fraction


def membership_bars(store: Any, records: list[dict[str, Any]],
                    today: date | None = None) -> dict[str, Any] | None:
    """Rows of bars over one year axis: each interval's left and right (percent), whether
    it is open at either end, and each boundary with its evidence link."""
    if not records:
        return None
    now = (today or date.today()).year + ((today or date.today()).timetuple().tm_yday / 366)
    years = [y for record in records for interval in record["intervals"]
             for y in (_year_of(interval["from"]), _year_of(interval["to"])) if y is not None]
    low = math.floor(min([*years, now - 10]) / 5) * 5 - 1
    high = math.ceil(now) + 2
    span = high - low
    step = 5 if span <= 45 else 10

    def at(value: float) -> float:
        return round(max(0.0, min(100.0, (value - low) / span * 100)), 2)

    sentences = evidence_links(store, {s["article"] for r in records for i in r["intervals"]
                                       for e in i["evidence"] for s in e["sources"]})
    by_sentence = {(v["article"], v["sentence"]): v["start"] for v in sentences.values()}

    def boundary(evidence: dict[str, Any], side: str, x: float) -> dict[str, Any]:
        sources = [{**source, "url": reader_url(
            source["article"], by_sentence.get((source["article"], source["sentence"])))}
            for source in evidence["sources"]]
        return {"type": evidence["type"], "date": evidence["date"], "side": side, "x": x,
                "sources": sources, "url": sources[0]["url"] if sources else None}

    rows = []
    for record in records:
        spans = []
        for interval in record["intervals"]:
            start, end = _year_of(interval["from"]), _year_of(interval["to"])
            left = at(start) if start is not None else 0.0
            right = at(end) if end is not None else at(now)
            edges = []
            for evidence in interval["evidence"]:
                side = "start" if evidence["type"] == "JOIN" else "end"
                edges.append(boundary(evidence, side, left if side == "start" else right))
            spans.append({"left": left, "width": round(max(right - left, 0.6), 2),
                          "right": right, "open_start": start is None,
                          "open_end": end is None, "from": interval["from"],
                          "to": interval["to"], "end": interval["end"], "edges": edges,
                          "tail": round(100 - right, 2) if end is None else 0})
        rows.append({**record, "spans": spans})
    ticks = [{"year": y, "x": at(y)} for y in range(math.ceil(low / step) * step, high + 1, step)
             if 0 <= at(y) <= 100]
    return {"rows": rows, "ticks": ticks, "now": at(now), "low": low, "high": high}


@router.get("/memberships")
def memberships(request: Request, store: StoreDep, entity: str = "") -> Response:
    """Membership bars of states in organisations, each boundary linked to its evidence."""
    records = queries.memberships(store, entity.strip() or None)
    return page(request, "memberships.html", nav="timeline", title="Memberships",
                bars=membership_bars(store, records), entity=entity.strip(),
                entity_url=entity_url)


# Conflicts -------------------------------------------------------------------------------


@router.get("/conflicts")
def conflicts(request: Request, store: StoreDep) -> Response:
    """Figures that disagree, side by side; entries whose sources disagree."""
    found = queries.conflicts(store)
    figures = [c for c in found if c["kind"] == "figures"]
    entries = shape_entries(store, [c["entry"] for c in found if c["kind"] == "entry"])
    wanted = {e["article"] for c in figures for claim in c["claims"] for e in claim["evidence"]}
    titles: dict[str, dict[str, Any]] = {}
    starts: dict[tuple[str, str], int] = {}
    for article in sorted(wanted):
        try:
            record = queries.article(store, article)
        except NotFound:
            continue
        titles[article] = {"title": record["title"], "source": record["source"]}
        for claim in queries.claims(store, article=article):
            if claim.get("offsets") and claim.get("evidence"):
                starts.setdefault((article, claim["evidence"][0]["sentence"]),
                                  claim["offsets"][0][0])
    for conflict in figures:
        for claim in conflict["claims"]:
            proof = claim["evidence"][0] if claim["evidence"] else None
            claim["url"] = reader_url(proof["article"], starts.get(
                (proof["article"], proof["sentence"]))) if proof else None
    return page(request, "conflicts.html", nav="timeline", title="Conflicts", figures=figures,
                entries=entries, titles=titles, entity_url=entity_url)
