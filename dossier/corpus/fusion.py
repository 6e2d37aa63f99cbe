"""Fusion: the same event told by several articles becomes one timeline entry.

Two events are the same when they have the same type, the same actors (a person counts
as the state they act for, so "Putin and Karimov sign" meets "Russia and Uzbekistan sign")
and dates that can be the same day (their intervals overlap, or one of them is unknown).
An entry's date is the most precise date its sources support; sources whose dates cannot
be the same day are flagged, never averaged; one source telling as planned what another
tells as done, after the fact, is flagged too. Incremental: a new article's events join
existing entries; nothing else is recomputed.

Deterministic: a batch of articles gives the same entries whatever order they came in and
in every store. Its events are placed in one canonical order (``_placing_order``: sharpest
own date first, then the hash of their article's text and their place in it, never the
random article IDs); an entry's ID is made from the event that founds it and its article's
text (``_entry_id``), so a tie between candidate entries falls the same way everywhere; an
entry's fields are read from its events in one order (``_source_order``). Articles fused in
separate batches still meet what the earlier batches made: fusion is greedy, so two orders
of batches can group a few events differently.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import lru_cache
from typing import Any

from dossier.corpus.membership import boundaries
from dossier.store import Store
from dossier.timex.values import interval_of

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4,
                  "decade": 5, "century": 6, "unknown": 9}
# Dates this close (in days) still make one event when two sources disagree by a little
# (a wire dated by the day after); they are joined and the disagreement flagged.
NEAR_DAYS = 3
# An event dated only by the article that tells it happened within this many days before.
REPORT_WINDOW_DAYS = 31
# Negated, denied and hypothetical events are not facts to fuse: they stand alone.
ALONE = ("negated", "denied", "hypothetical")


def actor_key(event: dict[str, Any]) -> str:
    """Who acts and on whom, as sorted codes: states by ISO code, organisations by short
    name, people and ministries by the state they act for, else by name."""
    states = event.get("actor_states", {})
    keys = set()
    for actor in event["actors"]:
        if actor["role"] not in ("source", "target"):
            continue
        keys.add(actor["code"] or states.get(actor["name"]) or actor["name"])
    return "|".join(sorted(keys))


@lru_cache(maxsize=65536)
def span(date: str | None, date_end: str | None) -> tuple[Any, Any] | None:
    """The (first day, last day) an event's date covers, or None when it is unknown.
    Cached: fusing one event compares it with every candidate entry's date, and the same
    few thousand date values come back all the time."""
    if not date:
        return None
    start, end, _ = interval_of(date)
    if date_end:
        _, end, _ = interval_of(date_end)
    if start is None or end is None:
        return None
    return start, end


def compatible(a: tuple[Any, Any] | None, b: tuple[Any, Any] | None) -> str | None:
    """"same" when two spans overlap, "near" when they miss by a few days, else None."""
    if a is None or b is None:
        return "same"
    if a[0] <= b[1] and b[0] <= a[1]:
        return "same"
    gap = min(abs((a[0] - b[1]).days), abs((b[0] - a[1]).days))
    return "near" if gap <= NEAR_DAYS else None


def fuse(store: Store, article_ids: list[str], touched: set[str] | None = None) -> int:
    """Place the events of the given articles in timeline entries; returns how many.
    ``touched``: entries that lost events (a re-analysed article) and need a refresh.

    Works in memory over the entries the new events could join (same type and actors,
    found through the index on both), then writes in one transaction what changed: the
    events placed elsewhere than before, and the entries whose fields moved."""
    placing = sorted(store.events_of_articles(article_ids), key=_placing_order)
    placing_ids = {event["id"] for event in placing}
    keyed = {event["id"]: (event["type"], actor_key(event)) for event in placing}
    # Candidates are chosen on each entry's stored date and modality, among those whose days
    # can meet the new events' (through an index); an entry's events are loaded only when
    # it changes, so fusing one article stays cheap however large the timeline.
    windows: dict[tuple[str, str], tuple[str, str] | None] = {}
    for event in placing:
        window = _window(event)
        known = windows.get(keyed[event["id"]], window)
        windows[keyed[event["id"]]] = None if window is None or known is None else (
            min(known[0], window[0]), max(known[1], window[1]))
    state: dict[str, dict[str, Any]] = {}
    by_key: dict[tuple[str, str], list[str]] = {}
    for (type_, key), group in store.entries_for_keys(windows).items():
        by_key[(type_, key)] = [entry["id"] for entry in group]
        for entry in group:
            state[entry["id"]] = {"type": type_, "key": key, "events": None, "fields": entry}
    for entry_id in touched or set():
        state.setdefault(entry_id, {"type": "", "key": "", "events": None, "fields": None})
    attach: dict[str, str] = {}
    dirty = set(touched or set())

    def candidates(event: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        type_, key = keyed[event["id"]]
        return [(i, state[i]) for i in by_key.get((type_, key), []) if state[i]["fields"]
                and (state[i]["type"], state[i]["key"]) == (type_, key)]

    # The events of the entries the new events join as things stand, and of the touched
    # ones, in one query (an event placed first can still change the choice of the next:
    # that entry's events are loaded when it is chosen).
    _load(store, state, dirty | ({_choose(e, candidates(e)) for e in placing} - {None}),
          placing_ids)
    for event in placing:
        type_, key = keyed[event["id"]]
        same = by_key.setdefault((type_, key), [])
        entry_id = _choose(event, candidates(event))
        if entry_id is None:
            entry_id = _entry_id(event, key, state)
            if entry_id not in same:
                same.append(entry_id)
            state[entry_id] = {"type": type_, "key": key, "events": [], "fields": None}
        _load(store, state, {entry_id}, placing_ids)
        state[entry_id]["events"].append(event)
        state[entry_id]["fields"] = summarise_entry(state[entry_id]["events"])
        if event.get("entry") != entry_id:
            attach[event["id"]] = entry_id
        dirty.add(entry_id)
    _load(store, state, dirty, placing_ids)
    for entry_id in dirty:
        told = state[entry_id]["events"] = sorted(state[entry_id]["events"] or [],
                                                  key=_source_order)
        if told and not state[entry_id]["type"]:
            state[entry_id]["type"], state[entry_id]["key"] = told[0]["type"], actor_key(told[0])
        state[entry_id]["fields"] = _with_span(summarise_entry(told)) if told else None
    store.apply_fusion(attach, {i: state[i] for i in dirty}, [
        row for i in dirty if state[i]["events"]
        for row in boundaries({"id": i, "type": state[i]["type"], **state[i]["fields"]},
                              state[i]["events"])])
    return len(placing)


def _load(store: Store, state: dict[str, dict[str, Any]], entry_ids: set[str],
          placing_ids: set[str]) -> None:
    """Load the events of the given entries that are not loaded yet (less those being
    placed again, which are re-attached)."""
    missing = {i for i in entry_ids if state[i]["events"] is None}
    if not missing:
        return
    found = store.events_of_entries(missing)
    for entry_id in missing:
        state[entry_id]["events"] = [e for e in found.get(entry_id, [])
                                     if e["id"] not in placing_ids]


def _choose(event: dict[str, Any], entries: list[tuple[str, dict[str, Any]]]) -> str | None:
    """The entry an event joins, or None for a new one."""
    if event["modality"] in ALONE:
        return None
    own = span(event["date"], event["date_end"]) if _own_date(event) else None
    near = own or _reported_window(event)
    candidates = []
    for entry_id, entry in entries:
        fields = entry["fields"]
        if compatible(near, span(fields["date"], fields["date_end"])) is None:
            continue
        if own is None and fields["modality"] != event["modality"]:
            continue  # dated only by its article: a plan is not the deed
        candidates.append((PRECISION_RANK.get(fields["precision"], 9), entry_id))
    # An event without a date of its own joins an entry only when there is no doubt which
    # one; otherwise it stands alone rather than glue two stories together.
    if own is None and len(candidates) != 1:
        return None
    return min(candidates)[1] if candidates else None


def _window(event: dict[str, Any]) -> tuple[str, str] | None:
    """The ISO days an entry's days must meet for the event to join it (its own or its
    reported dates, widened by the few days a near date may miss by); None: any entry."""
    if event["modality"] in ALONE:
        return ("9999-12-31", "0001-01-01")  # it joins none: no window is met
    own = span(event["date"], event["date_end"]) if _own_date(event) else None
    near = own or _reported_window(event)
    if near is None:
        return None
    slack = timedelta(days=NEAR_DAYS)
    try:
        return (near[0] - slack).isoformat(), (near[1] + slack).isoformat()
    except OverflowError:  # within days of year 1 or 9999: let every entry be a candidate
        return None


def _with_span(fields: dict[str, Any]) -> dict[str, Any]:
    """An entry's fields with the first and last day its date covers (ISO), as stored."""
    found = span(fields["date"], fields["date_end"])
    return {**fields, "span_start": found[0].isoformat() if found else None,
            "span_end": found[1].isoformat() if found else None}


