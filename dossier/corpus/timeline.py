"""The corpus chronology read back: timeline entries with their sources, membership
intervals derived from JOIN / LEAVE / SUSPEND, and claims that disagree."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from dossier.errors import InputError
from dossier.store import Store

MAX_PAGE = 500
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


def entry_record(row: dict[str, Any]) -> dict[str, Any]:
    """One timeline entry as users see it: the event, its date, and every source."""
    actors: dict[tuple[str, str], dict[str, Any]] = {}
    for event in row["events"]:
        for actor in event["actors"]:
            actors.setdefault((actor["name"], actor["role"]), actor)
    return {
        "id": row["id"],
        "type": row["type"],
        "date": row["date"],
        "date_end": row["date_end"],
        "precision": row["precision"],
        "modality": row["modality"],
        "summary": row["summary"],
        "actors": list(actors.values()),
        "conflicts": row["conflicts"],
        "sources": ranked([
            {
                "article": event["evidence"][0]["article"],
                "title": event.get("article_title"),
                "source": event.get("article_source"),
                "origin": event["evidence"][0]["origin"],
                "published": event["evidence"][0]["published"],
                "sentence": event["evidence"][0]["sentence"],
                "date": event["date"],
                "precision": event.get("precision"),
                "date_source": event.get("date_source"),
                "modality": event["modality"],
                "background": event["background"],
                "event": event["id"],
            }
            for event in row["events"]
        ]),
    }


def ranked(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An entry's sources in the order a reader weighs them, each with its ``rank``: the
    first report (the earliest published), the source with the most precise date of its own
    (when another), then the others by publication."""
    from dossier.corpus.fusion import PRECISION_RANK

    order = sorted(sources, key=lambda s: (s["published"] is None, s["published"] or "",
                                           s["origin"] or "", s["sentence"], s["event"]))
    if not order:
        return order
    own = [s for s in order if s["date"] and s.get("date_source") != "article"]
    sharpest = min(own, key=lambda s: PRECISION_RANK.get(s.get("precision") or "", 9)) \
        if own else None
    head = [order[0]] + ([sharpest] if sharpest and sharpest is not order[0] else [])
    return [{**s, "rank": "first report" if s is order[0] else "most precise date"}
            for s in head] + [{**s, "rank": "other"} for s in order if s not in head]


def timeline(
    store: Store, *, entity: str | None = None, between: tuple[str, str] | None = None,
    type_: str | None = None, date_from: str | None = None, date_to: str | None = None,
    limit: int = 100, offset: int = 0, cursor: str | None = None,
) -> dict[str, Any]:
    """A page of the timeline (never the whole corpus at once), oldest first. ``total``
    counts every entry the filters match; ``next`` is the cursor of the following page (None
    on the last): passed back as ``cursor`` (with the same filters, and no ``offset``), the
    page starts right after this one at the cost of a short index seek, however deep."""
    if cursor and offset:
        raise InputError("page by offset or by cursor, not both")
    entities = [e for e in ((entity,) if entity else ()) + (between or ()) if e]
    size = min(limit, MAX_PAGE)
    rows, total = store.timeline_rows(entities=entities, type_=type_, date_from=date_from,
                                      date_to=date_to, limit=size + 1, offset=offset,
                                      after=decode_cursor(cursor) if cursor else None)
    more, rows = len(rows) > size, rows[:size]
    links = _plans_linked(store, rows)
    return {"total": total, "offset": offset, "limit": size,
            "next": encode_cursor(rows[-1]["date"], rows[-1]["id"]) if more else None,
            "entries": [{**entry_record(row), "related": links.get(row["id"], [])}
                        for row in rows]}


def _plans_linked(store: Store, rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The planned entries of a page, each with the entries of the deed it foretold (a plan
    told beforehand is kept apart from the deed, and linked to it)."""
    from dossier.corpus.fusion import PLANS, related

    plans = {row["id"] for row in rows if row["modality"] in PLANS}
    if not plans:
        return {}
    return related(store, store.events_of_entries(plans))


def encode_cursor(date: str | None, entry_id: str) -> str:
    """The cursor after an entry: its (date, ID), the timeline's order, URL-safe."""
    raw = json.dumps([date, entry_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str | None, str]:
    """The (date, entry ID) a cursor from ``encode_cursor`` stands for."""
    try:
        raw = base64.urlsafe_b64decode(cursor.strip() + "=" * (-len(cursor.strip()) % 4))
        date, entry_id = json.loads(raw)
        if (date is None or isinstance(date, str)) and isinstance(entry_id, str):
            return date, entry_id
    except (binascii.Error, ValueError, TypeError):
        pass
    raise InputError(f"not a timeline cursor: {cursor!r} (use the `next` of a timeline page)")


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Claims about the same figure that disagree, side by side, each with its holder and
    source; and timeline entries whose sources disagree on the date or on whether it
    happened. Nothing is merged or averaged."""
    claims = [c for c in store.claim_rows() if c.get("figures")]
    groups: list[list[tuple[dict[str, Any], dict[str, Any]]]] = []
    for claim in claims:
        for figure in claim["figures"]:
            if not figure.get("what"):
                continue
            for group in groups:
                other, other_figure = group[0]
                if _same_fact(claim, figure, other, other_figure):
                    group.append((claim, figure))
                    break
            else:
                groups.append([(claim, figure)])
    found = []
    for group in groups:
        values = {figure["value"] for _, figure in group}
        if len(group) < 2 or len(values) < 2:
            continue
        found.append({
            "kind": "figures",
            "about": f"{group[0][1]['unit'] or ''} {group[0][1]['what']}".strip(),
            "claims": [{"holder": (claim.get("holder") or {}).get("name"),
                        "figure": figure["text"], "value": figure["value"],
                        "qualifier": figure.get("qualifier"), "evidence": claim["evidence"]}
                       for claim, figure in group],
        })
    # Only the entries whose sources disagree, a page at a time, in timeline order.
    after = None
    while True:
        rows, _ = store.timeline_rows(conflicted=True, limit=MAX_PAGE, after=after,
                                      count=False)
        found.extend({"kind": "entry", "entry": entry_record(row)} for row in rows
                     if row["conflicts"])
        if len(rows) < MAX_PAGE:
            return found
        after = (rows[-1]["date"], rows[-1]["id"])


def _same_fact(a: dict[str, Any], fa: dict[str, Any], b: dict[str, Any],
               fb: dict[str, Any]) -> bool:
    """Two figures count the same thing: same measure and unit, told in the same passage
    of one article or naming the same place or event."""
    if (fa.get("what"), fa.get("unit")) != (fb.get("what"), fb.get("unit")):
        return False
    ea, eb = a["evidence"][0], b["evidence"][0]
    if ea["article"] == eb["article"]:
        offsets_a, offsets_b = a.get("offsets", [[0, 0]])[0], b.get("offsets", [[0, 0]])[0]
        if abs(offsets_a[0] - offsets_b[0]) <= 600:
            return True
    return bool(set(_CAPITALISED.findall(ea["sentence"])) & set(_CAPITALISED.findall(
        eb["sentence"])))
