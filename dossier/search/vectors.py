"""The nearest articles by embedding: every vector scanned in a small store, an HNSW index
(hnswlib) kept beside the database in a large one.

Below ``THRESHOLD`` vectors the scan of the store's matrix is exact and takes a few
milliseconds, so results stay what they were. Above it the scan reads and multiplies every
vector (1.5 GB at a million articles), so the vectors go into an approximate index:

- built from the stored embeddings the first time, then brought up to date from the rows
  written since (``embeddings.generation``, migration 0014) whenever the embeddings'
  generation moves: an article added costs one row read, not a million;
- written to files beside a SQLite database (``news.db.vectors.<model>.*``) or, for a
  PostgreSQL URL, in a cache directory named by a digest of the URL
  (``dossier.settings.cache_dir``: ``$DOSSIER_CACHE_DIR``, else ``~/.cache/dossier``), and read
  back by the next process, which reads only what was written after them;
- rebuilt when the files are missing, do not belong to the store (a generation ahead of the
  database's: a database made again), or are damaged (checked against the sizes and CRC-32
  written with them: hnswlib reads a damaged file without checks), with a warning.

hnswlib rather than usearch: on 100,000 clustered 384-d vectors here (2 cores, load about
6) it built in 29 s where usearch took 79 s (f32) or 52 s (f16), and answered in 0.26 ms p50 /
0.47 ms p95 at recall@10 0.995, against usearch's 0.59-0.73 / 4.8 ms (``bench/README.md``).
pgvector would keep the index in the database, but the server here lacks the extension;
``pgvector_available`` tells, for the day it has it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import weakref
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from dossier.iterables import batched
from dossier.settings import cache_dir

logger = logging.getLogger(__name__)

THRESHOLD = 20_000  # vectors from which the index replaces the exact scan
# HNSW's parameters: 16 links per node and a candidate list of 100 while building, 128
# while searching gave recall@10 0.995 on clustered vectors (0.98 with 64) for 0.3 ms.
LINKS, EF_BUILD, EF_SEARCH = 16, 100, 128
SAVE_EVERY = 1000  # vectors changed since the files were written before they are again
FORMAT = 1
_BATCH = 20_000
_ID_BYTES = 36  # article IDs are UUIDs


class Exact:
    """Every vector in memory (the store's matrix): the nearest by a scan of all."""

    def __init__(self, ids: list[str], matrix: np.ndarray) -> None:
        self.ids, self.matrix = ids, matrix
        self._position = {article_id: i for i, article_id in enumerate(ids)}
        self._last: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def vector(self, article_id: str) -> np.ndarray | None:
        at = self._position.get(article_id)
        return None if at is None else self.matrix[at]

    def _product(self, vector: np.ndarray) -> np.ndarray:
        # The cosines with every vector once per query vector: ``cosines`` then reads the
        # same floats the ranking used (a second product of a few rows may differ in the
        # last bit, and the results would move).
        if self._last is None or self._last[0] is not vector:
            self._last = (vector, self.matrix @ vector)
        return self._last[1]

    def nearest(self, vector: np.ndarray, k: int, *, exclude: str | None = None,
                stable: bool = True) -> list[tuple[str, float]]:
        """The ``k`` best (ID, cosine), best first. ``exclude`` is given the cosine -1 (and
        comes last, where the store holds fewer than ``k`` others), as the scan always did."""
        if not self.ids:
            return []
        values = self._product(vector)
        if exclude is not None and exclude in self._position:
            values = values.copy()
            values[self._position[exclude]] = -1.0
        order = np.argsort(-values, kind="stable" if stable else None)[:k]
        return [(self.ids[i], float(values[i])) for i in order]

    def cosines(self, vector: np.ndarray, ids: Iterable[str]) -> dict[str, float]:
        """The cosine of each of ``ids`` the store holds a vector for."""
        if not self.ids:
            return {}
        values = self._product(vector)
        return {a: float(values[i]) for a in ids if (i := self._position.get(a)) is not None}


class Approximate:
    """An HNSW index of one model's vectors, with the generation it was brought to."""

    def __init__(self, path: Path | None, model: str, dim: int) -> None:
        self.path, self.model, self.dim = path, model, dim
        self.index: Any = None
        self.ids: list[str] = []  # label -> article ID ("" once deleted)
        self.labels: dict[str, int] = {}
        self.generation = 0
        self.unsaved = 0
        self._lock = threading.Lock()  # hnswlib's writes must not meet a search

    def __len__(self) -> int:
        return len(self.labels)

    # -- queries ------------------------------------------------------------------------

    def vector(self, article_id: str) -> np.ndarray | None:
        label = self.labels.get(article_id)
        if label is None:
            return None
        with self._lock:
            return np.asarray(self.index.get_items([label])[0], dtype=np.float32)

    def nearest(self, vector: np.ndarray, k: int, *, exclude: str | None = None,
                stable: bool = True) -> list[tuple[str, float]]:
        """The ``k`` best (ID, cosine) the index finds, best first (``exclude`` left out;
        ``stable`` is the exact scan's)."""
        want = min(k + (exclude is not None), len(self.labels))
        if want <= 0:
            return []
        with self._lock:
            labels, distances = self.index.knn_query(vector, k=want, num_threads=1)
        found = [(self.ids[int(label)], 1.0 - float(distance))
                 for label, distance in zip(labels[0], distances[0], strict=True)]
        return [(a, cosine) for a, cosine in found if a and a != exclude][:k]

    def cosines(self, vector: np.ndarray, ids: Iterable[str]) -> dict[str, float]:
        known = [a for a in ids if a in self.labels]
        if not known:
            return {}
        with self._lock:
            rows = np.asarray(self.index.get_items([self.labels[a] for a in known]),
                              dtype=np.float32)
        return {a: float(value) for a, value in zip(known, rows @ vector, strict=True)}

    # -- upkeep -------------------------------------------------------------------------

    def new_index(self, capacity: int) -> None:
        import hnswlib

        self.index = hnswlib.Index(space="ip", dim=self.dim)
        self.index.init_index(max_elements=max(capacity, 1000), M=LINKS,
                              ef_construction=EF_BUILD)
        self.index.set_ef(EF_SEARCH)
        self.ids, self.labels = [], {}

    def add(self, ids: list[str], matrix: np.ndarray) -> None:
        """Add vectors, or replace those of articles the index holds."""
        if not ids:
            return
        labels = []
        for article_id in ids:
            label = self.labels.get(article_id)
            if label is None:
                label = self.labels[article_id] = len(self.ids)
                self.ids.append(article_id)
            labels.append(label)
        with self._lock:
            if len(self.ids) > self.index.get_max_elements():
                self.index.resize_index(len(self.ids) + len(self.ids) // 4)
            self.index.add_items(np.asarray(matrix, dtype=np.float32), labels,
                                 num_threads=os.cpu_count() or 1)
        self.unsaved += len(ids)

    def remove(self, ids: Iterable[str]) -> None:
        with self._lock:
            for article_id in ids:
                label = self.labels.pop(article_id, None)
                if label is not None:
                    self.index.mark_deleted(label)
                    self.ids[label] = ""
                    self.unsaved += 1

    # -- files --------------------------------------------------------------------------

    def save(self) -> None:
        """Write the index and its IDs (files named by generation), then the description
        that points to them, so that a reader never pairs one generation's index with
        another's IDs."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        stem = f"{self.path.name}.{self.generation}"
        index_file = self.path.with_name(stem + ".hnsw")
        ids_file = self.path.with_name(stem + ".ids")
        temporary = f".{os.getpid()}.tmp"
        with self._lock:
            self.index.save_index(str(index_file) + temporary)
        with open(str(ids_file) + temporary, "wb") as handle:
            np.save(handle, np.array(self.ids, dtype=f"S{_ID_BYTES}"), allow_pickle=False)
        os.replace(str(index_file) + temporary, index_file)
        os.replace(str(ids_file) + temporary, ids_file)
        meta = {"format": FORMAT, "model": self.model, "dim": self.dim,
                "generation": self.generation, "count": len(self.labels),
                "files": {kind: {"name": file.name, "size": file.stat().st_size,
                                 "crc32": _crc32(file)}
                          for kind, file in (("index", index_file), ("ids", ids_file))}}
        meta_file = self.path.with_name(self.path.name + ".json")
        meta_file.with_name(meta_file.name + temporary).write_text(json.dumps(meta))
        os.replace(meta_file.with_name(meta_file.name + temporary), meta_file)
        for old in self.path.parent.glob(self.path.name + ".*"):
            if old.suffix in (".hnsw", ".ids") and old.name not in (index_file.name,
                                                                      ids_file.name):
                old.unlink(missing_ok=True)
        self.unsaved = 0

    def load(self) -> bool:
        """Read the files written by ``save``; False when there are none or they do not
        hold this model's index (a warning says what was wrong when they are damaged)."""
        import hnswlib

        if self.path is None:
            return False
        meta_file = self.path.with_name(self.path.name + ".json")
        if not meta_file.exists():
            return False
        try:
            meta = json.loads(meta_file.read_text())
            if (meta["format"], meta["model"], meta["dim"]) != (FORMAT, self.model, self.dim):
                logger.info("vector index %s is of another format or model: built again",
                            meta_file)
                return False
            files = {kind: self.path.with_name(meta["files"][kind]["name"])
                     for kind in ("index", "ids")}
            for kind, file in files.items():
                expected = meta["files"][kind]
                if file.stat().st_size != expected["size"] or _crc32(file) != expected["crc32"]:
                    raise ValueError(f"{file.name} does not match its size or checksum")
            with open(files["ids"], "rb") as handle:
                ids = [raw.decode() for raw in np.load(handle, allow_pickle=False)]
            index = hnswlib.Index(space="ip", dim=self.dim)
            index.load_index(str(files["index"]), max_elements=len(ids) + len(ids) // 4 + 1000)
            if index.get_current_count() != len(ids):
                raise ValueError("the index and its IDs disagree")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError,
                UnicodeDecodeError) as error:
            logger.warning("vector index %s is damaged (%s): built again from the store",
                           meta_file, error)
            return False
        index.set_ef(EF_SEARCH)
        self.index, self.ids = index, ids
        self.labels = {article_id: i for i, article_id in enumerate(ids) if article_id}
        self.generation = int(meta["generation"])
        self.unsaved = 0
        return True


def _crc32(path: Path) -> int:
    value = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 24):
            value = zlib.crc32(block, value)
    return value


def index_path(store: Any, model: str) -> Path | None:
    """Where a store's index of ``model`` lives (the stem of its files); None for a
    database in memory."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", model)
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        database = Path(url.database)
        return database.with_name(f"{database.name}.vectors.{slug}")
    # The URL without its password names the database (and, in tests, the schema).
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return cache_dir() / "vectors" / key / slug


# Per store and model: (the embeddings' generation seen, the exact or approximate space).
_SPACES: weakref.WeakKeyDictionary[Any, dict[str, tuple[int, Exact | Approximate]]] = (
    weakref.WeakKeyDictionary())
_GUARD = threading.Lock()


def space(store: Any, model: str) -> Exact | Approximate:
    """The vectors of ``model`` in ``store``, ready for nearest-neighbour queries: exact
    below ``THRESHOLD`` vectors, else the index, brought up to the stored generation."""
    generation = store.embedding_generation()
    with _GUARD:
        spaces = _SPACES.setdefault(store, {})
        known = spaces.get(model)
        if known and known[0] == generation:
            return known[1]
        previous = known[1] if known else None
        if isinstance(previous, Approximate) and previous.generation <= generation:
            current: Exact | Approximate = _bring_up(store, previous, generation)
            if len(current) < THRESHOLD:
                current = Exact(*store.embedding_matrix(model))
        elif store.embedding_count(model) < THRESHOLD:
            current = Exact(*store.embedding_matrix(model))
        else:
            current = _open(store, model, generation)
        spaces[model] = (generation, current)
        return current


def _open(store: Any, model: str, generation: int) -> Approximate:
    """The index from its files, brought up to date, or built from the store."""
    dim = store.embedding_dim(model)
    index = Approximate(index_path(store, model), model, dim)
    if index.load():
        if index.generation <= generation:
            return _bring_up(store, index, generation, loaded=True)
        logger.warning("vector index %s is ahead of its database (generation %d, the "
                       "database's %d: a database made again): built again",
                       index.path, index.generation, generation)
    build(store, index, generation)
    return index


def build(store: Any, index: Approximate, generation: int) -> None:
    """Fill ``index`` with every stored vector of its model, then write its files."""
    index.new_index(store.embedding_count(index.model) + 1000)
    for ids, matrix in store.embedding_batches(index.model, _BATCH):
        index.add(ids, matrix)
    index.generation = generation
    logger.info("vector index of %d articles built", len(index))
    index.save()


def _bring_up(store: Any, index: Approximate, generation: int,
              loaded: bool = False) -> Approximate:
    """Add the vectors written since the index's generation. Each write of a vector moves
    the generation by one and leaves its row; a deletion moves it and leaves none: when the
    rows are fewer than the moves, the IDs are compared with the store's. An index just
    read from its files is also checked against the store's count and a sample of its IDs
    (a database made again whose generation went past the file's)."""
    ids, matrix = store.embeddings_since(index.model, index.generation, generation)
    index.add(ids, matrix)
    if len(ids) < generation - index.generation or (loaded and _disagrees(store, index)):
        _reconcile(store, index)
    index.generation = generation
    if index.unsaved >= SAVE_EVERY:
        index.save()
    return index


def _disagrees(store: Any, index: Approximate) -> bool:
    if store.embedding_count(index.model) != len(index):
        return True
    sample = list(index.labels)[:: max(1, len(index) // 100)]
    return len(store.embeddings_of(index.model, sample)[0]) != len(sample)


def _reconcile(store: Any, index: Approximate) -> None:
    """Remove the IDs the store no longer holds, add those it holds and the index lacks."""
    stored = set(store.embedding_ids(index.model))
    index.remove([a for a in list(index.labels) if a not in stored])
    missing = sorted(stored - index.labels.keys())
    for part in batched(missing, _BATCH):
        index.add(*store.embeddings_of(index.model, part))


def remove_index(store: Any, model: str) -> None:
    """Delete the index files of ``model`` (the next query builds them again)."""
    path = index_path(store, model)
    if path is not None and path.parent.exists():
        for file in path.parent.glob(path.name + ".*"):
            file.unlink(missing_ok=True)
    _SPACES.get(store, {}).pop(model, None)


def pgvector_available(store: Any) -> bool:
    """Whether the PostgreSQL server offers the pgvector extension (``vector``)."""
    if store.dialect != "postgresql":
        return False
    return bool(store.available_extension("vector"))