def _reported_window(event: dict[str, Any]) -> tuple[Any, Any] | None:
    """An event dated only by its article happened around then: the month before it."""
    if not event["date"]:
        return None
    found = span(event["date"], event["date_end"])
    if found is None:
        return None
    return found[0] - timedelta(days=REPORT_WINDOW_DAYS), found[1]


def _own_date(event: dict[str, Any]) -> bool:
    """Whether an event's date comes from the text about it, not the article's own date."""
    return bool(event["date"]) and event.get("date_source") != "article"


def _placing_order(event: dict[str, Any]) -> tuple[Any, ...]:
    """The order a batch's events are placed in, the same whatever order their articles
    came in: events dated by their own text first, the sharpest dates first (an entry is
    founded on the most precise date its sources give, and vaguer ones join it), then by
    date, by their article's text (its hash) and by their place in it."""
    return (not _own_date(event), PRECISION_RANK.get(event["precision"], 9),
            event["date"] or "", event["date_end"] or "", event["article_hash"],
            event["offsets"][0][0], event["type"], event["summary"])


def _source_order(event: dict[str, Any]) -> tuple[Any, ...]:
    """The order an entry's events are read in (its date, summary and conflicts come from
    the first that qualifies): by publication, sentence and place, never by random IDs."""
    evidence = event["evidence"][0]
    return (evidence.get("published") or "", evidence["sentence"], event["offsets"][0][0],
            event["type"], event["date"] or "", event["summary"])


