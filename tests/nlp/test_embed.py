"""One-text encoding (a search query) through the traced transformer gives the model's own
vectors."""

from __future__ import annotations

import numpy as np

from dossier.nlp.embed import default_embedder

TEXTS = ["CSTO", "Putin met Mirziyoyev in Tashkent on Monday",
         "Узбекистан вышел из ОДКБ в 2012 году", '"Gulf of Mexico" oil spill OR H1N1',
         " ".join(["a long query about the alliance and its members"] * 40)]


def test_traced_single_text_vectors_are_the_models():
    embedder = default_embedder()
    assert embedder.trace()  # all-MiniLM-L6-v2 (mean pooling) can be traced
    assert callable(embedder._single())
    eager = embedder._encode(TEXTS)
    single = np.vstack([embedder.encode([text]) for text in TEXTS])
    assert single.shape == (len(TEXTS), 384) and single.dtype == np.float32
    assert np.allclose(single, eager, atol=1e-5)
    assert np.allclose(np.linalg.norm(single, axis=1), 1.0, atol=1e-5)
