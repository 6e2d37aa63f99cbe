"""The chronology pass over stored articles: entities, events and claims of each article
(``dossier.events.analyse``, a pure function of the text and its date), stored in one
transaction per article, then fused into timeline entries."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Any

from dossier.errors import StoreError
from dossier.store import Store

log = logging.getLogger(__name__)

UNSUPPORTED = "language not supported for events"
# The analysis raised on this article (logged with its traceback): done, not pending, and
# counted by ``dossier stats``; ``dossier analyse ID`` tries it again.
FAILED = "failed"
# Articles whose events' sentences are encoded in one batch before they are stored.
VECTOR_BLOCK = 32


def analyse_articles(store: Store, article_ids: list[str], processes: int | None = None,
                     *, also_fuse: Sequence[str] = (), embedder: Any = None) -> int:
    """(Re)analyse the given articles and fuse their events; returns how many were analysed.

    processes: worker processes for the parse and analysis (None: one per core when there
    are enough articles, see ``dossier.events.batch.processes_for``); the store is read and
    written here only, one transaction per article, as results arrive in order.
    ``also_fuse``: other articles whose events wait to be placed (a run stopped before its
    fusion): fused in the same batch, so that the timeline is the one a single run makes.
    ``embedder``: what encodes the events' sentences (default: the process's, remembering
    the sentences it encoded). The sentences of a block of articles are encoded together,
    each distinct sentence once, before the block is stored."""
    from dossier.corpus.fusion import add_vectors, fuse
    from dossier.corpus.identity import People
    from dossier.events.batch import Job, analyse_many, processes_for
    from dossier.queries import anchor_of

    stated: dict[str, str | None] = {}  # the article's date as stored, by id

    def jobs() -> Iterator[Job]:
        for article_id in article_ids:
            row = store.article(article_id)
            if not row["text"].strip():
                continue  # a bookmark: nothing to read yet
            published, precision = anchor_of(row.get("published"),
                                              row.get("published_precision"))
            stated[row["id"]] = row.get("published")
            yield Job(row["text"], published, precision, row["id"], row["origin"])

    done = 0
    touched: set[str] = set()
    people = People()  # a person once named with their state keeps it in later articles
    workers = processes if processes is not None else processes_for(len(article_ids))
    block: list[tuple[str, Any, Any, list[dict[str, Any]]]] = []

    def store_block() -> None:
        """Vectors for the block's events in one batch, then each article in order."""
        nonlocal done, touched, embedder
        events = [event for *_, found in block for event in found]
        if any(not event.get("vector") for event in events):
            if embedder is None:
                from dossier.nlp.embed import Remembering, default_embedder
                embedder = Remembering(default_embedder())
            # Each event keeps its sentence's vector: fusion compares what two sentences say.
            add_vectors(events, embedder)
        for article_id, job, analysis, found in block:
            published = stated.pop(article_id)
            try:
                touched |= store.replace_analysis(
                    article_id, "analysed",
                    [_mention(m) for m in analysis.entities],
                    found,
                    [_with_published(_claim(claim), published) for claim in analysis.claims],
                )
            except StoreError as error:  # the database refused a value: this article fails
                log.error("%s (%s): analysis not stored: %s", article_id, job.origin, error)
                touched |= store.replace_analysis(article_id, FAILED, [], [], [])
                continue
            done += 1
        block.clear()

    for job, analysis in analyse_many(jobs(), processes=workers):
        article_id = str(job.article_id)
        if analysis.error:
            stated.pop(article_id)
            touched |= store.replace_analysis(article_id, FAILED, [], [], [])
            continue
        if not analysis.language_supported:
            stated.pop(article_id)
            touched |= store.replace_analysis(article_id, UNSUPPORTED, [], [], [])
            continue
        people.fill(analysis)
        people.learn(article_id, analysis.entities)
        found = [_with_published(_event(event), stated[article_id])
                 for event in analysis.events]
        block.append((article_id, job, analysis, found))
        if len(block) >= VECTOR_BLOCK:
            store_block()
    store_block()
    fuse(store, [*article_ids, *(i for i in also_fuse if i not in set(article_ids))], touched)
    return done


def _with_published(record: dict[str, Any], published: str | None) -> dict[str, Any]:
    """Evidence gives the article's date as stored, at its precision ("2018", not the
    first of January the extraction anchored on)."""
    for evidence in record["evidence"]:
        evidence["published"] = published
    return record


def _mention(mention: Any) -> dict[str, Any]:
    data = asdict(mention)
    return {key: data.get(key) for key in
            ("name", "kind", "code", "state", "role", "text", "start", "end")}


def _event(event: Any) -> dict[str, Any]:
    data = event.to_dict(extended=True)
    # The state a person or ministry acts for: fusion compares "Putin and Karimov" with
    # "Russia and Uzbekistan".
    data["actor_states"] = {a.name: a.state for a in event.actors if a.state}
    return data


def _claim(claim: Any) -> dict[str, Any]:
    data = claim.to_dict()
    data["offsets"] = [[e.start, e.end] for e in claim.evidence]
    return data
