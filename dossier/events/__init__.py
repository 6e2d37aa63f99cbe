"""Events, memberships and claims of one article (pure functions, no database).

``analyse(text, published=..., precision=...)`` parses once and returns the entities, events
and claims; ``extract_events`` and ``extract_claims`` do one part each. A text that is not
English gives nothing (``Analysis.language_supported`` is False): the caller marks the article
"language not supported for events".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.events.claims import _claims_in, extract_claims
from dossier.events.extract import _events_in, extract_events, is_english, parsed_pieces, prepare
from dossier.events.model import Actor, Analysis, Claim, Event, Evidence, Figure

__all__ = ["Actor", "Analysis", "Claim", "Event", "Evidence", "Figure", "analyse",
           "extract_claims", "extract_events"]


def analyse(
    text: str,
    *,
    published: dt.date | None,
    precision: str,
    article_id: str | None = None,
    origin: str | None = None,
    doc: Any = None,
) -> Analysis:
    """Entities, events and claims of one article from one parse (the per-article stage)."""
    if not is_english(text):
        return Analysis(language_supported=False)
    if published is None:
        precision = "unknown"
    result = Analysis()
    for offset, piece in parsed_pieces(text, doc):
        ctx = prepare(piece, offset, published, precision, article_id, origin)
        for mention in ctx.mentions:
            mention.start += offset
            mention.end += offset
        result.entities.extend(ctx.mentions)
        result.events.extend(_events_in(ctx, text))
        result.claims.extend(_claims_in(ctx, published))
    return result
