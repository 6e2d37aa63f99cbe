"""``dossier ingest --cluster``: the per-article pipeline on the workers of a Dask cluster.

Data flows one way. This process reads the inputs, skips those whose bytes are stored
already (a resumed run), and sends the rest to the workers; a worker runs :func:`process`,
a pure function (clean, date, summary, vectors, entities, events, claims: no database),
and sends back the finished record. This process alone writes: each batch of results is
stored (one transaction per article, keyed by hash, so a result stored twice is a
duplicate, never a second record), then the corpus passes run on that batch only (similar
readings, the timeline's fusion). A worker that dies loses only its unfinished task, which
the scheduler runs again elsewhere; nothing is written by a worker, so nothing is doubled.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from dossier.errors import ClusterError, DossierError, StoreError, StoreUnavailable
from dossier.ingest.readers import Failure
from dossier.iterables import batched
from dossier.model import Article, RawDocument
from dossier.settings import Settings

log = logging.getLogger(__name__)

#: Results stored together before the corpus passes run over them.
BATCH = 32
#: Seconds to wait for the scheduler to answer: an unreachable one fails fast.
CONNECT_TIMEOUT = 5
#: Seconds to wait for a first worker to join the scheduler.
WORKER_TIMEOUT = 60

# Scheduler settings for a cluster started here (``local:N``); a remote scheduler takes
# them from its own config (see the README). One retry: a worker killed by something else
# (a kill, the OOM killer) has its article run again; an article that kills two workers is
# poisoned and reported failed. Saturation 1.0: a worker holds only the task it runs, so a
# worker's death counts against that one article, not against its innocent queue.
SCHEDULER_CONFIG = {
    "distributed.scheduler.allowed-failures": 1,
    "distributed.scheduler.worker-saturation": 1.0,
}

# Threads of one worker process share its spaCy and MiniLM, which are not made for
# concurrent calls: one article at a time per process (run workers with --nthreads 1).
_MODELS = threading.Lock()


@dataclass
class Processed:
    """What a worker sends back for one input: the article and what the corpus stages
    need from it, or the reason it is not an article."""

    origin: str
    article: Article | None = None
    article_id: str | None = None  # proposed; the events' IDs are made from it
    failure: str | None = None
    model: str | None = None  # the embedder's name
    enrichment: Any = None  # dossier.corpus.enrich.Enrichment
    analysis: Any = None  # dossier.events.model.Analysis
    event_vectors: list[str | None] = field(default_factory=list)


def process(raw: RawDocument, settings: Settings, enrich: bool) -> Processed:
    """The per-article pipeline, run on a worker: ``dossier.pipeline.analyse``, then (with
    ``enrich``) the summary and vectors and the entities, events and claims. Pure: the same
    input gives the same record (but for the proposed random ID); nothing is written."""
    from dossier.ingest import _named
    from dossier.pipeline import analyse
    from dossier.store import new_article_id

    try:
        article = analyse(raw, settings)
    except DossierError as error:
        return Processed(raw.origin, failure=_named(Failure(raw.origin, str(error)),
                                                    raw.origin).reason)
    except Exception as error:  # a parser bug fails this record, not the run
        log.exception("failed on %s", raw.origin)
        return Processed(raw.origin, failure=f"{raw.origin}: internal error: {error!r}")
    done = Processed(raw.origin, article, new_article_id(article))
    if enrich and article.text.strip() and article.status == "fetched":
        with _MODELS:
            _enrich(done, article)
    return done


def _enrich(done: Processed, article: Article) -> None:
    from dossier.corpus.chronology import _event
    from dossier.corpus.enrich import enrichments
    from dossier.corpus.fusion import add_vectors
    from dossier.events.batch import Job, analyse_block
    from dossier.nlp.embed import default_embedder
    from dossier.queries import anchor_of

    embedder = default_embedder()
    done.model = embedder.name
    done.enrichment = enrichments({0: article.text}, embedder)[0]
    published, precision = anchor_of(article.published.value, article.published.precision)
    job = Job(article.text, published, precision, done.article_id, article.origin)
    done.analysis = analyse_block([job])[0]
    if not done.analysis.error:
        events = [_event(event) for event in done.analysis.events]
        add_vectors(events, embedder)
        done.event_vectors = [event.get("vector") for event in events]


# -- the client side ------------------------------------------------------------------------


def local_cluster(workers: int, *, processes: bool = True) -> Any:
    """A LocalCluster of ``workers`` one-thread workers with :data:`SCHEDULER_CONFIG`."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(SCHEDULER_CONFIG):
        # No dashboard; the scheduler's HTTP server (health, metrics) on a free loopback
        # port, not on 8787 where another cluster may be (and a warning would say so).
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                            dashboard_address=None,
                            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> tuple[Any, Any]:
    """(client, cluster started here or None) for ``tcp://HOST:PORT`` or ``local:N``;
    :class:`ClusterError` in one line when the scheduler does not answer."""
    from distributed import Client

    cluster = None
    try:
        if address.startswith("local:"):
            count = address.removeprefix("local:")
            if not count.isdigit() or int(count) < 1:
                raise ClusterError(f"--cluster {address}: give local:N with N workers (1 or more)")
            cluster = local_cluster(int(count))
            client = Client(cluster, timeout=timeout)
        else:
            client = Client(address, timeout=timeout)
    except ClusterError:
        raise
    except (OSError, TimeoutError, ValueError) as error:
        if cluster is not None:
            cluster.close()
        reason = str(error).strip().splitlines()[0] if str(error).strip() else \
            error.__class__.__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except (OSError, TimeoutError) as error:
        client.close()
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"no Dask worker joined the scheduler at {address} within "
                           f"{WORKER_TIMEOUT} s (start one with `dask worker {address}`)"
                           ) from error
    return client, cluster


