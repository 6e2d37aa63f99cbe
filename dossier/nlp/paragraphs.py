"""No sentence crosses a blank line: a spaCy component, run before the parser, that starts
a sentence after every paragraph break and keeps a closing quote before the break with the
sentence it closes. Without it the parser, which sees a blank line as little more than a
space, began sentences with the previous paragraph's closing quote ('"\\n\\nUzbek officials
...') or ran a headline into the first sentence of the text; the parser keeps the boundaries
set before it."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

NAME = "dossier_paragraphs"
_CLOSERS = {'"', "”", "’", "'", "»", ")", "]"}


@Language.component(NAME)
def paragraph_breaks(doc: Any) -> Any:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
            token.is_sent_start = False
            before = token.i - 1
            while before > 0 and doc[before].text in _CLOSERS:
                doc[before].is_sent_start = False  # '"' closes the sentence before the break
                before -= 1
    return doc


def add_to(nlp: Any) -> None:
    """Put the component before the parser (once)."""
    if NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
