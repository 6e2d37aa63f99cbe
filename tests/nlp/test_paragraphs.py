"""No sentence crosses a blank line, and a closing quote stays with the sentence it ends."""

from __future__ import annotations

from typing import Any

from dossier.events import extract_events
from dossier.nlp.pipeline import parse


def test_a_blank_line_ends_a_sentence(nlp: Any) -> None:
    text = ('A diplomat said the door "remains open" under the treaty the two countries '
            'signed in 1992."\n\nUzbek officials have complained for months.\n\n'
            "A Headline Without a Full Stop\n\nThe minister spoke on Monday. He left.")
    sentences = [s.text.strip() for s in parse(text).sents]
    assert sentences == [
        'A diplomat said the door "remains open" under the treaty the two countries '
        'signed in 1992."',
        "Uzbek officials have complained for months.",
        "A Headline Without a Full Stop",
        "The minister spoke on Monday.", "He left."]


def test_evidence_starts_with_its_own_sentence(nlp: Any) -> None:
    text = ('Armenia said it would "think again."\n\nKazakhstan accused Russia of '
            "meddling in the talks.")
    found = extract_events(text, published=None, precision="unknown", article_id="a")
    [accuse] = [e for e in found if e.type == "ACCUSE"]
    assert accuse.to_dict()["evidence"][0]["sentence"] == (
        "Kazakhstan accused Russia of meddling in the talks.")
