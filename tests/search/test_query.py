"""What users type is made safe for the full-text engine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.errors import InputError
from dossier.search.query import check_query, fts5_match, keywords, websearch_match
from dossier.settings import Settings
from dossier.store import open_store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("CSTO", '"CSTO"'),
        ("alliance treaty", '"alliance" AND "treaty"'),
        ('"alliance treaty" Moscow', '"alliance treaty" AND "Moscow"'),
        ("CSTO OR SCO", '("CSTO" OR "SCO")'),
        ('NEAR(a b) * ^title: "unbalanced', '"NEAR" AND "a" AND "b" AND "title" AND "unbalanced"'),
        ("***", None),
        ("OR", None),
    ],
)
def test_fts5_match(query, expected):
    assert fts5_match(query) == expected


def test_websearch_match_keeps_phrases_and_or():
    assert websearch_match('"alliance treaty" OR pact') == '"alliance treaty" or pact'


@pytest.mark.parametrize(
    ("query", "fts5", "websearch"),
    [
        ("the " * 200, '"the"', "the"),
        ("Water water WATER talks", '"Water" AND "talks"', "Water talks"),
        ('"water talks" "Water Talks" water', '"water talks" AND "water"', '"water talks" water'),
        # A repeated term inside an OR group is another condition: it stays.
        ("the the OR cat", '"the" AND ("the" OR "cat")', "the the or cat"),
        ("a OR b b OR a a OR b", '("a" OR "b")', "a or b"),
    ],
)
def test_repeated_terms_are_searched_once(query, fts5, websearch):
    """"the " typed 200 times made 200 AND-ed copies of one term: 99 s on 600 articles."""
    assert fts5_match(query) == fts5
    assert websearch_match(query) == websearch


LIMITS = Settings(max_query_chars=40, max_query_terms=4)


@pytest.mark.parametrize(
    ("query", "setting"),
    [
        ("x" * 41, "max_query_chars"),
        ("one two three four five", "max_query_terms"),
        ('"one two three" four five', "max_query_terms"),
    ],
)
def test_queries_over_the_limits_are_refused_naming_the_setting(query, setting):
    with pytest.raises(InputError, match=f"setting {setting}: DOSSIER_{setting.upper()}"):
        check_query(query, LIMITS)


@pytest.mark.parametrize("query", ["x" * 40, "one two three four", "the " * 10,
                                   "one OR two OR three OR four"])
def test_queries_within_the_limits_pass(query):
    check_query(query, LIMITS)


def test_keywords_skip_stop_words():
    assert keywords("The treaty and the treaty of the alliance with Moscow")[:2] == [
        "treaty", "alliance"]


@pytest.fixture(scope="module")
def fts_store(tmp_path_factory):
    opened = open_store(tmp_path_factory.mktemp("fts") / "fts.db")
    yield opened
    opened.close()


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_query_is_safe_for_fts5(fts_store, text):
    """Whatever is typed, the engine never sees a syntax error."""
    match = fts5_match(text)
    if match is not None:
        assert fts_store.fts_search(match, limit=1) == []
