"""Events on real news of other regions: Dossier against the hand-made Timeline17 event gold.

Issue 15: "Event recall and precision of (date, type, actors, modality) on that gold, dev and
held-out topics"; goals on held-out: recall ≥ 0.75 and precision ≥ 0.75.

Gold (bench/gold, see its README): ``t17_events.jsonl`` (236 events) in the covered spans (the
first five body lines) of the 66 articles of ``t17_events.articles.jsonl``. Split by topic:
dev = LibyaWar and EgyptianProtest, held-out = SyrianCrisis and IraqWar.

System: each article's file (``../shared/data/t17/Timeline17/<article>``, read as UTF-8 with
bad bytes replaced) goes through the per-article pipeline as a text input whose date is the
folder's (``dossier.pipeline.analyse(RawDocument(text=..., date=<folder>))``: the true
publication date given, as the issue says), then ``dossier.events.extract_events`` on the
cleaned text, anchored on the article's date as the chronology pass anchors it
(``dossier.queries.anchor_of``). An event's evidence sentence is mapped back to the file's
offsets line by line (cleaning keeps T17's lines whole; a line it rewrote maps nowhere and
its events are dropped, counted in ``unmapped``). Only the events whose sentence overlaps a
covered span are scored.

Matching, per article, one-to-one (a maximum bipartite matching, so two ASSAULTs in one
sentence need two system events): a system event and a gold event are a pair when their
sentence spans overlap and the system type is among the gold's acceptable types; each level
adds a condition:

- **type**: the pair alone;
- **+actors**: sources agree and targets agree. A side agrees when the gold list is empty (no
  constraint), or a system actor of that role has a code or a state equal to an acceptable
  gold code, or to the country of a CAMEO-style gold code (``LBYREB`` → ``LBY``: its first
  three letters when they are an ISO alpha-3 code);
- **+date**: the system's date interval overlaps the gold date at its precision (``2011-03``
  is the month); a gold date ``unknown`` is no constraint; a system event with no date
  misses a dated gold event;
- **all** (the issue's figure): the modality is the gold's too.

Recall: matched gold events / gold events; precision: matched system events / system events in
the covered spans. Rows for dev, held-out and all. Parsed articles are cached in
``bench/work/t17_events/`` keyed by a digest of ``dossier/`` (code and data).

    python -m bench.eval.t17_events [--data PATH] [--errors N]

``--errors N`` prints N dev misses (gold events not matched at the full level, then system
events matching nothing): never held-out ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench.eval.report import write_results

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data"
GOLD = REPO / "bench" / "gold"
WORK = REPO / "bench" / "work" / "t17_events"
SPLITS = ("dev", "held-out", "all")
LEVELS = ("type", "+actors", "+date", "all")
GOALS = {"recall": (">=", 0.75), "precision": (">=", 0.75)}  # held-out, level "all"

Span = tuple[int, int]
Interval = tuple[dt.date, dt.date]


# ---- records ----

@dataclass
class GoldEvent:
    id: str
    split: str
    article: str
    span: Span
    types: list[str]
    modality: str
    source: list[str]
    target: list[str]
    date: str | None
    precision: str
    trigger: str = ""

    @classmethod
    def of(cls, row: dict[str, Any]) -> GoldEvent:
        return cls(row["id"], row["split"], row["article"],
                   (row["sentence"]["start"], row["sentence"]["end"]), row["types"],
                   row["modality"], row["source"], row["target"], row["date"],
                   row["precision"], row.get("trigger", ""))


@dataclass
class SystemEvent:
    """What is scored of one of Dossier's events; ``span`` in the file's offsets."""

    span: Span
    type: str
    modality: str
    sources: list[str]  # codes and states of the source actors
    targets: list[str]
    date: str | None
    date_end: str | None
    trigger: str = ""
    summary: str = ""
    id: str = ""

    @classmethod
    def of(cls, data: dict[str, Any]) -> SystemEvent:
        return cls(**{**data, "span": tuple(data["span"])})


@dataclass
class Article:
    article: str
    split: str
    published: str
    covered: Span
    gold: list[GoldEvent] = field(default_factory=list)
    system: list[SystemEvent] = field(default_factory=list)  # in the covered span only
    unmapped: int = 0


# ---- agreement ----

def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@lru_cache(maxsize=4096)
def _is_country(code: str) -> bool:
    import pycountry

    return len(code) == 3 and code.isalpha() and code.isupper() \
        and pycountry.countries.get(alpha_3=code) is not None


def acceptable(codes: Iterable[str]) -> set[str]:
    """The gold codes and the countries of the CAMEO-style ones (``LBYREB`` → ``LBY``)."""
    out = set()
    for code in codes:
        out.add(code)
        if len(code) > 3 and _is_country(code[:3]):
            out.add(code[:3])
    return out


def actors_agree(gold: list[str], system: list[str]) -> bool:
    """An empty gold list is no constraint; else one system code or state is acceptable."""
    return not gold or bool(acceptable(gold) & set(system))


def gold_interval(date: str | None) -> Interval | None:
    from dossier.timex.values import interval_of

    if not date:
        return None
    start, end, _ = interval_of(date)
    return (start, end) if start and end else None


def system_interval(date: str | None, date_end: str | None) -> Interval | None:
    from dossier.corpus.fusion import span

    return span(date, date_end)


def date_agrees(gold: GoldEvent, event: SystemEvent) -> bool:
    truth = gold_interval(gold.date) if gold.precision != "unknown" else None
    if truth is None:
        return True
    got = system_interval(event.date, event.date_end)
    return got is not None and got[0] <= truth[1] and truth[0] <= got[1]


def agrees(gold: GoldEvent, event: SystemEvent, level: str) -> bool:
    """Whether a system event matches a gold event at a level (see the docstring)."""
    if not overlaps(gold.span, event.span) or event.type not in gold.types:
        return False
    rank = LEVELS.index(level)
    if rank >= 1 and not (actors_agree(gold.source, event.sources)
                          and actors_agree(gold.target, event.targets)):
        return False
    if rank >= 2 and not date_agrees(gold, event):
        return False
    return rank < 3 or event.modality == gold.modality


def max_matching(left: int, right: int, edge: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching {left index: right index} (augmenting paths)."""
    adjacent = [[j for j in range(right) if edge(i, j)] for i in range(left)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacent[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def match(gold: list[GoldEvent], system: list[SystemEvent], level: str) -> dict[int, int]:
    """{gold index: system index} of one article at a level."""
    return max_matching(len(gold), len(system), lambda i, j: agrees(gold[i], system[j], level))


def score(articles: list[Article]) -> dict[str, Any]:
    """Recall, precision and F1 at each level over some articles."""
    n_gold = sum(len(a.gold) for a in articles)
    n_system = sum(len(a.system) for a in articles)
    out: dict[str, Any] = {"articles": len(articles), "gold": n_gold, "system": n_system,
                           "unmapped": sum(a.unmapped for a in articles)}
    for level in LEVELS:
        matched = sum(len(match(a.gold, a.system, level)) for a in articles)
        recall = matched / n_gold if n_gold else 0.0
        precision = matched / n_system if n_system else 0.0
        f1 = 2 * recall * precision / (recall + precision) if matched else 0.0
        out[level] = {"matched": matched, "recall": recall, "precision": precision, "f1": f1}
    return out


# ---- the system's events, mapped to the file's offsets ----

def line_map(clean: str, raw: str) -> list[tuple[int, int, int]]:
    """(start, end, raw start) of each line of the cleaned text found whole in the file,
    searched in order: cleaning keeps most lines as they are and drops or rewrites some."""
    out = []
    cursor = 0
    position = 0
    for line in clean.splitlines(keepends=True):
        body = line.strip()
        if body:
            lead = len(line) - len(line.lstrip())
            found = raw.find(body, cursor)
            if found >= 0:
                out.append((position + lead, position + lead + len(body), found))
                cursor = found + len(body)
        position += len(line)
    return out


def to_raw(span: Span, lines: list[tuple[int, int, int]]) -> Span | None:
    """A span of the cleaned text in the file's offsets: the part of it on mapped lines."""
    pieces = [(max(span[0], s) - s + r, min(span[1], e) - s + r)
              for s, e, r in lines if span[0] < e and s < span[1]]
    if not pieces:
        return None
    return pieces[0][0], pieces[-1][1]


def _codes(event: Any, role: str) -> list[str]:
    return sorted({c for a in event.actors if a.role == role for c in (a.code, a.state) if c})


def system_events(path: Path, published: str) -> tuple[list[SystemEvent], int]:
    """Dossier's events of one T17 file given its date, in the file's offsets, and how many
    events sat on lines that could not be mapped back."""
    from dossier.events import extract_events
    from dossier.model import RawDocument
    from dossier.pipeline import analyse
    from dossier.queries import anchor_of

    data = path.read_bytes()
    raw = data.decode("utf-8", errors="replace")
    article = analyse(RawDocument(origin=str(path), content_hash=hashlib.sha256(data).hexdigest(),
                                  text=raw, date=published))
    anchor, precision = anchor_of(article.published.value, article.published.precision)
    events = extract_events(article.text, published=anchor, precision=precision,
                            origin=str(path))
    lines = line_map(article.text, raw)
    out, unmapped = [], 0
    for event in events:
        evidence = event.evidence[0]
        span = to_raw((evidence.start, evidence.end), lines)
        if span is None:
            unmapped += 1
            continue
        out.append(SystemEvent(span, event.type, event.modality, _codes(event, "source"),
                               _codes(event, "target"), event.date, event.date_end,
                               event.trigger, event.summary, event.id))
    return out, unmapped


def code_digest() -> str:
    """What the cached events depend on: every file of the dossier package."""
    import dossier

    root = Path(dossier.__file__).resolve().parent
    h = hashlib.sha1()
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def cached_events(t17: Path, article: str, published: str,
                  digest: str) -> tuple[list[SystemEvent], int]:
    cache = WORK / digest / (hashlib.sha1(article.encode()).hexdigest()[:16] + ".json")
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return [SystemEvent.of(e) for e in data["events"]], data["unmapped"]
    events, unmapped = system_events(t17 / article, published)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"events": [asdict(e) for e in events],
                                 "unmapped": unmapped}), encoding="utf-8")
    return events, unmapped


