"""What a user types, made safe for the database's full-text syntax.

Any string is accepted: FTS5's operators and punctuation ("NEAR(", "*", "^", unbalanced
quotes, column filters) never reach the engine raw. Words become quoted terms (all must
match), "double-quoted phrases" stay phrases, and an upper-case OR between two terms is
kept as OR, since people type it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from dossier.resources import load_lines

_PHRASE_OR_WORD = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[tuple[str, bool]]:
    """(term, is_phrase) pairs of a query; "OR" comes through as the term "OR"."""
    found: list[tuple[str, bool]] = []
    for match in _PHRASE_OR_WORD.finditer(query):
        if match.group(1) is not None:
            words = _WORD.findall(match.group(1))
            if words:
                found.append((" ".join(words), len(words) > 1))
        else:
            found.append((match.group(2), False))
    return found


def fts5_match(query: str) -> str | None:
    """An FTS5 MATCH expression for ``query``, or None when it has no searchable term."""
    parts: list[str] = []
    pending_or = False
    for term, _ in terms(query):
        if term == "OR":
            pending_or = bool(parts)
            continue
        quoted = '"' + term.replace('"', "") + '"'
        if pending_or:
            parts[-1] = f"{parts[-1]} OR {quoted}"
            pending_or = False
        else:
            parts.append(quoted)
    if not parts:
        return None
    return " AND ".join(f"({p})" if " OR " in p else p for p in parts)


def websearch_match(query: str) -> str | None:
    """The same query for PostgreSQL's ``websearch_to_tsquery`` (quotes and "or")."""
    parts = []
    for term, phrase in terms(query):
        parts.append("or" if term == "OR" else (f'"{term}"' if phrase else term))
    return " ".join(parts) or None


@cache
def _stop_words() -> frozenset[str]:
    # spaCy's English stop words, shipped as data for the cleaner; a keyword is never one.
    return frozenset(load_lines("clean/stopwords/en.txt")) | {"said", "says"}


def keywords(text: str, limit: int = 12) -> list[str]:
    """The most frequent content words of a text (its title and opening), for a lexical
    query that finds similar articles."""
    stop = _stop_words()
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in stop
             and not w.isdigit()]
    return [word for word, _ in Counter(words).most_common(limit)]
