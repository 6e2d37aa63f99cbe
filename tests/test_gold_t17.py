"""The Timeline17 event gold (bench/gold/t17_events.jsonl) against the article files."""

from __future__ import annotations

import pytest

from bench.gold.check_t17_events import MIN_ARTICLES, MIN_EVENTS, check, model_lists
from bench.gold.pick_t17_articles import T17_ROOT


def test_model_lists_are_read() -> None:
    lists = model_lists()
    assert "ASSAULT" in lists["PLOVER_TYPES"] and "reported" in lists["MODALITIES"]


@pytest.mark.skipif(not T17_ROOT.is_dir(), reason="no evaluation data (/work/shared/data)")
def test_gold_checks_out() -> None:
    errors, counts = check()
    assert errors == []
    assert counts["events"] >= MIN_EVENTS and counts["articles"] >= MIN_ARTICLES
    assert set(counts["events_by_split"]) == {"dev", "held-out"}
