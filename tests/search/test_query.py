"""What users type is made safe for the full-text engine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.search.query import fts5_match, keywords, websearch_match
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