def load(data: Path, digest: str) -> list[Article]:
    t17 = data / "t17" / "Timeline17"
    articles = {}
    for line in (GOLD / "t17_events.articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            articles[row["article"]] = Article(row["article"], row["split"], row["published"],
                                               (row["covered"]["start"], row["covered"]["end"]))
    for line in (GOLD / "t17_events.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            event = GoldEvent.of(json.loads(line))
            articles[event.article].gold.append(event)
    for article in articles.values():
        events, unmapped = cached_events(t17, article.article, article.published, digest)
        article.system = [e for e in events if overlaps(e.span, article.covered)]
        article.unmapped = unmapped
    return list(articles.values())


# ---- summaries (dev only) ----

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_OBJECTS = ("dobj", "dative", "attr", "oprd", "pobj", "ccomp", "xcomp", "acomp", "agent")


def whole_clause(summary: str, needs_object: bool, nlp: Any) -> bool:
    """Whether a one-line summary is a clause: a verb at its root with a subject, and an
    object (direct, prepositional or a clause) when the event has a target."""
    if not summary or summary.split(" ", 1)[0].endswith(":"):
        return False  # "Assault: killed ...": a label, not a subject
    doc = nlp(summary.split(" (")[0])
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ in _SUBJECTS for c in root.children):
        return False
    if any(c.dep_ == "nsubjpass" for c in root.children):
        return True  # "Gaddafi is captured": the target is its subject
    return not needs_object or any(t.dep_ in _OBJECTS for t in root.subtree if t is not root)


