"""Ingesting files and folders: find inputs, read them, run the pipeline, store.

Each article is analysed (a pure function) and then stored in its own transaction, so a
failure part-way through a folder leaves every article before it stored whole and none
half-written. Failures are collected with their reasons; the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dossier.errors import DossierError
from dossier.ingest.importers import IMPORT_READERS
from dossier.ingest.readers import READERS as FILE_READERS
from dossier.ingest.readers import Failure
from dossier.model import RawDocument
from dossier.pipeline import analyse
from dossier.settings import Settings, default_settings
from dossier.store import Store

log = logging.getLogger(__name__)

# Readers by file suffix: plain files, then exports (which also read plain .md and .html).
READERS = {**FILE_READERS, **IMPORT_READERS}

__all__ = ["Failure", "IngestInterrupted", "IngestReport", "Progress", "discover", "ingest",
           "read_inputs"]


@dataclass
class IngestReport:
    added: list[dict[str, str | None]] = field(default_factory=list)
    duplicates: list[dict[str, str | None]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of a kind Dossier does not read
    # Articles of earlier runs whose unfinished stages this run completed, by stage.
    finished: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        earlier = max(self.finished.values(), default=0)
        return (
            f"{len(self.added)} added, {len(self.duplicates)} duplicate, "
            f"{len(self.failed)} failed"
            + (f", {len(self.skipped)} skipped" if self.skipped else "")
            + (f"; finished {earlier} articles an earlier run left unfinished"
               if earlier else "")
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "failed": [{"origin": f.origin, "reason": f.reason} for f in self.failed],
            "skipped": self.skipped,
            "finished": self.finished,
        }


@dataclass
class Progress:
    """How far a cluster ingest is: articles done (stored, duplicate or failed) of those
    read so far; ``reading`` until every input has been read (the total is known then)."""

    done: int
    read: int
    reading: bool


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest: what was stored before it (every article stored whole)."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("interrupted")
        self.report = report


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files under the given paths, folders walked recursively in name order.

    A named file of an unknown kind is a failure; inside folders such files, and hidden
    ones, are passed over (reported as skipped by :func:`ingest`)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                    yield child
        elif path.is_file():
            yield path
        elif path.exists():
            yield Failure(str(path), f"{path}: not a regular file")
        else:
            yield Failure(str(path), f"{path}: no such file or folder")


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    *,
    on_file: Callable[[Path], None] | None = None,
    rename: Callable[[str], str] | None = None,
    enrich: bool = False,
    cluster: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the store; return what was added, duplicate, failed.

    ``rename`` maps each origin to the name to record (an upload's file name rather than
    its temporary path); ``enrich`` then summarises and embeds the added articles, links
    their similar readings and extracts their entities, events and claims (loads the
    embedding model and spaCy), and finishes those stages for every article an earlier
    run left unfinished. Ctrl-C raises :class:`IngestInterrupted` with the report so far.

    ``cluster`` (``tcp://HOST:8786`` or ``local:N``) runs the per-article pipeline on the
    workers of a Dask cluster (see :mod:`dossier.ingest.cluster`), calling ``on_progress``
    as articles are done; inputs whose bytes are stored already are not sent again."""
    settings = settings or default_settings()
    report = IngestReport()
    try:
        if cluster:
            from dossier.ingest.cluster import ingest_on_cluster

            ingest_on_cluster(store, read_inputs(paths, settings, report, on_file, rename),
                              settings, report, cluster, enrich=enrich,
                              on_progress=on_progress)
        else:
            _ingest_paths(store, paths, settings, report, on_file, rename)
        if enrich:
            _finish(store, report)
    except KeyboardInterrupt as stop:
        _renamed(report, rename)
        raise IngestInterrupted(report) from stop
    _renamed(report, rename)
    return report


