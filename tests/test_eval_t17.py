"""The scorers of the Timeline17 golds (bench.eval.t17_events and bench.eval.fusion) on tiny
hand-made inputs: event matching at each level, and the cluster metrics on the textbook
examples of the CoNLL-2012 reference scorer's papers."""

from __future__ import annotations

import pytest

from bench.eval.fusion import Group, Mention, bcubed, ceaf_e, conll, muc, one_entry
from bench.eval.t17_events import (
    GoldEvent,
    SystemEvent,
    acceptable,
    actors_agree,
    agrees,
    line_map,
    match,
    to_raw,
)

# ---- cluster metrics ----

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions: A Reference
# Implementation", figure 1: key {a b c} {d e f g}, response {a b} {c d} {f g h i}.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_on_the_reference_scorer_example() -> None:
    s = muc(KEY, RESPONSE)
    assert s["recall"] == pytest.approx(0.40)
    assert s["precision"] == pytest.approx(0.40)
    assert s["f1"] == pytest.approx(0.40)


def test_bcubed_on_the_reference_scorer_example() -> None:
    s = bcubed(KEY, RESPONSE)
    assert s["recall"] == pytest.approx(35 / 12 / 7)  # 41.67
    assert s["precision"] == pytest.approx(0.50)
    assert s["f1"] == pytest.approx(0.4545, abs=1e-4)


def test_ceaf_e_on_the_reference_scorer_example() -> None:
    s = ceaf_e(KEY, RESPONSE)
    assert s["recall"] == pytest.approx(0.65)
    assert s["precision"] == pytest.approx(1.3 / 3)  # 43.33
    assert s["f1"] == pytest.approx(0.52)


def test_conll_is_the_mean_of_the_three() -> None:
    s = conll(KEY, RESPONSE)
    assert s["conll_f1"] == pytest.approx((0.40 + 0.4545 + 0.52) / 3, abs=1e-4)


def test_muc_on_vilains_example() -> None:
    """Vilain et al. (1995): key {A B C D}, response {A B} {C D}: recall 2/3, precision 1."""
    s = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert (s["recall"], s["precision"]) == (pytest.approx(2 / 3), 1.0)


def test_perfect_and_all_singletons() -> None:
    key = [{1, 2, 3}, {4, 5}]
    assert conll(key, key)["conll_f1"] == pytest.approx(1.0)
    alone = [{m} for k in key for m in k]
    assert muc(key, alone)["f1"] == 0.0
    assert bcubed(key, alone)["precision"] == 1.0
    assert bcubed(key, alone)["recall"] == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)


def test_one_entry_needs_sixty_percent_of_the_articles() -> None:
    def group(entries: list[tuple[str, str | None]]) -> Group:
        return Group("g", "dev", "", [], [Mention(f"g#{i}", "g", a, (0, 1), e)
                                          for i, (a, e) in enumerate(entries)])

    # 5 articles, 3 in one entry: 60%
    assert one_entry(group([("a", "E"), ("b", "E"), ("c", "E"), ("d", "F"), ("e", None)]))
    # two mentions of one article in E count once: 2 of 5
    assert not one_entry(group([("a", "E"), ("a", "E"), ("b", "E"), ("c", "F"), ("d", None),
                                ("e", None)]))
    assert not one_entry(group([("a", None), ("b", None)]))


# ---- event matching ----

def gold(span: tuple[int, int] = (0, 50), types: tuple[str, ...] = ("ASSAULT",),
         source: tuple[str, ...] = ("SYRMIL",), target: tuple[str, ...] = (),
         date: str | None = "2011-06", precision: str = "month",
         modality: str = "occurred") -> GoldEvent:
    return GoldEvent("x", "dev", "a.txt", span, list(types), modality, list(source),
                     list(target), date, precision)


def system(span: tuple[int, int] = (10, 40), type_: str = "ASSAULT",
           sources: tuple[str, ...] = ("SYR",), targets: tuple[str, ...] = (),
           date: str | None = "2011-06-03", modality: str = "occurred") -> SystemEvent:
    return SystemEvent(span, type_, modality, list(sources), list(targets), date, None)


def test_cameo_codes_also_match_by_their_country() -> None:
    assert acceptable(["LBYREB", "UN", "IGOUNO", "ARAB LEAGUE"]) == {
        "LBYREB", "LBY", "UN", "IGOUNO", "ARAB LEAGUE"}
    assert actors_agree([], ["RUS"])  # no constraint
    assert actors_agree(["LBYREB"], ["LBY"])
    assert not actors_agree(["LBYREB"], [])
    assert not actors_agree(["NATO", "IGOWSTNAT"], ["USA"])


def test_levels_add_one_condition_each() -> None:
    g = gold()
    assert agrees(g, system(), "all")
    assert not agrees(g, system(span=(50, 90)), "type")  # sentences do not overlap
    assert not agrees(g, system(type_="COERCE"), "type")
    wrong_actor = system(sources=("TUR",))
    assert agrees(g, wrong_actor, "type") and not agrees(g, wrong_actor, "+actors")
    wrong_date = system(date="2011-07-01")
    assert agrees(g, wrong_date, "+actors") and not agrees(g, wrong_date, "+date")
    undated = system(date=None)
    assert not agrees(g, undated, "+date")
    assert agrees(gold(date=None, precision="unknown"), undated, "+date")
    reported = system(modality="reported")
    assert agrees(g, reported, "+date") and not agrees(g, reported, "all")


def test_matching_is_one_to_one_and_maximal() -> None:
    """Two ASSAULTs in one sentence need two system events; a greedy first choice that takes
    the only event the second gold event accepts must not cost a match."""
    both = [gold(types=("ASSAULT", "COERCE")), gold(types=("ASSAULT",))]
    assert len(match(both, [system()], "type")) == 1
    events = [system(), system(type_="COERCE")]
    assert len(match(both, events, "type")) == 2
    assert len(match(both, [system(type_="COERCE"), system()], "type")) == 2


def test_sentences_map_back_to_the_file_line_by_line() -> None:
    raw = "Source : a\nFirst line here.\n  Second line.\nThird.\n"
    clean = "First line here.\n\nSecond line.\n\nThird."
    lines = line_map(clean, raw)
    second = clean.index("Second")
    assert to_raw((second, second + len("Second line.")), lines) == (
        raw.index("Second"), raw.index("Second") + len("Second line."))
    assert to_raw((0, len(clean)), lines) == (raw.index("First"), raw.index("Third.") + 6)
    assert to_raw((0, 5), line_map("Rewritten.", raw)) is None
