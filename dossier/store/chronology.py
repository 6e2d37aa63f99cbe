"""The store's part for the chronology: an article's mentions, events and claims, and the
queries over them. Mixed into :class:`dossier.store.Store`."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa

from dossier.store.schema import (
    articles,
    claims,
    entries,
    entry_actors,
    entry_months,
    event_actors,
    events,
    membership_boundaries,
    mentions,
)

_CHUNK = 5000
#: The entries an actor (or "") acts in whose days touch the given months and whose events
#: are told as one of the given types (``entry_months``), with their days; and the same for
#: a range of months.
_ENTRY_MONTH_COLUMNS = (entry_months.c.month, entry_months.c.type, entry_months.c.entry_id,
                        entries.c.span_start, entries.c.span_end)
_ACTOR_MONTHS = (
    sa.select(*_ENTRY_MONTH_COLUMNS)
    .join(entries, entries.c.id == entry_months.c.entry_id)
    .where(entry_months.c.actor == sa.bindparam("actor"),
           entry_months.c.month.in_(sa.bindparam("months", expanding=True)),
           entry_months.c.type.in_(sa.bindparam("types", expanding=True))))
_ACTOR_MONTH_RANGE = (
    sa.select(*_ENTRY_MONTH_COLUMNS)
    .join(entries, entries.c.id == entry_months.c.entry_id)
    .where(entry_months.c.actor == sa.bindparam("actor"),
           entry_months.c.month >= sa.bindparam("first"),
           entry_months.c.month <= sa.bindparam("last"),
           entry_months.c.type.in_(sa.bindparam("types", expanding=True))))
#: A walk of more months than this is asked as a range, not as a list of months.
_LISTED_MONTHS = 240
#: ``entry_months``' month for an entry whose days are unknown, and for one whose days run
#: longer than ``WIDE_MONTHS`` (every dated walk asks for those too).
UNDATED_MONTH, WIDE_MONTH, WIDE_MONTHS = 0, -1, 60


def month_number(day: str) -> int:
    """An ISO day's month as ``entry_months`` counts them (``year * 12 + month - 1``)."""
    return int(day[:4]) * 12 + int(day[5:7]) - 1


def month_rows(entry_id: str, tokens: list[str], span_start: str | None,
               span_end: str | None, types: set[str] | list[str]) -> list[dict[str, Any]]:
    """An entry's ``entry_months`` rows: each actor token fusion finds it by (["" ] when
    its events have none: ``dossier.corpus.fusion.entry_tokens``) with each month its days
    touch and each type its events are told as."""
    if span_start is None or span_end is None:
        months: list[int] | range = [UNDATED_MONTH]
    else:
        first, last = month_number(span_start), month_number(span_end)
        months = [WIDE_MONTH] if last - first > WIDE_MONTHS else range(first, last + 1)
    kinds = sorted(set(types))
    return [{"actor": actor, "month": month, "type": kind, "entry_id": entry_id}
            for actor in tokens for month in months for kind in kinds]


def _walks(windows: list[tuple[str, str] | None]) -> list[tuple[int, int, str, str]]:
    """The walks of ``entry_months`` for windows of ISO days: (first month, last month,
    first day, last day), the entries' own days checked against the days. A window that
    ends before it starts (an undated mention's) asks for the entries whose days are
    unknown (dated and undated mentions never join); None for every entry."""
    walks: set[tuple[int, int, str, str]] = set()
    for window in windows:
        if window is None:
            walks.add((WIDE_MONTH, 10**9, "", "9999-99-99"))
        elif window[0] > window[1]:
            walks.add((UNDATED_MONTH, UNDATED_MONTH, "", "9999-99-99"))
        else:
            low, high = window
            walks.update({(month_number(low), month_number(high), low, high),
                          (WIDE_MONTH, WIDE_MONTH, low, high)})
    return sorted(walks)


