"""The matrix of article embeddings a process keeps in memory follows every write: its own
(changed in place) and another process's (seen through the embeddings' generation)."""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from dossier.model import Article, PublishedDate
from dossier.store import Store, open_store

MODEL = "test-model"


def _article(n: int) -> Article:
    text = f"Article number {n} on the matter of {uuid.uuid4()}."
    return Article(text=text, origin=f"test:{n}", content_hash=uuid.uuid4().hex * 2,
                   text_hash=uuid.uuid4().hex * 2, title=f"Article {n}",
                   published=PublishedDate("2020", "year", "metadata", "test", 1.0), words=8)


def _unit(rng: np.random.Generator) -> np.ndarray:
    vector = rng.normal(size=8).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _fresh(path) -> tuple[list[str], np.ndarray]:  # type: ignore[no-untyped-def]
    other = open_store(path)
    try:
        return other.embedding_matrix(MODEL)
    finally:
        other.close()


@pytest.fixture
def filled(tmp_path) -> tuple[Store, list[str]]:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "e.db")
    rng = np.random.default_rng(1)
    ids = [store.add_article(_article(n)).id for n in range(6)]
    for article_id in ids[:4]:
        store.put_embedding(article_id, MODEL, _unit(rng))
    yield store, ids
    store.close()


def test_own_writes_change_the_matrix_in_memory_as_a_fresh_read_would(filled, tmp_path):
    store, ids = filled
    rng = np.random.default_rng(2)
    store.embedding_matrix(MODEL)  # cached from here on
    store.put_embedding(ids[4], MODEL, _unit(rng))  # a new row
    store.put_embedding(ids[1], MODEL, _unit(rng))  # a row replaced
    mine, theirs = store.embedding_matrix(MODEL), _fresh(tmp_path / "e.db")
    assert mine[0] == theirs[0] == sorted(ids[:5])
    assert np.array_equal(mine[1], theirs[1])


def test_another_process_replacing_a_vector_is_seen(filled, tmp_path):
    store, ids = filled
    before = store.embedding_matrix(MODEL)[1].copy()
    other = open_store(tmp_path / "e.db")
    replacement = _unit(np.random.default_rng(3))
    other.put_embedding(ids[2], MODEL, replacement)  # same number of rows as before
    other.close()
    found_ids, matrix = store.embedding_matrix(MODEL)
    assert not np.array_equal(matrix, before)
    assert np.array_equal(matrix[found_ids.index(ids[2])], replacement)


def test_a_deleted_article_leaves_the_matrix(filled, tmp_path):
    store, ids = filled
    store.embedding_matrix(MODEL)
    other = open_store(tmp_path / "e.db")
    other.delete_article(ids[0])
    other.close()
    assert ids[0] not in store.embedding_matrix(MODEL)[0]
    store.delete_article(ids[1])
    found_ids, matrix = store.embedding_matrix(MODEL)
    assert found_ids == sorted(ids[2:4]) and matrix.shape == (2, 8)
