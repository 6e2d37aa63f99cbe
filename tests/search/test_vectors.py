"""The nearest-neighbour index of a large store (``dossier.search.vectors``): the same
neighbours as the exact scan, kept up to date from the rows written since, and rebuilt
(never a crash) when its files are missing, stale or damaged. The threshold is lowered so
that a store of a few dozen vectors counts as large."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import numpy as np
import pytest

from dossier.model import Article, PublishedDate
from dossier.search import vectors
from dossier.store import Store, open_store

MODEL = "test-model"
DIM = 16


def _article(n: int) -> Article:
    text = f"Article number {n} on the matter of {uuid.uuid4()}."
    return Article(text=text, origin=f"test:{n}", content_hash=uuid.uuid4().hex * 2,
                   text_hash=uuid.uuid4().hex * 2, title=f"Article {n}",
                   published=PublishedDate("2020", "year", "metadata", "test", 1.0), words=8)


def _clustered(n: int, dim: int, seed: int) -> np.ndarray:
    """Unit vectors around n // 20 centres, as articles of one story are."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(1, n // 20), dim)).astype(np.float32)
    out = centres[rng.integers(0, len(centres), n)] + rng.standard_normal(
        (n, dim)).astype(np.float32) * 0.3
    return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def _fill(store: Store, matrix: np.ndarray) -> list[str]:
    ids = []
    for n, row in enumerate(matrix):
        article_id = store.add_article(_article(n)).id
        store.put_embedding(article_id, MODEL, row)
        ids.append(article_id)
    return ids


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors, "THRESHOLD", 20)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many vectors each full build read (a list that grows with every build)."""
    seen: list[int] = []
    real = vectors.build

    def counted(store, index, generation):  # type: ignore[no-untyped-def]
        real(store, index, generation)
        seen.append(len(index))

    monkeypatch.setattr(vectors, "build", counted)
    return seen


def _forget(store: Store) -> None:
    """What a new process knows: nothing in memory, the files on disk."""
    vectors._SPACES.pop(store, None)


def test_the_index_finds_the_exact_scans_ten_nearest():
    """recall@10 >= 0.95 on 5,000 clustered vectors, 100 queries."""
    matrix = _clustered(5000, 64, seed=3)
    ids = [f"{n:036d}" for n in range(len(matrix))]
    exact = vectors.Exact(ids, matrix)
    index = vectors.Approximate(None, MODEL, 64)
    index.new_index(len(ids))
    index.add(ids, matrix)
    queries = _clustered(100, 64, seed=4)
    recall = np.mean([
        len({a for a, _ in index.nearest(q, 10)} & {a for a, _ in exact.nearest(q, 10)}) / 10
        for q in queries])
    assert recall >= 0.95
    first = index.nearest(queries[0], 10)
    assert [c for _, c in first] == sorted((c for _, c in first), reverse=True)
    cosines = exact.cosines(queries[0], [a for a, _ in first])
    assert all(abs(cosines[a] - c) < 1e-5 for a, c in first)


def test_a_small_store_keeps_the_exact_scan(tmp_path: Path):
    store = open_store(tmp_path / "s.db")
    try:
        _fill(store, _clustered(10, DIM, seed=1))
        assert isinstance(vectors.space(store, MODEL), vectors.Exact)
        assert not list(tmp_path.glob("s.db.vectors.*"))
    finally:
        store.close()


def test_a_large_store_builds_the_index_once_then_adds_new_vectors(
        tmp_path: Path, small_threshold: None, builds: list[int]):
    store = open_store(tmp_path / "s.db")
    try:
        matrix = _clustered(40, DIM, seed=1)
        ids = _fill(store, matrix[:30])
        found = vectors.space(store, MODEL)
        assert isinstance(found, vectors.Approximate) and len(found) == 30
        assert builds == [30]
        assert (tmp_path / f"s.db.vectors.{MODEL}.json").exists()
        ids += _fill(store, matrix[30:])
        found = vectors.space(store, MODEL)
        assert builds == [30] and len(found) == 40  # added, not built again
        assert found.nearest(matrix[35], 1)[0][0] == ids[35]
        store.delete_article(ids[35])
        found = vectors.space(store, MODEL)
        assert ids[35] not in {a for a, _ in found.nearest(matrix[35], 5)}
        assert builds == [30] and len(found) == 39
    finally:
        store.close()


def test_a_stale_file_is_brought_up_to_date_and_a_missing_one_rebuilt(
        tmp_path: Path, small_threshold: None, builds: list[int]):
    store = open_store(tmp_path / "s.db")
    try:
        matrix = _clustered(50, DIM, seed=2)
        ids = _fill(store, matrix[:30])
        vectors.space(store, MODEL)  # built and written at 30 vectors
        _forget(store)
        ids += _fill(store, matrix[30:])  # written while no process held the index
        found = vectors.space(store, MODEL)
        assert builds == [30] and len(found) == 50
        assert found.nearest(matrix[45], 1)[0][0] == ids[45]
        _forget(store)
        vectors.remove_index(store, MODEL)
        assert len(vectors.space(store, MODEL)) == 50
        assert builds == [30, 50]
    finally:
        store.close()


def test_a_damaged_file_is_rebuilt_with_a_warning(
        tmp_path: Path, small_threshold: None, builds: list[int],
        caplog: pytest.LogCaptureFixture):
    store = open_store(tmp_path / "s.db")
    try:
        matrix = _clustered(30, DIM, seed=5)
        ids = _fill(store, matrix)
        vectors.space(store, MODEL)
        _forget(store)
        (index_file,) = tmp_path.glob("s.db.vectors.*.hnsw")
        data = bytearray(index_file.read_bytes())
        data[len(data) // 2: len(data) // 2 + 64] = b"\xff" * 64
        index_file.write_bytes(bytes(data))
        with caplog.at_level(logging.WARNING, logger="dossier.search.vectors"):
            found = vectors.space(store, MODEL)
        assert "damaged" in caplog.text
        assert builds == [30, 30]
        assert found.nearest(matrix[7], 1)[0][0] == ids[7]
        _forget(store)
        (tmp_path / f"s.db.vectors.{MODEL}.json").write_text("{not json")
        assert len(vectors.space(store, MODEL)) == 30
        assert builds == [30, 30, 30]
    finally:
        store.close()


def _database_made_again(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The database deleted and made anew beside the index files the old one left."""
    kept = {p.name: p.read_bytes() for p in tmp_path.glob("s.db.vectors.*")}
    for path in tmp_path.glob("s.db*"):
        path.unlink()
    for name, data in kept.items():
        (tmp_path / name).write_bytes(data)
    return open_store(tmp_path / "s.db")


