"""The tense spaCy's parse gives an expression (timex.tense.spacy_tense_of): a gerund or
participle with no auxiliary of its own takes the tense of the verb it hangs from (sentences
we wrote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dossier.timex import find_timexes
from dossier.timex.tense import spacy_tense_of

ANCHOR = dt.date(2011, 6, 17)


@pytest.fixture(scope="module")
def nlp() -> Any:
    from dossier.nlp.pipeline import load_nlp

    return load_nlp()


def _value(nlp: Any, text: str) -> str:
    (timex,) = find_timexes(text, ANCHOR, anchor_precision="day", doc=nlp(text))
    return timex.value


def test_a_month_under_a_gerund_of_a_past_clause_is_the_last_one(nlp: Any) -> None:
    # the parse hangs "in March" on "advancing": the clause is past, so this year's March
    text = "The doctor said he was captured by advancing rebel forces in Ras Lanuf in March."
    assert _value(nlp, text) == "2011-03"
    doc = nlp(text)
    assert spacy_tense_of(doc)(text.index("March")) == "past"


def test_a_gerund_with_its_own_auxiliary_or_a_future_head_keeps_its_tense(nlp: Any) -> None:
    assert _value(nlp, "The company is planning to reopen the plant in March.") == "2012-03"
    assert _value(nlp, "The company plans to start drilling in March.") == "2012-03"


@pytest.mark.parametrize(("text", "value"), [
    # ANCHOR is a Friday: what is braced for looks ahead, the bracing itself does not
    ("Kenya braced for a general strike by the unions on Monday.", "2011-06-20"),
    ("Kenya braced for a march of thousands in the capital Tuesday.", "2011-06-21"),
    ("Kenya braced on Monday for a general strike by the unions.", "2011-06-13"),
])
def test_what_is_awaited_looks_ahead(nlp: Any, text: str, value: str) -> None:
    """Broke: "braced for a march of millions ... Tuesday" was the Tuesday before."""
    assert _value(nlp, text) == value
