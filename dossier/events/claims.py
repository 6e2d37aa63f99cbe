"""extract_claims: attributed statements and figures in one article (a pure function).

A claim is a verb of saying (dossier/data/events/cues.toml ``speech_verbs``) with who says it
(its subject: an entity when one is named, else the words: "Western human rights groups"),
what is said (its complement clause, or the quoted words), the figures in it ("187 people
were killed": value 187, unit "people", what "killed"; "more than 700": qualifier "more than")
and the quotes, verbatim. "According to X, ..." is X's claim. Two claims that disagree stay two
claims: nothing here merges them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from dossier.events.extract import (
    _actor,
    _actors_of,
    _agent_actor,
    _Doc,
    _negated,
    _subject,
    date_fields,
)
from dossier.events.lexicon import cues
from dossier.events.model import Claim, Evidence, Figure

_QUALIFIERS = ("more than", "less than", "fewer than", "at least", "at most", "up to", "about",
               "around", "nearly", "almost", "over", "some", "roughly", "approximately",
               "as many as", "as much as", "under", "close to", "well over")
_QUALIFIER = re.compile(r"(?i)\b(" + "|".join(re.escape(q) for q in _QUALIFIERS) + r")\s*$")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozens": 24,
                 "hundreds": 200, "thousands": 2000}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def _number(tokens: list[Any]) -> float | None:
    value: float | None = None
    for token in tokens:
        word = token.lower_.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            value = float(word)
        elif word in _SCALES and value is not None:
            value *= _SCALES[word]
        elif word in _WORD_NUMBERS and value is None:
            value = float(_WORD_NUMBERS[word])
        elif word in _SCALES and value is None:
            value = _SCALES[word]
    return value


def _figures(tokens: list[Any], ctx: _Doc) -> list[Figure]:
    """Numbers with their qualifier, unit and what they count, outside time expressions."""
    spans = [(t.start, t.end) for t in ctx.timexes]
    out: list[Figure] = []
    used: set[int] = set()
    for token in tokens:
        if token.i in used or not token.like_num or any(s <= token.idx < e for s, e in spans):
            continue
        group = [token]
        nxt = token
        while nxt.i + 1 < len(token.doc) and token.doc[nxt.i + 1].lower_ in _SCALES:
            nxt = token.doc[nxt.i + 1]
            group.append(nxt)
        used.update(t.i for t in group)
        if token.i > 0 and token.doc[token.i - 1].lower_ in ("the", "both", "these", "those"):
            continue  # "the two nations": a count of things named, not a figure
        value = _number(group)
        if value is None:
            continue
        last = group[-1]
        unit = None
        head = last.head if last.dep_ in ("nummod", "quantmod", "compound") else None
        if token.i > 0 and token.doc[token.i - 1].text in _CURRENCY:
            unit = _CURRENCY[token.doc[token.i - 1].text]
        elif head is not None and head.pos_ in ("NOUN", "PROPN"):
            unit = head.text
        counted = head if head is not None else last
        what = None
        if counted.dep_ in ("nsubj", "nsubjpass") and counted.head.pos_ == "VERB":
            what = counted.head.text
        elif counted.dep_ in ("dobj", "pobj") and counted.head.pos_ in ("VERB", "ADP"):
            verb = counted.head if counted.head.pos_ == "VERB" else counted.head.head
            what = verb.text if verb.pos_ == "VERB" else None
        before = ctx.text[max(0, token.idx - 20) : token.idx]
        if token.i > 0 and token.doc[token.i - 1].text in _CURRENCY:
            before = ctx.text[max(0, token.idx - 21) : token.idx - 1]
        qualifier = _QUALIFIER.search(before)
        start = token.idx - (1 if unit in _CURRENCY.values() else 0)
        end = (head.idx + len(head.text)) if head is not None and head.i > last.i else (
            last.idx + len(last.text))
        out.append(Figure(ctx.text[start:end], value,
                          qualifier.group(1).lower() if qualifier else None, unit, what))
    return out


def _claim_id(article_id: str | None, start: int) -> str:
    return hashlib.sha1(f"{article_id}|claim|{start}".encode()).hexdigest()[:16]


def _content_tokens(verb: Any) -> list[Any]:
    """The said clause(s): complement clauses of the verb, with their coordinated ones."""
    out: list[Any] = []
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") or (child.dep_ == "dobj" and child.pos_ != "PRON"
                                                and verb.lemma_ in ("deny", "estimate")):
            out.extend(child.subtree)
            for conj in child.conjuncts:
                out.extend(t for t in conj.subtree if t not in out)
    # "... and that 187 people were killed": a clause coordinated with the first complement.
    for child in verb.children:
        if child.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "that"
                                        for g in child.children):
            out.extend(child.subtree)
    return sorted(set(out), key=lambda t: t.i)


def _claims_in(ctx: _Doc, published: dt.date | None) -> list[Claim]:
    speech = cues()["speech_verbs"]
    out: list[Claim] = []
    for sentence in ctx.doc.sents:
        for token in sentence:
            if token.pos_ != "VERB" or token.lemma_.lower() not in speech:
                continue
            content = _content_tokens(token)
            quotes = [m.group(1).strip() for m in _QUOTE.finditer(sentence.text)]
            if not content and not quotes:
                continue
            subject, _ = _subject(token)
            if subject is None:
                continue
            holders = _actors_of(subject, ctx, sentence.start_char)
            holder_mention = holders[0] if holders else _agent_actor(subject)
            holder_text = " ".join(t.text for t in subject.subtree
                                   if t.dep_ not in ("relcl", "acl") and not t.is_punct)
            out.append(_claim(token, sentence, content, quotes, holder_mention, holder_text,
                              ctx, published))
        out.extend(_according_to(sentence, ctx, published))
    return out


def _according_to(sentence: Any, ctx: _Doc, published: dt.date | None) -> list[Claim]:
    out = []
    for token in sentence:
        if token.lower_ != "according" or token.i + 1 >= len(token.doc):
            continue
        to = token.doc[token.i + 1]
        objects = [g for g in to.children if g.dep_ == "pobj"]
        if to.lower_ != "to" or not objects:
            continue
        holder = objects[0]
        skip = {t.i for t in token.subtree} | {t.i for t in to.subtree} | {token.i, to.i}
        content = [t for t in sentence if t.i not in skip]
        holders = _actors_of(holder, ctx, sentence.start_char)
        holder_text = " ".join(t.text for t in holder.subtree if not t.is_punct)
        quotes = [m.group(1).strip() for m in _QUOTE.finditer(sentence.text)]
        out.append(_claim(token, sentence, content, quotes, holders[0] if holders else None,
                          holder_text, ctx, published, verb="according to"))
    return out


def _claim(token: Any, sentence: Any, content: list[Any], quotes: list[str], holder: Any,
           holder_text: str, ctx: _Doc, published: dt.date | None, verb: str | None = None
           ) -> Claim:
    text = ctx.text
    if content:
        body = text[content[0].idx : content[-1].idx + len(content[-1].text)]
        body = re.sub(r"^(?:that|,|\s)+", "", body).strip(" ,")
    else:
        body = " / ".join(quotes)
    own = [t for n, t in enumerate(ctx.timexes)
           if ctx.governor.get(n) == token.i and t.type == "DATE" and t.interval_start]
    if own:
        date, _ = date_fields(own[0].interval_start, own[0].interval_end, own[0].precision)
        precision = own[0].precision
    elif ctx.pub_interval is not None:
        date, _ = date_fields(*ctx.pub_interval, ctx.precision)
        precision = ctx.precision
    else:
        date, precision = None, "unknown"
    start, end = ctx.offset + sentence.start_char, ctx.offset + sentence.end_char
    return Claim(
        id=_claim_id(ctx.article_id, ctx.offset + token.idx),
        holder=_actor(holder, "source") if holder is not None else None,
        holder_text=holder_text,
        verb=verb or token.lemma_.lower(),
        content=body,
        figures=_figures(content, ctx),
        quotes=quotes,
        date=date,
        precision=precision,
        evidence=[Evidence(ctx.article_id, ctx.origin, sentence.text.strip(),
                           published.isoformat() if published else None, start, end)],
        negated=_negated(token),
    )


def extract_claims(
    text: str,
    *,
    published: dt.date | None,
    precision: str,
    article_id: str | None = None,
    origin: str | None = None,
    doc: Any = None,
) -> list[Claim]:
    """The attributed statements and figures of one article; [] for a non-English text."""
    from dossier.events import analyse  # one parse loop for events, claims and entities

    return analyse(text, published=published, precision=precision, article_id=article_id,
                   origin=origin, doc=doc).claims