def test_files_of_a_database_made_again_are_not_used(
        tmp_path: Path, small_threshold: None, builds: list[int]):
    """An index ahead of its database's generation is another database's."""
    store = open_store(tmp_path / "s.db")
    _fill(store, _clustered(40, DIM, seed=6))
    vectors.space(store, MODEL)
    store.close()
    store = _database_made_again(tmp_path)
    try:
        ids = _fill(store, _clustered(25, DIM, seed=7))
        found = vectors.space(store, MODEL)
        assert builds == [40, 25] and set(found.labels) == set(ids)
    finally:
        store.close()


def test_files_of_a_database_made_again_and_written_past_them_are_reconciled(
        tmp_path: Path, small_threshold: None, builds: list[int]):
    """The new database's generation went past the file's: the IDs tell them apart."""
    store = open_store(tmp_path / "s.db")
    _fill(store, _clustered(25, DIM, seed=6))
    vectors.space(store, MODEL)
    store.close()
    store = _database_made_again(tmp_path)
    try:
        matrix = _clustered(40, DIM, seed=7)
        ids = _fill(store, matrix)
        found = vectors.space(store, MODEL)
        assert builds == [25] and set(found.labels) == set(ids)
        assert found.nearest(matrix[9], 1)[0][0] == ids[9]
    finally:
        store.close()


@pytest.mark.postgres
def test_postgresql_keeps_its_index_in_a_cache_directory(
        pg_store: Store, tmp_path: Path, small_threshold: None,
        monkeypatch: pytest.MonkeyPatch):
    """The index of a PostgreSQL store lives under $DOSSIER_CACHE_DIR, named by its URL, and
    similar readings go through it."""
    from dossier.corpus import similar

    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    matrix = _clustered(30, DIM, seed=8)
    ids = _fill(pg_store, matrix)
    found = vectors.space(pg_store, MODEL)
    assert isinstance(found, vectors.Approximate)
    assert list((tmp_path / "cache" / "vectors").rglob("*.hnsw"))
    assert found.nearest(matrix[3], 1)[0][0] == ids[3]
    similar.update(pg_store, ids[:3], MODEL)
    assert all(pg_store.similar_of(a) for a in ids[:3])
    assert vectors.pgvector_available(pg_store) in (True, False)
