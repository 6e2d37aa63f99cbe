"""analyse_many: the per-article stage over many articles, parsed in batches and, for a large
set, in one worker process per core.

Each worker loads spaCy once, runs ``nlp.pipe`` over a block of articles and then
``dossier.events.analyse`` on each Doc, and sends back only the small ``Analysis`` records
(never Docs, whose transfer would cost more than the analysis). Workers use one BLAS/OpenMP
thread each: with a worker per core, more threads only fight over the same cores. Results come
back in input order, so the caller stores them as they arrive while the workers go on.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dossier.events.extract import CHUNK_CHARS, is_english
from dossier.events.model import Analysis
from dossier.iterables import batched
from dossier.settings import default_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One article to analyse: its text and the date relative expressions resolve against."""

    text: str
    published: dt.date | None
    precision: str
    article_id: str | None = None
    origin: str | None = None


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes_for(count: int) -> int:
    """Worker processes worth starting for ``count`` articles: one per core once there are
    enough articles to pay for loading spaCy in each worker, else none (work in-process)."""
    settings = default_settings()
    wanted = settings.analyse_processes or cores()
    if wanted <= 1 or count < settings.analyse_min_articles_per_process * 2:
        return 1
    return min(wanted, count // settings.analyse_min_articles_per_process)


def one_thread() -> None:
    """One BLAS/OpenMP thread in this process (a worker of a pool with one worker per core)."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"  # for libraries loaded from now on
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # a transitive dependency; the variables above still help
        return
    threadpool_limits(1)  # for libraries already loaded (numpy's OpenBLAS, torch's OpenMP)


def analyse_block(jobs: list[Job], batch_size: int | None = None) -> list[Analysis]:
    """Analyses of ``jobs`` in order: one ``nlp.pipe`` over the texts spaCy reads whole."""
    from dossier.nlp.pipeline import load_nlp

    batch_size = batch_size or default_settings().analyse_batch_size
    # Long texts are parsed in chunks of sentences by analyse itself; other languages not at all.
    whole = [n for n, job in enumerate(jobs) if len(job.text) <= CHUNK_CHARS
             and is_english(job.text)]
    docs: dict[int, Any] = dict(zip(
        whole, load_nlp().pipe((jobs[n].text for n in whole), batch_size=batch_size),
        strict=True))
    return [_analyse_one(job, docs.pop(n, None)) for n, job in enumerate(jobs)]


def _analyse_one(job: Job, doc: Any) -> Analysis:
    """One article's analysis; a bug on one article gives a failed Analysis that names the
    error, and the batch goes on (one odd article among thousands must not stop them)."""
    from dossier.events import analyse

    try:
        return analyse(job.text, published=job.published, precision=job.precision,
                       article_id=job.article_id, origin=job.origin, doc=doc)
    except Exception as error:
        log.exception("analysis failed on %s", job.origin or job.article_id)
        return Analysis(error=f"{error.__class__.__name__}: {error}"[:500])


def start_worker() -> None:
    """A worker of the pool: one thread, spaCy and the Phoenix actor index loaded before the
    first block."""
    from dossier.nlp.actors import actor_index
    from dossier.nlp.pipeline import load_nlp

    one_thread()
    load_nlp()
    actor_index()


def analyse_many(jobs: Iterable[Job], *, processes: int = 1, block: int | None = None
                 ) -> Iterator[tuple[Job, Analysis]]:
    """(job, analysis) for each job, in order. ``jobs`` is read lazily, in the caller's
    thread (it may read a database); with ``processes`` > 1 the blocks go to that many worker
    processes, at most two blocks per worker ahead of the caller."""
    block = block or default_settings().analyse_batch_size
    if processes <= 1:
        for part in batched(jobs, block):
            yield from zip(part, analyse_block(part), strict=True)
        return
    # spawn, not fork: a forked copy of a process that already runs threads (torch, SQLite
    # connections) can deadlock; each worker loads spaCy itself.
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=start_worker) as pool:
        pending: deque[tuple[list[Job], Any]] = deque()
        for part in batched(jobs, block):
            pending.append((part, pool.apply_async(analyse_block, (part,))))
            if len(pending) >= 2 * processes:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)

