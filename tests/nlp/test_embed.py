"""Sentence embeddings: the torch model's traced one-text encoder, the same model through
onnxruntime, the fall-back to torch without it, and the memory of encoded sentences."""

from __future__ import annotations

import sys
from functools import cache

import numpy as np
import pytest

from dossier.corpus.summary import sentences_of
from dossier.nlp.embed import MiniLM, OnnxMiniLM, Remembering, load_embedder

TEXTS = ["CSTO", "Putin met Mirziyoyev in Tashkent on Monday",
         "Узбекистан вышел из ОДКБ в 2012 году", '"Gulf of Mexico" oil spill OR H1N1',
         " ".join(["a long query about the alliance and its members"] * 40)]


@cache
def _torch() -> MiniLM:
    return MiniLM()


def test_traced_single_text_vectors_are_the_models():
    embedder = _torch()
    assert embedder.trace()  # all-MiniLM-L6-v2 (mean pooling) can be traced
    assert callable(embedder._single())
    eager = embedder._encode(TEXTS)
    single = np.vstack([embedder.encode([text]) for text in TEXTS])
    assert single.shape == (len(TEXTS), 384) and single.dtype == np.float32
    assert np.allclose(single, eager, atol=1e-5)
    assert np.allclose(np.linalg.norm(single, axis=1), 1.0, atol=1e-5)


def _real_sentences(seeds_dir) -> list[str]:  # type: ignore[no-untyped-def]
    """Sentences of the shared seeds (real news pages) and of our own examples."""
    found = []
    for path in sorted(seeds_dir.glob("*.txt"))[:4]:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [text[s:e] for s, e in sentences_of(text)[:8]]
    return found + TEXTS


def test_onnx_vectors_agree_with_torch(seeds_dir):
    """The same model through onnxruntime (the default where it is installed) gives the
    torch model's vectors: cosine > 0.99 for every sentence (in fact 0.9999+), in batches
    of mixed lengths and one text at a time."""
    pytest.importorskip("onnxruntime")
    onnx = load_embedder(onnx=True)
    assert isinstance(onnx, OnnxMiniLM) and onnx.name == _torch().name
    sentences = _real_sentences(seeds_dir)
    assert len(sentences) > 20
    reference = _torch()._encode(sentences)
    vectors = onnx.encode(sentences)
    assert vectors.shape == reference.shape and vectors.dtype == np.float32
    cosine = (vectors * reference).sum(axis=1)
    assert cosine.min() > 0.99, cosine.min()
    single = np.vstack([onnx.encode([text]) for text in sentences[:5]])
    assert ((single * reference[:5]).sum(axis=1) > 0.99).all()
    assert onnx.encode([]).shape == (0, 384)


def test_without_onnxruntime_torch_does_the_work(monkeypatch):
    """onnxruntime missing (an import that fails): the embedder is the torch one."""
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` raises
    embedder = load_embedder(onnx=True)
    assert isinstance(embedder, MiniLM)
    assert embedder.encode(TEXTS[:2]).shape == (2, 384)


def test_the_onnx_setting_off_gives_torch():
    assert isinstance(load_embedder(onnx=False), MiniLM)


class _Counting:
    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.asarray([[float(len(t)), 1.0] + [0.0] * 382 for t in texts],
                          dtype=np.float32)


def test_remembering_encodes_each_distinct_text_once():
    inner = _Counting()
    embedder = Remembering(inner, size=3)
    first = embedder.encode(["a", "bb", "a"])
    assert inner.seen == ["a", "bb"]
    assert first[0][0] == first[2][0] == 1.0 and first[1][0] == 2.0
    again = embedder.encode(["bb", "ccc", "dddd"])
    assert inner.seen == ["a", "bb", "ccc", "dddd"]
    assert [row[0] for row in again] == [2.0, 3.0, 4.0]
    embedder.encode(["a"])  # forgotten: only the 3 most recent are kept
    assert inner.seen[-1] == "a"
    assert embedder.encode([]).shape == (0, 384)