def summary_clauses(articles: list[Article]) -> dict[str, Any]:
    """Share of the dev events matched at the type level whose summary is a whole clause:
    subject, verb, and an object when the gold event has a target that is not one of its
    sources (a reciprocal "A and B meet" has its object in its subject)."""
    from dossier.nlp.pipeline import load_nlp

    nlp = load_nlp()
    whole = total = 0
    fragments = []
    for article in articles:
        if article.split != "dev":
            continue
        for i, j in match(article.gold, article.system, "type").items():
            gold, event = article.gold[i], article.system[j]
            needs = bool(gold.target) and not set(event.targets) <= set(event.sources)
            total += 1
            if whole_clause(event.summary, needs, nlp):
                whole += 1
            else:
                fragments.append(event.summary)
    return {"matched": total, "whole": whole, "share": whole / total if total else 0.0,
            "fragments": fragments}


# ---- misses (dev only) ----

def why_missed(gold: GoldEvent, system: list[SystemEvent]) -> str:
    """The first level a gold event fails at, with what the system had in its sentence."""
    here = [e for e in system if overlaps(e.span, gold.span)]
    if not here:
        return "no event in the sentence"
    typed = [e for e in here if e.type in gold.types]
    if not typed:
        return "type: " + "/".join(sorted({e.type for e in here})) + " for " + \
            "/".join(gold.types)
    if not any(actors_agree(gold.source, e.sources) for e in typed):
        return "source actor"
    if not any(actors_agree(gold.source, e.sources) and actors_agree(gold.target, e.targets)
               for e in typed):
        return "target actor"
    if not any(agrees(gold, e, "+date") for e in typed):
        return "date"
    if not any(agrees(gold, e, "all") for e in typed):
        return "modality"
    return "taken by another gold event"


