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

from dossier.errors import InputError
from dossier.resources import load_lines
from dossier.settings import Settings, limit_hint

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


def _groups(query: str) -> list[list[tuple[str, bool]]]:
    """The query as OR-groups of (term, is_phrase) that must all match, each group once:
    the same group typed again (any case, any order within it) is the same condition."""
    groups: list[list[tuple[str, bool]]] = []
    pending_or = False
    for term, phrase in terms(query):
        if term == "OR":
            pending_or = bool(groups)
        elif pending_or:
            groups[-1].append((term, phrase))
            pending_or = False
        else:
            groups.append([(term, phrase)])
    unique: dict[frozenset[str], list[tuple[str, bool]]] = {}
    for group in groups:
        unique.setdefault(frozenset(term.casefold() for term, _ in group), group)
    return list(unique.values())


def fts5_match(query: str) -> str | None:
    """An FTS5 MATCH expression for ``query``, or None when it has no searchable term."""
    parts = []
    for group in _groups(query):
        quoted = " OR ".join('"' + term.replace('"', "") + '"' for term, _ in group)
        parts.append(f"({quoted})" if len(group) > 1 else quoted)
    return " AND ".join(parts) or None


def websearch_match(query: str) -> str | None:
    """The same query for PostgreSQL's ``websearch_to_tsquery`` (quotes and "or")."""
    parts = [" or ".join(f'"{term}"' if phrase else term for term, phrase in group)
             for group in _groups(query)]
    return " ".join(parts) or None


def check_query(query: str, settings: Settings) -> None:
    """Refuse a query longer than ``max_query_chars`` or with more distinct words than
    ``max_query_terms``: each term is another pass over the index."""
    if len(query) > settings.max_query_chars:
        raise InputError(
            f"the query is {len(query)} characters long; at most "
            f"{settings.max_query_chars} are searched {limit_hint('max_query_chars')}")
    count = sum(len(term.split()) for group in _groups(query) for term, _ in group)
    if count > settings.max_query_terms:
        raise InputError(
            f"the query has {count} different words; at most {settings.max_query_terms} "
            f"are searched {limit_hint('max_query_terms')}")


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