def _finish(store: Store, report: IngestReport) -> None:
    from dossier.corpus.pending import finish

    added = {entry["id"] for entry in report.added}
    owed = store.pending()
    earlier = {stage: sum(1 for i in ids if i not in added) for stage, ids in owed.items()}
    finish(store, owed=owed)
    report.finished = {stage: n for stage, n in earlier.items() if n}


def _renamed(report: IngestReport, rename: Callable[[str], str] | None) -> None:
    if rename:
        report.failed = [Failure(rename(f.origin), rename(f.reason)) for f in report.failed]
        report.skipped = [rename(path) for path in report.skipped]


def _ingest_paths(store, paths, settings, report, on_file, rename) -> None:  # type: ignore[no-untyped-def]
    for raw in read_inputs(paths, settings, report, on_file, rename):
        _ingest_record(store, raw, settings, report)


def read_inputs(
    paths: Iterable[str | Path],
    settings: Settings,
    report: IngestReport,
    on_file: Callable[[Path], None] | None = None,
    rename: Callable[[str], str] | None = None,
) -> Iterator[RawDocument]:
    """Every record of every file under ``paths``, in order, read lazily; files Dossier
    does not read, and records that cannot be read, go to ``report`` (skipped, failed)."""
    explicit = {str(Path(p)) for p in paths if Path(p).is_file()}
    for item in discover(paths):
        if isinstance(item, Failure):
            report.failed.append(item)
            continue
        if on_file:
            on_file(item)
        reader = READERS.get(item.suffix.lower())
        if reader is None:
            if str(item) in explicit:
                report.failed.append(Failure(str(item), f"{item}: unsupported file type"))
            else:
                report.skipped.append(str(item))
            continue
        yield from _file_records(item, reader, settings, report,
                                 rename or (lambda origin: origin))


def _file_records(path, reader, settings, report, rename) -> Iterator[RawDocument]:  # type: ignore[no-untyped-def]
    """Every record of one file, each stored or reported on its own: a bad record (a
    line the database refuses, a page the cleaner chokes on) fails alone, and the records
    after it are still read."""
    try:
        for raw in reader(path, settings):
            if isinstance(raw, Failure):
                report.failed.append(_named(raw, str(path)))
                continue
            raw.origin = rename(raw.origin)
            yield raw
    except DossierError as error:
        report.failed.append(_named(Failure(str(path), str(error)), str(path)))
    except Exception as error:  # a reader bug must not stop a whole folder
        log.exception("failed on %s", path)
        report.failed.append(Failure(str(path), f"{path}: internal error: {error!r}"))


def _ingest_record(store: Store, raw, settings: Settings, report: IngestReport) -> None:  # type: ignore[no-untyped-def]
    try:
        article = analyse(raw, settings)
        result = store.add_article(article)
    except DossierError as error:
        report.failed.append(_named(Failure(raw.origin, str(error)), raw.origin))
        return
    except Exception as error:  # a parser bug fails this record, not the file
        log.exception("failed on %s", raw.origin)
        report.failed.append(Failure(raw.origin, f"{raw.origin}: internal error: {error!r}"))
        return
    if result.status == "added":
        report.added.append({"id": result.id, "title": article.title, "origin": raw.origin})
    else:
        report.duplicates.append(duplicate_entry(result.id, article.title, raw.origin,
                                                 result.duplicate_of_origin))


def duplicate_entry(article_id: str, title: str | None, origin: str,
                    first_seen: str | None) -> dict[str, str | None]:
    """A duplicate of the report: the stored article's ID and title, the origin read again
    and the origin it was first stored from (the plain and the cluster ingest alike)."""
    return {"id": article_id, "title": title, "origin": origin, "duplicate_of": article_id,
            "first_seen": first_seen}


def _named(failure: Failure, name: str) -> Failure:
    """A failure whose reason starts with the file or record it is about: "feed.jsonl:
    line 3: malformed JSON", never "line 3: ..." alone."""
    if failure.reason.startswith(name):
        return failure
    return Failure(failure.origin, f"{name}: {failure.reason}")
