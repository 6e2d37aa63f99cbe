"""The tense of the clause an expression sits in: "past", "present", "future" or None.

Two sources: ``spacy_tense_of(doc)`` reads spaCy's tagger and parse; ``cheap_tense`` looks at the
nearest tense cue word (tense.json) around the expression, nearest first, left before right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dossier.timex.lexicon import tense_words

TenseOf = Callable[[int], str | None]

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'ll")
_WINDOW = 14  # words looked at on each side


def _cue(words: list[str], index: int) -> str | None:
    """The tense words[index] signals, if any. A participle after "be" ("must be returned")
    is not a past tense: the modal before it decides."""
    cues = tense_words()
    raw = words[index]
    w = raw.lower()
    if w == "may" and raw != "may":
        return None  # the month
    if w in cues["future"]:
        return "future"
    if w in cues["past"] or w in cues["time_past"]:
        return "past"
    if w in cues["present"]:
        return "present"
    if len(w) > 4 and w.endswith("ed") and w not in cues["ed_not_past"]:
        if index > 0 and words[index - 1].lower() in cues["passive_aux"]:
            return None
        return "past"
    return None


def cheap_tense(sentence: str, start: int, end: int) -> str | None:
    """Tense for the expression at sentence[start:end] from the nearest cue word.

    Handles: "Putin met ... on Friday" (past, cue 9 words left), "a pipeline that opens on
    Saturday" (present), "is scheduled to attend ... next week" (future), "said Friday that he
    would" (past: the adjacent verb wins), "must be returned by Jan. 14" (future). Time words
    ("ago", "last") only count when no verb cue is found.
    """
    left = [m.group(0) for m in _WORD.finditer(sentence, 0, start)][-_WINDOW:]
    right = [m.group(0) for m in _WORD.finditer(sentence, end)][:_WINDOW]
    if sentence[end:end + 2] in ("'s", "’s") and not any(
        _cue(right, i) == "future" for i in range(min(4, len(right)))
    ):
        return "past"  # "Monday's talks", "Wednesday's ruling": a reported event
    time_past = tense_words()["time_past"]
    fallback = None
    for distance in range(_WINDOW):
        for words, index in ((left, len(left) - 1 - distance), (right, distance)):
            if 0 <= index < len(words):
                tense = _cue(words, index)
                if tense is None:
                    continue
                if words[index].lower() in time_past:
                    fallback = fallback or tense
                    continue
                return tense
    return fallback


def spacy_tense_of(doc: Any) -> TenseOf:
    """A ``tense_of(offset)`` callable reading a spaCy ``Doc`` made from the same text.

    Walks from the token at the offset up to its governing verb: an auxiliary "will"/"shall"/
    "'ll" or a "scheduled/expected/due/planned to" head makes it future, a VBD/VBN-with-have
    verb past, a VBZ/VBP/VBG present. A gerund or participle with no auxiliary of its own has
    no tense: the finite verb it hangs from decides ("was captured by advancing forces in
    March" is past, whatever "advancing" says). An expression inside the "for" phrase of a
    verb of awaiting dates what is awaited, ahead of the waiting: "Egypt braced for a march
    of millions Tuesday" told on Monday is the coming Tuesday ("braced Monday for a march"
    hangs from the verb itself and keeps its past).
    """
    future_heads = {"schedule", "expect", "plan", "due", "intend", "set", "aim", "hope"}
    awaiting = tense_words()["anticipation_verbs"]

    def tense_of(offset: int) -> str | None:
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        token = span[0]
        below = None  # the word the walk came up from
        for _ in range(6):
            if token.pos_ in ("VERB", "AUX"):
                break
            if token.head is token:
                return None
            below, token = token, token.head
        else:
            return None
        if below is not None and below.dep_ == "prep" and below.lower_ == "for" and \
                token.lemma_.lower() in awaiting:
            return "future"
        token = _finite(token)
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in ("will", "'ll", "shall", "wo", "would") for a in auxes):
            return "future"
        head = token.head
        if token.dep_ == "xcomp" and head.lemma_ in future_heads:
            return "future"
        if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
            return "past"
        if token.tag_ in ("VBZ", "VBP", "VBG") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        return None

    return tense_of


def _finite(token: Any) -> Any:
    """The verb whose tense a verb's expressions take: itself, unless it is a gerund or
    present participle with no auxiliary ("advancing", "fleeing") hanging from another verb
    of its sentence; then that verb (followed up a few steps)."""
    for _ in range(4):
        if token.tag_ != "VBG" or token.dep_ == "ROOT" or any(
                c.dep_ in ("aux", "auxpass") for c in token.children):
            return token
        head = token.head
        while head.pos_ not in ("VERB", "AUX") and head.head is not head:
            head = head.head
        if head.pos_ not in ("VERB", "AUX") or head is token:
            return token
        token = head
    return token