def _entries_walked(conn: sa.Connection, actor: str,
                    mine: list[tuple[int, int, str, str, tuple[str, ...]]]) -> set[str]:
    """The entries one actor's walks (``_walks``, each with the types it wants) find: an
    entry of a wanted type in a walked month whose days meet the walk's days."""
    by_month: dict[int, list[tuple[int, int, str, str, tuple[str, ...]]]] = {}
    wide = []  # walks of every month (a window of None)
    for walk in mine:
        if walk[1] - walk[0] > _LISTED_MONTHS:
            wide.append(walk)
        else:
            for month in range(walk[0], walk[1] + 1):
                by_month.setdefault(month, []).append(walk)
    kinds = sorted({kind for *_, types in mine for kind in types})
    if wide:
        rows = conn.execute(_ACTOR_MONTH_RANGE, {
            "actor": actor, "first": min(w[0] for w in mine),
            "last": max(w[1] for w in mine), "types": kinds})
    else:
        rows = conn.execute(_ACTOR_MONTHS, {
            "actor": actor, "months": sorted(by_month), "types": kinds})
    found: set[str] = set()
    for month, kind, entry_id, start, end in rows:
        if entry_id in found:
            continue
        for _, _, low, high, types in by_month.get(month, []) + wide:
            if kind in types and (start is None or (start <= high and end >= low)):
                found.add(entry_id)
                break
    return found


def _types(entry: dict[str, Any]) -> set[str]:
    """The types an entry's events are told as."""
    return {event["type"] for event in entry["events"]}


def actor_tokens(key: str) -> list[str]:
    """The actors of an entry's actor key ("RUS|UZB"), as the entry-actor index keeps them
    (lower-cased, so that "uzb", "UZB" and "Uzb" find the same entries)."""
    return sorted({part.lower() for part in key.split("|")} - {""})


