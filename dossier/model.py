"""The records Dossier passes between stages: plain dataclasses, no database types."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Precision of a date, coarsest last. "unknown" means no date could be found,
#: never that one was made up.
PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown")

#: How a published date was found, strongest first.
DATE_METHODS = ("metadata", "record", "dateline", "header", "text", "inferred", "none")


@dataclass
class PublishedDate:
    """An article's publication date at the precision its evidence supports."""

    value: str | None = None  # ISO 8601 at its precision: "2005-11-14", "2008-02", "2018"
    precision: str = "unknown"
    method: str = "none"
    evidence: str | None = None  # the line or metadata field that gave it
    confidence: float = 0.0
    # "2019-11-19/2019-11-20": the stamp prints the first day, its time and zone make it the
    # second in UTC; the page declares one of the two (dossier.dating).
    span: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RawDocument:
    """One input as read from disk, before any cleaning."""

    origin: str  # path, with "#L12" for the 12th line of a JSON Lines file
    content_hash: str  # sha256 of the bytes (or of the JSON line) it came from
    text: str | None = None  # plain text, when the input is text
    html: str | None = None  # raw HTML, when the input is HTML
    url: str | None = None
    title: str | None = None
    date: str | None = None  # a date given by the input's own metadata
    source: str | None = None
    encoding: str | None = None
    # Fields an export keeps beside the article (saved time, tags, read state...).
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class Article:
    """A cleaned article: what the per-article pipeline produces and the store keeps."""

    text: str
    origin: str
    content_hash: str
    text_hash: str
    title: str | None = None
    source: str | None = None
    category: str | None = None
    url: str | None = None
    published: PublishedDate = field(default_factory=PublishedDate)
    words: int = 0
    reading_minutes: int = 0
    language: str | None = None
    # Metadata found in the input (a reading app's record block, HTML meta, a header).
    meta: dict[str, Any] = field(default_factory=dict)
    # Lines the cleaner dropped, with the reason, for `dossier show --removed`.
    removed: list[tuple[str, str]] = field(default_factory=list)
    # "fetched", or "not fetched" for an entry that is only a URL (an export's bookmark).
    status: str = "fetched"