def ingest_on_cluster(store: Any, raws: Iterable[RawDocument], settings: Settings,
                      report: Any, address: str, *, enrich: bool = False,
                      on_progress: Callable[[Any], None] | None = None,
                      batch: int = BATCH) -> None:
    """Run the pipeline of every input on the cluster at ``address`` and store the results
    in batches, filling ``report`` (an ``IngestReport``). Raises :class:`ClusterError` when
    the scheduler cannot be reached (before anything is stored) and
    :class:`StoreUnavailable` when the database stops answering (what was stored stays;
    a rerun resumes after it)."""
    client, cluster = connect(address)
    try:
        _Run(client, store, settings, report, enrich, on_progress, batch).run(raws)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class _Run:
    """One cluster ingest: a bounded window of tasks in flight, results stored in batches."""

    def __init__(self, client: Any, store: Any, settings: Settings, report: Any,
                 enrich: bool, on_progress: Callable[[Any], None] | None, batch: int) -> None:
        from distributed import as_completed

        self.client, self.store, self.settings, self.report = client, store, settings, report
        self.enrich, self.on_progress, self.batch = enrich, on_progress, batch
        threads = sum(client.nthreads().values()) or 1
        # Enough tasks queued to keep every worker busy while a batch is stored, few enough
        # that a million inputs are never all in memory at once.
        self.window = max(2 * batch, 4 * threads)
        self.flying = as_completed()
        self.inputs: dict[str, tuple[int, RawDocument]] = {}  # by task key
        self.results: list[tuple[int, RawDocument, Processed | None, str | None]] = []
        self.done = self.read = 0
        self.reading = True
        self.people: Any = None  # corpus.identity.People, shared by the batches

    def run(self, raws: Iterable[RawDocument]) -> None:
        from dossier.ingest import Progress

        try:
            for chunk in batched(raws, self.batch):
                self._submit(chunk)
                self._collect(until=self.window)
            self.reading = False
            self._collect(until=0)
            self._store()
        except BaseException:
            self.client.cancel(list(self.flying.futures))
            raise
        if self.on_progress:
            self.on_progress(Progress(self.done, self.read, False))

    def _submit(self, chunk: list[RawDocument]) -> None:
        from dossier.ingest import Progress, duplicate_entry

        # Resume: an input whose bytes are stored is a duplicate before any work is done.
        stored = self.store.stored_contents([raw.content_hash for raw in chunk])
        for raw in chunk:
            self.read += 1
            known = stored.get(raw.content_hash)
            if known is not None:
                self.report.duplicates.append(duplicate_entry(
                    known.id, known.title, raw.origin, known.duplicate_of_origin))
                self.done += 1
                continue
            key = f"dossier-process-{uuid.uuid4().hex}"
            future = self.client.submit(process, raw, self.settings, self.enrich, key=key,
                                        pure=False)
            self.inputs[key] = (self.read, raw)
            self.flying.add(future)
        if self.on_progress:
            self.on_progress(Progress(self.done, self.read, True))

    def _collect(self, until: int) -> None:
        """Take finished tasks until at most ``until`` are in flight, storing each batch."""
        from distributed.scheduler import KilledWorker

        while self.flying.count() > until:
            future = next(self.flying)
            index, raw = self.inputs.pop(future.key)
            try:
                self.results.append((index, raw, future.result(), None))
            except KilledWorker:
                self.results.append((index, raw, None,
                                     f"{raw.origin}: the worker running it died, twice or "
                                     "more (the article may crash the pipeline); not stored"))
            except Exception as error:  # the task itself raised (process catches its own)
                self.results.append((index, raw, None,
                                     f"{raw.origin}: internal error: {error!r}"))
            future.release()
            if len(self.results) >= self.batch:
                self._store()

    def _store(self) -> None:
        """Store a batch in input order, then run the corpus passes over what was added."""
        from dossier.ingest import Progress, duplicate_entry

        self.results.sort(key=lambda item: item[0])
        enriched: dict[str, Any] = {}
        analysed: list[Any] = []
        model = None
        for _, raw, done, failed in self.results:
            self.done += 1
            if done is None or done.failure is not None or done.article is None:
                self.report.failed.append(Failure(raw.origin, failed or done.failure))
                continue
            try:
                result = self.store.add_article(done.article, done.article_id)
            except StoreUnavailable:
                raise
            except StoreError as error:  # the database refused this article's values
                self.report.failed.append(Failure(raw.origin, f"{raw.origin}: {error}"))
                continue
            entry = {"id": result.id, "title": done.article.title, "origin": raw.origin}
            if result.status != "added":
                self.report.duplicates.append(duplicate_entry(
                    result.id, done.article.title, raw.origin, result.duplicate_of_origin))
                continue
            self.report.added.append(entry)
            # Another article held the proposed ID: the events name the wrong one, so the
            # corpus stages of this article are left owed (done at the end of the run).
            if result.id != done.article_id or done.enrichment is None:
                continue
            model = done.model
            enriched[result.id] = done.enrichment
            analysed.append((result.id, raw.origin, done.article.published.value,
                             done.analysis, done.event_vectors))
        self.results = []
        self._corpus_passes(enriched, analysed, model)
        if self.on_progress:
            self.on_progress(Progress(self.done, self.read, self.reading))

    def _corpus_passes(self, enriched: dict[str, Any], analysed: list[Any],
                       model: str | None) -> None:
        """Similar readings and fusion for the batch just stored: each touches only these
        articles and the neighbours and timeline entries they change."""
        from dossier.corpus.chronology import store_analyses
        from dossier.corpus.enrich import store_enrichments

        if enriched and model:
            store_enrichments(self.store, enriched, model)
        if analysed:
            if self.people is None:
                from dossier.corpus.identity import People

                self.people = People()
            store_analyses(self.store, analysed, people=self.people)