def dev_misses(articles: list[Article]) -> list[dict[str, Any]]:
    rows = []
    for article in articles:
        if article.split != "dev":
            continue
        full = match(article.gold, article.system, "all")
        for i, gold in enumerate(article.gold):
            if i in full:
                continue
            here = [e for e in article.system if overlaps(e.span, gold.span)]
            rows.append({
                "kind": "missed", "gold": gold.id, "why": why_missed(gold, article.system),
                "want": {"trigger": gold.trigger, "types": gold.types, "modality": gold.modality,
                         "source": gold.source, "target": gold.target, "date": gold.date,
                         "precision": gold.precision},
                "got": [_brief(e) for e in here],
            })
        used = set(match(article.gold, article.system, "type").values())
        for j, event in enumerate(article.system):
            if j not in used:
                near = [g for g in article.gold if overlaps(g.span, event.span)]
                rows.append({"kind": "spurious", "article": article.article,
                             "why": "no gold event in the sentence" if not near
                             else "sentence's gold: " + "/".join(
                                 sorted({t for g in near for t in g.types})),
                             "got": _brief(event)})
    return rows


def _brief(event: SystemEvent) -> dict[str, Any]:
    return {"type": event.type, "trigger": event.trigger, "modality": event.modality,
            "sources": event.sources, "targets": event.targets, "date": event.date,
            "date_end": event.date_end}


# ---- printing ----

def _rp(figures: dict[str, Any]) -> str:
    return f"{figures['recall']:.3f}/{figures['precision']:.3f}"


def table(results: dict[str, dict[str, Any]]) -> str:
    head = (f"| {'split':9} | {'art.':>4} | {'gold':>4} | {'sys':>4} | "
            + " | ".join(f"{level + ' R/P':>15}" for level in LEVELS) + " |")
    rows = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for split, r in results.items():
        rows.append(f"| {split:9} | {r['articles']:4d} | {r['gold']:4d} | {r['system']:4d} | "
                    + " | ".join(f"{_rp(r[lv]):>15}" for lv in LEVELS) + " |")
    held = results["held-out"]["all"]
    verdicts = []
    for key, (op, goal) in GOALS.items():
        ok = held[key] >= goal
        verdicts.append(f"{key} {held[key]:.3f} {op} {goal} {'met' if ok else 'NOT met'}")
    rows.append("held-out (date, type, actors, modality) vs goals: " + "; ".join(verdicts))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0,
                        help="print this many dev misses (never held-out ones)")
    args = parser.parse_args(argv)
    if not (args.data / "t17" / "Timeline17").is_dir():
        print(f"no Timeline17 under {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    articles = load(args.data, code_digest())
    results = {split: score([a for a in articles if split == "all" or a.split == split])
               for split in SPLITS}
    seconds = time.perf_counter() - started
    print("Timeline17 event gold (bench/gold/t17_events.jsonl), the folder's date given; "
          "R/P = recall/precision of events matched one-to-one at each level: type; "
          "+actors (source and target); +date; all = (date, type, actors, modality).\n")
    print(table(results))
    misses = dev_misses(articles)
    kinds = Counter(m["why"].split(":")[0] if m["kind"] == "missed" else "spurious: " + (
        "no gold event in the sentence" if m["why"].startswith("no") else "other type")
        for m in misses)
    print("dev misses by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for m in misses:
        if m["kind"] == "missed":
            by_type[m["why"].split(":")[0]].update(m["want"]["types"][:1])
    for m in misses[: args.errors]:
        print("   dev miss:", json.dumps(m, ensure_ascii=False)[:400])
    clauses = summary_clauses(articles)
    print(f"dev summaries that are whole clauses (subject, verb, object when the event has "
          f"a target), of the type-matched events: {clauses['whole']}/{clauses['matched']} "
          f"= {clauses['share']:.3f}")
    print(f"\n({seconds:.1f} s; {len(misses)} dev misses kept in bench/results/t17_events.json)")
    write_results("t17_events", argv, {
        "gold": "bench/gold/t17_events.jsonl (236 events, 66 articles)",
        "split": "dev = LibyaWar, EgyptianProtest; held-out = SyrianCrisis, IraqWar (by topic)",
        "levels": list(LEVELS),
        "goals": {k: list(v) for k, v in GOALS.items()},
        "results": results,
        "dev_misses_by_kind": dict(kinds),
        "dev_missed_types_by_kind": {k: dict(v) for k, v in by_type.items()},
        "dev_misses": misses,
        "dev_summary_clauses": clauses,
        "seconds": round(seconds, 1),
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
