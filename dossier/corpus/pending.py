"""Finishing what an earlier run left: the corpus stages of articles stored but not yet
summarised, analysed or fused (a run killed or stopped with Ctrl-C after storing, or an
ingest with --no-enrich). ``dossier ingest`` finishes every stage; ``dossier summarize`` and
``dossier analyse`` without an ID finish their own."""

from __future__ import annotations

from collections.abc import Iterable

from dossier.store import Store

STAGES = ("enrich", "analyse", "fuse")


def finish(store: Store, stages: Iterable[str] = STAGES,
           owed: dict[str, list[str]] | None = None) -> dict[str, int]:
    """Run each pending stage of the given ones over the articles that owe it (``owed``:
    ``store.pending()`` when the caller has it already); returns how many articles each
    stage took (stages with nothing owed are left out)."""
    from dossier.corpus.chronology import analyse_articles
    from dossier.corpus.enrich import enrich
    from dossier.corpus.fusion import fuse
    from dossier.nlp.embed import Remembering, default_embedder

    wanted = set(stages)
    owed = owed if owed is not None else store.pending()
    done: dict[str, int] = {}
    # One memory of encoded sentences for the run: the events' sentences are often ones the
    # summaries encoded already.
    embedder = None
    if ("enrich" in wanted and owed["enrich"]) or ("analyse" in wanted and owed["analyse"]):
        embedder = Remembering(default_embedder())
    if "enrich" in wanted and owed["enrich"]:
        enrich(store, owed["enrich"], embedder)
        done["enrich"] = len(owed["enrich"])
    unfused = owed["fuse"] if "fuse" in wanted else []
    if "analyse" in wanted and owed["analyse"]:
        # One fusion batch for the newly analysed and the unfused, as one run would make.
        analyse_articles(store, owed["analyse"], also_fuse=unfused, embedder=embedder)
        done["analyse"] = len(owed["analyse"])
    elif unfused:
        fuse(store, unfused)
    if unfused:
        done["fuse"] = len(unfused)
    return done


def counts(owed: dict[str, list[str]]) -> dict[str, int]:
    """How many articles owe each stage."""
    return {stage: len(ids) for stage, ids in owed.items()}


def describe(owed: dict[str, int]) -> str | None:
    """One line telling how many articles owe each stage and how to finish them, or None
    when nothing is owed."""
    parts = [f"{n} {label}" for label, n in (
        ("without summaries", owed.get("enrich", 0)),
        ("not analysed", owed.get("analyse", 0)),
        ("with events not in the timeline", owed.get("fuse", 0)),
    ) if n]
    if not parts:
        return None
    return ("unfinished articles: " + ", ".join(parts)
            + " (run `dossier ingest` again on any path, or `dossier summarize` and "
              "`dossier analyse`, to finish them)")
