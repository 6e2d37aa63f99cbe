"""The T17 fusion gold (bench/gold/t17_fusion.jsonl) is well formed and matches the texts."""

from __future__ import annotations

import pytest

from bench.gold import check_t17_fusion
from bench.gold.check_t17_fusion import check_structure, check_texts, load, stats
from dossier.events.model import PLOVER_TYPES
from tests.conftest import SHARED_DATA

T17 = SHARED_DATA / "t17" / "Timeline17"


def test_structure() -> None:
    assert check_t17_fusion.PLOVER_TYPES == PLOVER_TYPES
    groups = load()
    assert check_structure(groups) == []
    counts = stats(groups)
    assert counts["per_split"]["dev"] >= 30 and counts["per_split"]["heldout"] >= 30
    assert counts["cross_outlet_groups"] >= 20
    assert counts["groups_with_retrospective"] >= 20


def test_offsets_and_hashes() -> None:
    if not T17.is_dir():
        pytest.skip(f"Timeline17 is not at {T17}")
    assert check_texts(load(), T17) == []


def test_checker_catches_errors() -> None:
    groups = load()[:2]
    bad = [dict(groups[0], split="heldout", mentions=groups[0]["mentions"][:1]), groups[1]]
    errors = check_structure(bad)
    assert any("must be in split" in e for e in errors)
    assert any("article(s)" in e for e in errors)
    assert any("groups, needs" in e for e in errors)
    if T17.is_dir():
        shifted = dict(groups[1]["mentions"][0], start=groups[1]["mentions"][0]["start"] + 1)
        assert check_texts([dict(groups[1], mentions=[shifted])], T17)
