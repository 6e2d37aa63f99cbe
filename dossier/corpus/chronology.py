"""The chronology pass over stored articles: entities, events and claims of each article
(``dossier.events.analyse``, a pure function of the text and its date), stored in one
transaction per article, then fused into timeline entries."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
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
    the sentences it encoded; see ``store_analyses``)."""
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

    workers = processes if processes is not None else processes_for(len(article_ids))
    found = ((str(job.article_id), job.origin, stated.pop(str(job.article_id)), analysis, None)
             for job, analysis in analyse_many(jobs(), processes=workers))
    return store_analyses(store, found, fuse_ids=[*article_ids, *also_fuse],
                          embedder=embedder)


#: One article's analysis to store: (article ID, origin, its published value as stored,
#: the Analysis, and the vectors of its events' sentences when already computed, else None).
Found = tuple[str, "str | None", "str | None", Any, "list[str | None] | None"]


def store_analyses(store: Store, found: Iterable[Found], *, fuse_ids: Sequence[str] = (),
                   people: Any = None, embedder: Any = None) -> int:
    """Store each article's analysis (one transaction per article, in the order given),
    then fuse the events of these articles and of ``fuse_ids`` into the timeline; returns
    how many were analysed. The analyses may come from this process (``analyse_articles``)
    or from the workers of a cluster (``dossier.ingest.cluster``), whose batches share one
    ``people`` (``corpus.identity.People``) as one run does. Events whose sentences have no
    vector yet are encoded by ``embedder`` a block of ``VECTOR_BLOCK`` articles at a time,
    each distinct sentence once, before the block is stored."""
    from dossier.corpus.fusion import fuse
    from dossier.corpus.identity import People

    done = 0
    stored: list[str] = []
    touched: set[str] = set()
    # A person once named with their state keeps it in later articles.
    people = people if people is not None else People()
    block: list[tuple[str, str | None, str | None, Any, list[dict[str, Any]]]] = []

    def store_block() -> None:
        nonlocal done, touched, embedder
        embedder = _encode_block([event for *_, events in block for event in events],
                                 embedder)
        for article_id, origin, published, analysis, events in block:
            try:
                touched |= store.replace_analysis(
                    article_id, "analysed",
                    [_mention(m) for m in analysis.entities],
                    events,
                    [_with_published(_claim(claim), published) for claim in analysis.claims],
                )
            except StoreError as error:  # the database refused a value: this article fails
                log.error("%s (%s): analysis not stored: %s", article_id, origin, error)
                touched |= store.replace_analysis(article_id, FAILED, [], [], [])
                continue
            done += 1
        block.clear()

    for article_id, origin, published, analysis, vectors in found:
        stored.append(article_id)
        if analysis.error:
            touched |= store.replace_analysis(article_id, FAILED, [], [], [])
            continue
        if not analysis.language_supported:
            touched |= store.replace_analysis(article_id, UNSUPPORTED, [], [], [])
            continue
        people.fill(analysis)
        people.learn(article_id, analysis.entities)
        events = [_with_published(_event(event), published) for event in analysis.events]
        for event, vector in zip(events, vectors or [], strict=False):
            if vector is not None:
                event["vector"] = vector
        block.append((article_id, origin, published, analysis, events))
        if len(block) >= VECTOR_BLOCK:
            store_block()
    store_block()
    fuse(store, list(dict.fromkeys([*fuse_ids, *stored])), touched)
    return done


def _encode_block(events: list[dict[str, Any]], embedder: Any) -> Any:
    """Each event keeps its sentence's vector (fusion compares what two sentences say):
    those missing encoded in one batch; returns the embedder used, made on first need."""
    from dossier.corpus.fusion import add_vectors

    if any(not event.get("vector") for event in events):
        if embedder is None:
            from dossier.nlp.embed import Remembering, default_embedder
            embedder = Remembering(default_embedder())
        add_vectors(events, embedder)
    return embedder


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