def _entry_id(event: dict[str, Any], key: str, taken: dict[str, Any]) -> str:
    """The ID of the entry ``event`` founds: from its article's text (hash), its place and
    what it tells, so that it is the same in every store (article IDs are random) and a tie
    between candidate entries falls the same way everywhere. ``taken``: the entries known."""
    told = (f"{event['article_hash']}|{event['offsets'][0][0]}|{event['offsets'][0][1]}|"
            f"{event['type']}|{key}|{event['date']}|{event['modality']}|{event['summary']}")
    entry_id, n = "e" + hashlib.sha1(told.encode()).hexdigest()[:16], 0
    while entry_id in taken:  # two events of one trigger, told alike, that stay apart
        n += 1
        entry_id = "e" + hashlib.sha1(f"{told}|{n}".encode()).hexdigest()[:16]
    return entry_id


def summarise_entry(events: list[dict[str, Any]]) -> dict[str, Any]:
    """An entry's date, modality, summary and conflicts from its events (its sources), the
    same whatever order they are given in."""
    events = sorted(events, key=_source_order)
    dated = [e for e in events if _own_date(e)] or [e for e in events if e["date"]]
    best = min(dated, key=lambda e: PRECISION_RANK.get(e["precision"], 9)) if dated else events[0]
    # A source that tells the event as just done, dated by its own publication day, narrows
    # a coarser date its interval falls in ("in autumn 2005" + a report of 14 November).
    best_span = span(best["date"], best["date_end"])
    for event in events:
        if (not _own_date(event) and event["date"] and event["modality"] == "occurred"
                and best_span and PRECISION_RANK.get(event["precision"], 9)
                < PRECISION_RANK.get(best["precision"], 9)):
            inner = span(event["date"], event["date_end"])
            if inner and best_span[0] <= inner[0] and inner[1] <= best_span[1]:
                best = event
                best_span = inner
    conflicts: list[dict[str, Any]] = []
    spans = {e["id"]: span(e["date"], e["date_end"]) for e in dated}
    disputed = _disputed_dates([e for e in dated if _own_date(e)], spans)
    if disputed:
        conflicts.append({"kind": "date", "sources": [_who(e) for e in disputed]})
    done = [e for e in events if e["modality"] == "occurred"]
    planned = [e for e in events if e["modality"] in ("planned", "scheduled")]
    if done and planned:
        own = spans.get(best["id"])
        late = [e for e in planned
                if own and (e["evidence"][0].get("published") or "") > own[1].isoformat()]
        if late:
            conflicts.append({"kind": "modality",
                              "sources": [_who(done[0]), *(_who(e) for e in late)]})
    modality = "occurred" if done else (best["modality"] if events else "occurred")
    return {
        "date": best["date"],
        "date_end": best["date_end"],
        "precision": best["precision"] if best["date"] else "unknown",
        "modality": modality,
        "summary": (done or [best])[0]["summary"],
        "conflicts": conflicts,
        "sources": len({e["evidence"][0]["article"] for e in events}),
    }


def _disputed_dates(own_dated: list[dict[str, Any]],
                    spans: dict[str, tuple[Any, Any] | None]) -> list[dict[str, Any]]:
    """The sources whose own date cannot be the same day as another source's, oldest date
    first; each listed once, so that an entry told by a hundred sources keeps a short list
    (a list of disagreeing pairs grows with the square of the sources).
    A date overlaps every other when it starts before the earliest end and ends after the
    latest start: one pass over the spans, not one per pair."""
    known = [(e, spans[e["id"]]) for e in own_dated if spans[e["id"]] is not None]
    if len(known) < 2:
        return []
    earliest_end = min(found[1] for _, found in known)
    latest_start = max(found[0] for _, found in known)
    disputed = [(found, e) for e, found in known
                if found[0] > earliest_end or found[1] < latest_start]
    return [e for _, e in sorted(disputed, key=lambda pair: (pair[0], pair[1]["id"]))]


def _who(event: dict[str, Any]) -> dict[str, Any]:
    evidence = event["evidence"][0]
    return {"event": event["id"], "article": evidence["article"], "date": event["date"],
            "date_end": event["date_end"], "modality": event["modality"],
            "sentence": evidence["sentence"]}