class ChronologyStore:
    """Methods that need ``self.engine``, ``self.atomic()`` and ``self._resolve()``."""

    engine: sa.Engine

    def replace_analysis(
        self, article_id: str, status: str, found_mentions: list[dict[str, Any]],
        found_events: list[dict[str, Any]], found_claims: list[dict[str, Any]],
    ) -> set[str]:
        """Replace an article's mentions, events and claims in one transaction; returns the
        timeline entries its old events were in (to be refreshed)."""
        with self.atomic() as conn:  # type: ignore[attr-defined]
            old = sa.select(events.c.id).where(events.c.article_id == article_id)
            touched = set(conn.execute(sa.select(events.c.entry_id).where(
                events.c.article_id == article_id, events.c.entry_id.is_not(None))).scalars())
            conn.execute(event_actors.delete().where(event_actors.c.event_id.in_(old)))
            for table in (events, claims, mentions):
                conn.execute(table.delete().where(table.c.article_id == article_id))
            conn.execute(articles.update().where(articles.c.id == article_id).values(
                analysis=status))
            if found_mentions:
                conn.execute(mentions.insert(), [
                    {**m, "article_id": article_id} for m in found_mentions])
            for event in found_events:
                evidence = event["evidence"][0]
                conn.execute(events.insert().values(
                    id=event["id"], article_id=article_id, type=event["type"],
                    date=event["date"], date_end=event["date_end"],
                    precision=event["precision"], modality=event["modality"],
                    background=event["background"], summary=event["summary"],
                    sentence=evidence["sentence"], start=event["offsets"][0][0],
                    end=event["offsets"][0][1], data=event,
                ))
                if event["actors"]:
                    # The index keeps, for a person or a ministry, the state they act for,
                    # so that --entity UZB finds what Karimov did.
                    states = event.get("actor_states", {})
                    conn.execute(event_actors.insert(), [
                        {"event_id": event["id"], "name": a["name"], "kind": a["kind"],
                         "code": a["code"] or states.get(a["name"]), "role": a["role"]}
                        for a in event["actors"]
                    ])
            for claim in found_claims:
                evidence = claim["evidence"][0]
                holder = claim.get("holder") or {}
                conn.execute(claims.insert().values(
                    id=claim["id"], article_id=article_id, holder=holder.get("name"),
                    holder_code=holder.get("code"), verb=claim["verb"],
                    content=claim["content"], date=claim.get("date"),
                    sentence=evidence["sentence"], start=claim.get("offsets", [[0, 0]])[0][0],
                    end=claim.get("offsets", [[0, 0]])[0][1], data=claim,
                ))
        return touched

    # -- fusion -------------------------------------------------------------------------

    def entries_of_article(self, article_id: str) -> set[str]:
        """The timeline entries an article's events are in."""
        with self.engine.connect() as conn:
            full_id = self._resolve(conn, article_id)  # type: ignore[attr-defined]
            return set(conn.execute(sa.select(events.c.entry_id).where(
                events.c.article_id == full_id, events.c.entry_id.is_not(None))).scalars())

    def events_of_articles(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """The stored events of the given articles (their JSON, with ``entry`` and
        ``article_hash``, the hash of the article's text: what names an article the same
        in every store, where its ID is random), by article hash and place in the text."""
        query = sa.select(events.c.data, events.c.entry_id, articles.c.text_hash).join(
            articles, articles.c.id == events.c.article_id).where(
            events.c.article_id.in_(article_ids)).order_by(articles.c.text_hash,
                                                            events.c.start)
        with self.engine.connect() as conn:
            return [{**row.data, "entry": row.entry_id, "article_hash": row.text_hash}
                    for row in conn.execute(query)]

    def events_sharing(
        self, probes: dict[tuple[str, tuple[str, ...]], list[tuple[str, str] | None]],
    ) -> dict[str, list[dict[str, Any]]]:
        """The entries (their events' JSON, by entry) that a new event could be told with:
        for each probe (an actor, lower-cased as the entry-actor index keeps it, "" for the
        entries without actors; and the event types wanted), the entries the actor acts in
        that hold an event of one of those types and whose days meet one of the probe's
        windows of ISO days: a walk of ``entry_months`` over the months the window touches
        (see ``_walks``). One query per actor for the entries, one per few thousand entries
        for their events.
        Every event of an entry found is returned, whatever its type: fusion needs all of
        them when the entry merges with a new event, and they are read in the same pass
        (``ix_events_entry`` leads to each row, whose type SQLite reads there anyway)
        rather than in a second query; the ones of other types never pass ``same_event``."""
        walks: dict[str, list[tuple[int, int, str, str, tuple[str, ...]]]] = {}
        for (actor, types), windows in probes.items():
            walks.setdefault(actor, []).extend(
                (*walk, types) for walk in _walks(windows))
        with self.engine.connect() as conn:
            wanted: set[str] = set()
            for actor in sorted(walks):
                wanted.update(_entries_walked(conn, actor, walks[actor]))
            return events_by_entry(conn, wanted)

    def events_of_entries(self, entry_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
        """The events (their JSON) in each of the given entries."""
        if not entry_ids:
            return {}
        with self.engine.connect() as conn:
            return events_by_entry(conn, entry_ids)

    def apply_fusion(self, attach: dict[str, str], state: dict[str, dict[str, Any]],
                     boundaries: list[dict[str, Any]] | None = None) -> None:
        """Write a fusion in one transaction: each event's entry, each entry's fields (from
        its events) where they changed, its actors when it is new, the membership
        boundaries of the entries in ``state`` (replaced by ``boundaries``), and drop the
        entries left without events."""
        with self.atomic() as conn:  # type: ignore[attr-defined]
            ids = sorted(state)
            before: dict[str, Any] = {}
            for start in range(0, len(ids), _CHUNK):  # within any engine's parameter limit
                before.update((row.id, row._mapping) for row in conn.execute(
                    sa.select(entries).where(entries.c.id.in_(ids[start:start + _CHUNK]))))
            # Only an entry already stored can have boundaries to replace.
            known = sorted(before)
            for start in range(0, len(known), _CHUNK):
                conn.execute(membership_boundaries.delete().where(
                    membership_boundaries.c.entry_id.in_(known[start:start + _CHUNK])))
            gone = [i for i, entry in state.items() if not entry["events"] and i in before]
            if gone:
                conn.execute(entry_actors.delete().where(entry_actors.c.entry_id.in_(gone)))
                conn.execute(entry_months.delete().where(entry_months.c.entry_id.in_(gone)))
                conn.execute(entries.delete().where(entries.c.id.in_(gone)))
            added: list[dict[str, Any]] = []
            actors: list[dict[str, Any]] = []
            months: list[dict[str, Any]] = []
            rewrite: list[str] = []
            kept: list[dict[str, Any]] = []  # the month rows of entries already stored
            updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for entry_id, entry in state.items():
                if not entry["events"]:
                    continue
                values = {"type": entry["type"], "actor_key": entry["key"], **entry["fields"]}
                old = before.get(entry_id)
                if old is None:
                    added.append({"id": entry_id, **values})
                    actors.extend({"entry_id": entry_id, "actor": actor, "date": values["date"]}
                                  for actor in actor_tokens(entry["key"]))
                    months.extend(month_rows(entry_id, entry["tokens"], values["span_start"],
                                             values["span_end"], _types(entry)))
                    continue
                changed = {name: value for name, value in values.items()
                           if old[name] != value}
                # Its events may have changed without its fields: its rows are compared.
                rewrite.append(entry_id)
                kept.extend(month_rows(entry_id, entry["tokens"], values["span_start"],
                                       values["span_end"], _types(entry)))
                if changed:
                    updates.setdefault(tuple(sorted(changed)), []).append(
                        {"entry": entry_id, **{f"new_{k}": v for k, v in changed.items()}})
                if "actor_key" in changed:
                    conn.execute(entry_actors.delete().where(
                        entry_actors.c.entry_id == entry_id))
                    actors.extend({"entry_id": entry_id, "actor": actor, "date": values["date"]}
                                  for actor in actor_tokens(entry["key"]))
                elif "date" in changed:
                    conn.execute(entry_actors.update().where(
                        entry_actors.c.entry_id == entry_id).values(date=values["date"]))
            for names, rows in updates.items():  # one statement per set of changed fields
                conn.execute(_entry_update(names), rows)
            if added:
                conn.execute(entries.insert(), added)
            if actors:
                conn.execute(entry_actors.insert(), actors)
            months += _month_rows_changed(conn, rewrite, kept)
            if months:
                conn.execute(entry_months.insert(), months)
            if boundaries:
                conn.execute(membership_boundaries.insert(), boundaries)
            if attach:
                conn.execute(
                    events.update().where(events.c.id == sa.bindparam("event"))
                    .values(entry_id=sa.bindparam("entry")),
                    [{"event": event, "entry": entry} for event, entry in attach.items()],
                )

    def event_rows(
        self, *, article: str | None = None, entity: str | None = None,
        type_: str | None = None, date_from: str | None = None, date_to: str | None = None,
        limit: int | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Events as stored (their JSON), oldest first, with filters."""
        query = sa.select(events.c.data, events.c.article_id, events.c.entry_id)
        conditions = _date_conditions(events.c.date, date_from, date_to)
        if article:
            with self.engine.connect() as conn:
                conditions.append(events.c.article_id == self._resolve(conn, article))  # type: ignore[attr-defined]
        if type_:
            conditions.append(events.c.type == type_.upper())
        if entity:
            conditions.append(events.c.id.in_(_actor_match(entity)))
        query = query.where(*conditions).order_by(
            events.c.date.is_(None), events.c.date, events.c.article_id, events.c.start
        ).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [{**_shown(row.data), "entry": row.entry_id} for row in conn.execute(query)]

    def claim_rows(
        self, *, article: str | None = None, entity: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        limit: int | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Claims as stored (their JSON), in article and text order, with filters."""
        conditions = _date_conditions(claims.c.date, date_from, date_to)
        if article:
            with self.engine.connect() as conn:
                conditions.append(claims.c.article_id == self._resolve(conn, article))  # type: ignore[attr-defined]
        if entity:
            needle = entity.strip()
            conditions.append(sa.or_(claims.c.holder_code == needle.upper(),
                                     claims.c.holder.ilike(f"%{needle}%"),
                                     claims.c.content.ilike(f"%{needle}%")))
        query = sa.select(claims.c.data).where(*conditions).order_by(
            claims.c.article_id, claims.c.start).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [row.data for row in conn.execute(query)]

    def entity_rows(self, *, article: str | None = None, kind: str | None = None,
                    name: str | None = None) -> list[dict[str, Any]]:
        """Entities with their mention and article counts and the roles seen."""
        conditions = []
        if article:
            with self.engine.connect() as conn:
                conditions.append(mentions.c.article_id == self._resolve(conn, article))  # type: ignore[attr-defined]
        if kind:
            conditions.append(mentions.c.kind == kind)
        if name:
            conditions.append(sa.or_(mentions.c.name.ilike(f"%{name}%"),
                                     mentions.c.code == name.upper()))
        query = (
            # One row per entity: a mention without its state ("Uzbekistan" as a bare name)
            # and one with it are the same entity.
            sa.select(mentions.c.name, mentions.c.kind,
                      sa.func.max(mentions.c.code).label("code"),
                      sa.func.max(mentions.c.state).label("state"),
                      sa.func.count().label("mentions"),
                      sa.func.count(sa.distinct(mentions.c.article_id)).label("articles"))
            .where(*conditions)
            .group_by(mentions.c.name, mentions.c.kind)
            .order_by(sa.desc("mentions"), mentions.c.name)
        )
        roles_query = (
            sa.select(mentions.c.name, mentions.c.role, mentions.c.article_id,
                      articles.c.published)
            .join(articles, articles.c.id == mentions.c.article_id)
            .where(mentions.c.role.is_not(None), *conditions).distinct()
            .order_by(articles.c.published))
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
            roles: dict[str, list[dict[str, str]]] = {}
            for row in conn.execute(roles_query):
                roles.setdefault(row.name, []).append({"role": row.role,
                                                       "article": row.article_id,
                                                       "date": row.published})
        for row in rows:
            row["roles"] = roles.get(row["name"], [])
        return rows


def events_by_entry(conn: sa.Connection, entry_ids: Any) -> dict[str, list[dict[str, Any]]]:
    """The events (their JSON, decoded, with ``entry`` and ``article_hash``) in each of the
    given entries, on an open connection (fusion's, or a migration's), in chunks within any
    engine's parameter limit."""
    found: dict[str, list[dict[str, Any]]] = {}
    ids = sorted(entry_ids)
    for start in range(0, len(ids), _CHUNK):
        # The JSON as text, decoded here into a dict that is then extended in place: fusion
        # reads hundreds of events per new article, and the column type's decoding plus a
        # copy of each dict cost a third again as much.
        for entry_id, data, text_hash in conn.execute(
                _EVENTS_OF_ENTRIES, {"entries": ids[start:start + _CHUNK]}):
            event = json.loads(data)
            event["entry"], event["article_hash"] = entry_id, text_hash
            found.setdefault(entry_id, []).append(event)
    return found


#: The events of some entries (their JSON as text) with their article's text hash.
_EVENTS_OF_ENTRIES = (
    sa.select(events.c.entry_id, sa.cast(events.c.data, sa.Text), articles.c.text_hash)
    .join(articles, articles.c.id == events.c.article_id)
    .where(events.c.entry_id.in_(sa.bindparam("entries", expanding=True))))


def _month_rows_changed(conn: sa.Connection, entry_ids: list[str],
                        rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For entries already stored, whose ``entry_months`` rows are now ``rows``: deletes the
    rows they no longer have and returns those to insert. An entry a new source joins
    mostly keeps its actors, months and types: rewriting all its rows (a year-long entry
    of two actors has 24 per type) cost more than the rest of the fusion's writes."""
    stored: set[tuple[str, str, int, str]] = set()
    for begin in range(0, len(entry_ids), _CHUNK):
        stored.update((entry_id, actor, month, kind) for entry_id, actor, month, kind in
                      conn.execute(sa.select(entry_months.c.entry_id, entry_months.c.actor,
                                             entry_months.c.month, entry_months.c.type)
                                   .where(entry_months.c.entry_id.in_(
                                       entry_ids[begin:begin + _CHUNK]))))
    wanted = {(row["entry_id"], row["actor"], row["month"], row["type"]): row for row in rows}
    stale = [{"m_entry": e, "m_actor": a, "m_month": m, "m_type": t}
             for e, a, m, t in sorted(stored - wanted.keys())]
    if stale:
        conn.execute(_MONTH_ROW_DELETE, stale)
    return [row for key, row in wanted.items() if key not in stored]


#: One ``entry_months`` row, by its whole key.
_MONTH_ROW_DELETE = entry_months.delete().where(
    entry_months.c.entry_id == sa.bindparam("m_entry"),
    entry_months.c.actor == sa.bindparam("m_actor"),
    entry_months.c.month == sa.bindparam("m_month"),
    entry_months.c.type == sa.bindparam("m_type"))


def _shown(data: dict[str, Any]) -> dict[str, Any]:
    """An event's JSON as readers get it: without the sentence vector fusion keeps."""
    return {k: v for k, v in data.items() if k != "vector"}


@lru_cache(maxsize=128)
def _entry_update(names: tuple[str, ...]) -> sa.Update:
    """An UPDATE of these fields of one entry (``entry``, ``new_<field>``), built once."""
    return entries.update().where(entries.c.id == sa.bindparam("entry")).values(
        {name: sa.bindparam(f"new_{name}") for name in names})


def _actor_match(entity: str) -> sa.Select:
    """Events an entity acts in: by its code (ISO alpha-3, short name) or its exact name
    (any case), both indexed, so that a filter stays fast at 100,000 events."""
    needle = entity.strip()
    return sa.select(event_actors.c.event_id).where(sa.or_(
        event_actors.c.code == needle.upper(),
        sa.func.lower(event_actors.c.name) == needle.lower()))


def _date_conditions(column: Any, date_from: str | None, date_to: str | None) -> list[Any]:
    conditions = []
    if date_from:
        conditions.append(column >= date_from)
    if date_to:
        conditions.append(sa.func.substr(column, 1, len(date_to)) <= date_to)
    return conditions


class TimelineStore:
    """Reads over timeline entries. Mixed into :class:`dossier.store.Store`."""

    engine: sa.Engine

    def timeline_rows(
        self, *, entities: list[str] | None = None, type_: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        modality: str | None = None, conflicted: bool = False, limit: int = 100,
        offset: int = 0, after: tuple[str | None, str] | None = None, count: bool = True,
    ) -> tuple[list[dict[str, Any]], int | None]:
        """A page of entries, oldest first (undated last), with their events; and the total
        the filters match (None with ``count=False``).
        ``entities``: every one of them must act in the entry (one, or a pair).
        ``conflicted``: only entries whose sources disagree.
        ``after``: keyset paging, the entries after this (date, ID) in timeline order
        (``offset`` is then ignored)."""
        conditions = []
        if type_:
            conditions.append(entries.c.type.in_([t.strip().upper()
                                                  for t in type_.split(",")]))
        if modality:
            conditions.append(entries.c.modality == modality)
        if conflicted:
            conditions.append(sa.cast(entries.c.conflicts, sa.Text) != "[]")
        ids_query, key = _entry_ids(conditions, [e.strip().lower() for e in entities or []])
        ids_query = ids_query.where(*_date_conditions(key.date, date_from, date_to))
        total = sa.select(sa.func.count()).select_from(ids_query.subquery())
        with self.engine.connect() as conn:
            if after is None:
                # The page's IDs first, walking an index in timeline order, then only those
                # rows: a deep page never sorts or reads the whole table.
                ids = list(conn.execute(ids_query.order_by(
                    key.date.is_(None), key.date, key.id).limit(limit).offset(offset)).scalars())
            else:
                ids = _ids_after(conn, ids_query, key, after, limit)
            found_rows = {row.id: dict(row._mapping) for row in conn.execute(
                sa.select(entries).where(entries.c.id.in_(ids)))} if ids else {}
            rows = [found_rows[i] for i in ids]
            number = conn.execute(total).scalar_one() if count else None
            told: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
            if ids:
                found = conn.execute(
                    sa.select(events.c.entry_id, events.c.data, articles.c.title,
                              articles.c.source)
                    .join(articles, articles.c.id == events.c.article_id)
                    .where(events.c.entry_id.in_(ids))
                    .order_by(events.c.article_id, events.c.start))
                for row in found:
                    told[row.entry_id].append({**_shown(row.data), "article_title": row.title,
                                               "article_source": row.source})
        for row in rows:
            row["events"] = told[row["id"]]
        return rows, number

    def membership_boundary_rows(self, entity: str | None = None) -> list[dict[str, Any]]:
        """The membership boundaries fusion keeps (see ``apply_fusion``), of the entries
        ``entity`` acts in if given, in no order (the caller sorts them in Python: the same
        order on both engines, whatever PostgreSQL's collation)."""
        query = sa.select(membership_boundaries)
        if entity:
            query = query.where(membership_boundaries.c.entry_id.in_(
                sa.select(entry_actors.c.entry_id).where(
                    entry_actors.c.actor == entity.strip().lower())))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


class _Key(NamedTuple):
    """The (date, ID) columns a page is ordered and cut on."""

    date: Any
    id: Any


def _entry_ids(conditions: list[Any], actors: list[str]) -> tuple[sa.Select, _Key]:
    """The IDs of the entries matching ``conditions`` in which all ``actors`` act, and the
    columns to order them by. With actors, the walk is over the entry-actor index of the
    first (which holds each entry's date), keeping the entries the others act in too."""
    if not actors:
        return sa.select(entries.c.id).where(*conditions), _Key(entries.c.date, entries.c.id)
    first = entry_actors.alias("first_actor")
    query = sa.select(first.c.entry_id).select_from(first).where(first.c.actor == actors[0])
    for actor in actors[1:]:
        # The other's entries as one list (a hash or in-memory index), probed while walking
        # the first's in order: cheaper than a look-up in the table per entry.
        other = entry_actors.alias()
        query = query.where(first.c.entry_id.in_(
            sa.select(other.c.entry_id).where(other.c.actor == actor)))
    if conditions:
        query = query.join(entries, entries.c.id == first.c.entry_id).where(*conditions)
    return query, _Key(first.c.date, first.c.entry_id)


def _ids_after(conn: sa.Connection, ids_query: sa.Select, key: _Key,
               after: tuple[str | None, str], limit: int) -> list[str]:
    """The IDs after (date, ID) in timeline order: the dated ones after it (a seek in the
    index, where the dated come first in date and ID order), then, if the page is not
    full, the undated ones by ID."""
    date, entry_id = after
    ids: list[str] = []
    if date is not None:
        ids = list(conn.execute(ids_query.where(
            key.date.is_(None) == sa.false(),
            sa.tuple_(key.date, key.id) > sa.tuple_(date, entry_id),
        ).order_by(key.date, key.id).limit(limit)).scalars())
        entry_id = ""
    if len(ids) < limit:
        ids += conn.execute(ids_query.where(key.date.is_(None), key.id > entry_id)
                            .order_by(key.id).limit(limit - len(ids))).scalars()
    return ids
