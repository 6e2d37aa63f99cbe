"""The seeds' main events and claims against our hand-written gold (tests/events/gold_seeds.py).

The seed pages are read from ../shared/seeds at test time (never copied into the repo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dossier.events import analyse
from dossier.events.model import Event
from tests.events.gold_seeds import CLAIMS, GOLD, PUBLISHED, Gold

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def codes(event: Event) -> set[str]:
    """The codes an event's actors stand for: a state's or organisation's code, a person's
    (or a ministry's) state."""
    out = set()
    for actor in event.actors:
        if actor.code:
            out.add(actor.code)
        if actor.state:
            out.add(actor.state)
    return out


def matches(event: Event, gold: Gold) -> bool:
    return (
        event.type in gold.types
        and gold.actors <= codes(event)
        and (gold.dates is None or event.date in gold.dates)
    )


@pytest.fixture(scope="module")
def analysed(nlp: Any) -> dict[str, Any]:
    out = {}
    for seed, (published, precision) in PUBLISHED.items():
        path = next(SEEDS.glob(f"{seed}_*.txt"))
        out[seed] = analyse(path.read_text(encoding="utf-8"), published=published,
                            precision=precision, article_id=seed, origin=path.name)
    return out


@pytest.mark.parametrize("gold", [x for x in GOLD if x.must], ids=lambda x: f"{x.seed}-{x.note}")
def test_must_have_event(analysed: dict[str, Any], gold: Gold) -> None:
    found = [e for e in analysed[gold.seed].events if matches(e, gold)]
    assert found, f"no {gold.types} {sorted(gold.actors)} {gold.dates} in seed {gold.seed}"
    if gold.modality:
        assert any(e.modality in gold.modality for e in found), [e.modality for e in found]
    if gold.background is not None:
        assert any(e.background == gold.background for e in found)


def test_planned_visit_is_never_told_as_done(analysed: dict[str, Any]) -> None:
    """Seed 004: "Next week, ... Putin will make an official visit to Uzbekistan"."""
    visits = [e for e in analysed["004"].events if e.type == "CONSULT" and "visit" in e.trigger
              and {"RUS", "UZB"} <= codes(e)]
    assert visits and all(e.modality == "planned" for e in visits)


def test_seed_000_two_death_tolls_are_two_claims(analysed: dict[str, Any]) -> None:
    claims = analysed["000"].claims
    for seed, code, holder, value, qualifier, unit, what in CLAIMS:
        found = [c for c in analysed[seed].claims for f in c.figures
                 if f.value == value and f.qualifier == qualifier and f.unit == unit
                 and f.what == what and holder in c.holder_text
                 and (c.holder.state if c.holder else None) == code]
        assert found, f"claim {value} {unit} {what} by {holder} not found"
    tolls = [c for c in claims if any(f.what == "killed" for f in c.figures)]
    assert len(tolls) == 2 and tolls[0].holder_text != tolls[1].holder_text


def test_contract_shape(analysed: dict[str, Any]) -> None:
    keys = {"id", "type", "date", "date_end", "precision", "modality", "background", "actors",
            "location", "summary", "evidence"}
    for result in analysed.values():
        for event in result.events:
            record = event.to_dict()
            assert set(record) == keys
            assert all(set(a) == {"name", "kind", "code", "role"} for a in record["actors"])
            assert all(set(e) == {"article", "origin", "sentence", "published"}
                       for e in record["evidence"])
            assert event.date_source in ("own", "sentence", "context", "article")


def test_recall_and_precision_printed(analysed: dict[str, Any], capsys: Any) -> None:
    """Prints recall (gold entries found) and precision (extracted events matching some gold
    entry of their seed); floors guard against regressions."""
    matched_gold = [x for x in GOLD if any(matches(e, x) for e in analysed[x.seed].events)]
    events = [(s, e) for s, r in analysed.items() for e in r.events]
    good = [e for s, e in events if any(matches(e, x) for x in GOLD if x.seed == s)]
    recall = len(matched_gold) / len(GOLD)
    precision = len(good) / len(events) if events else 0.0
    with capsys.disabled():
        print(f"\nseed gold: recall {recall:.2f} ({len(matched_gold)}/{len(GOLD)}), "
              f"precision {precision:.2f} ({len(good)}/{len(events)})")
    assert recall >= 0.6 and precision >= 0.5
