"""Memberships of states in organisations, from the JOIN, LEAVE and SUSPEND entries of the
timeline: each entry that can bound a membership gives one boundary per member and body
(kept by fusion in the store), and a membership's intervals are read off them in date
order, each boundary with its sources."""

from __future__ import annotations

from typing import Any

from dossier.store import Store

TYPES = ("JOIN", "LEAVE", "SUSPEND")
#: Only what happened or was reported bounds a membership (not the planned or negated).
MODALITIES = ("occurred", "reported")


def boundaries(entry: dict[str, Any], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The boundaries an entry (``id``, ``type``, ``date``, ``modality``) sets, one per
    member and body, from its events (their JSON): none unless it is a JOIN, LEAVE or
    SUSPEND that happened or was reported and a source dates it (see ``dates_it``)."""
    if entry["type"] not in TYPES or entry["modality"] not in MODALITIES or not events:
        return []
    if not any(dates_it(event) for event in events):
        return []  # no source says when: it cannot bound a membership
    events = sorted(events, key=lambda e: (e["evidence"][0]["article"], e["offsets"][0][0]))
    actors: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        for actor in event["actors"]:
            actors.setdefault((actor["name"], actor["role"]), actor)
    members = [a for a in actors.values() if a["role"] == "source"]
    bodies = [a for a in actors.values()
              if a["role"] == "target" and a["kind"] == "organisation"]
    sources = [{"article": e["evidence"][0]["article"], "sentence": e["evidence"][0]["sentence"]}
               for e in events]
    # A person joins or leaves for the state they act for ("Karimov left the treaty").
    states = {k: v for e in events for k, v in (e.get("actor_states") or {}).items()}
    pairs = {(m["code"] or states.get(m["name"]) or m["name"], b["code"] or b["name"])
             for m in members for b in bodies}
    return [{"entry_id": entry["id"], "member": member, "organisation": body,
             "type": entry["type"], "date": entry["date"], "sources": sources}
            for member, body in sorted(pairs)]


def rebuild(conn: Any, table: Any) -> int:
    """Fill ``table`` (the membership boundaries, empty) from every JOIN, LEAVE and SUSPEND
    entry and its events, as fusion would write them; for migrations, on a connection of
    either engine. Returns how many rows were written."""
    import sqlalchemy as sa

    from dossier.store.chronology import events_by_entry

    found = conn.execute(sa.text(
        "SELECT id, type, date, modality FROM entries "
        "WHERE type IN ('JOIN', 'LEAVE', 'SUSPEND')")).all()
    written = 0
    for start in range(0, len(found), 2000):  # a batch of entries' events in memory at once
        batch = found[start:start + 2000]
        told = events_by_entry(conn, [row.id for row in batch])
        rows = [boundary for row in batch
                for boundary in boundaries(dict(row._mapping), told.get(row.id, []))]
        if rows:
            conn.execute(table.insert(), rows)
            written += len(rows)
    return written


def dates_it(event: dict[str, Any]) -> bool:
    """Whether an event can date a membership's boundary: dated in its own words or its
    sentence's, or told as the article's own news (it happened, in the article's voice, not
    recalled as background) so that the article's date stands for it ("Uzbekistan has
    formally returned to the CSTO"). Not what someone quoted recalls without a date ("he
    said Uzbekistan joined Eurasec to show loyalty"): that is history, not the news."""
    if event.get("date_source") != "article":
        return True
    return event.get("modality") == "occurred" and not event.get("background")


def memberships(store: Store, entity: str | None = None) -> list[dict[str, Any]]:
    """Membership intervals per (member, organisation), with the evidence of each
    boundary; ``entity``: those of the entries it acts in."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in store.membership_boundary_rows(entity):
        pairs.setdefault((row["member"], row["organisation"]), []).append(row)
    out = []
    for (member, body), rows in sorted(pairs.items()):
        intervals: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        for row in sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "",
                                                r["entry_id"])):
            if row["type"] == "JOIN":
                if current is not None and current["to"] is None:
                    continue  # a second source for the same membership
                current = {"from": row["date"], "to": None, "end": None,
                           "evidence": [_evidence(row)]}
                intervals.append(current)
            else:
                if current is None or current["to"] is not None:
                    # A departure with no recorded joining: member since before the archive.
                    current = {"from": None, "to": None, "end": None, "evidence": []}
                    intervals.append(current)
                current["to"], current["end"] = row["date"], row["type"].lower()
                current["evidence"].append(_evidence(row))
        out.append({"member": member, "organisation": body, "intervals": intervals,
                    "current": bool(intervals) and intervals[-1]["to"] is None})
    return out


def _evidence(row: dict[str, Any]) -> dict[str, Any]:
    return {"type": row["type"], "date": row["date"], "entry": row["entry_id"],
            "sources": row["sources"]}
