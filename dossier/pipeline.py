"""The per-article pipeline: a pure function from a raw input to an Article.

No database, no network: the same input and settings always give the same Article, so
the pipeline can run alone in a test, or mapped over partitions by a distributed engine.

Stages, in order:
0. ``sanitise``  control characters out of every field (one rule for every input format).
1. ``extract``   HTML → text, title, metadata (trafilatura; htmldate for the date).
2. ``clean``     flattened text → article text, header and record metadata (dossier.clean).
3. ``metadata``  title, source, URL and the published date, strongest evidence first.
4. ``measure``   words, reading time, language, hashes.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from dataclasses import replace
from typing import Any

from dossier.clean import Cleaned, clean_text
from dossier.clean.normalise import strip_controls
from dossier.clean.repeats import paragraph_key
from dossier.dating import date_page, given_date
from dossier.errors import InputError
from dossier.model import Article, PublishedDate, RawDocument
from dossier.pagedates import declared_published
from dossier.settings import Settings, default_settings

log = logging.getLogger(__name__)

STAGES = ("sanitise", "extract", "clean", "metadata", "measure")


def analyse(raw: RawDocument, settings: Settings | None = None) -> Article:
    """Turn one raw input into a cleaned Article; raises InputError if it is not an article."""
    settings = settings or default_settings()
    raw = sanitise(raw)
    if raw.text is None and raw.html is None:
        return bookmark(raw)
    html_meta: dict[str, Any] = {}
    if raw.html is not None:
        text, html_meta = extract_html(raw.html, url=raw.url)
    else:
        text = raw.text or ""
    cleaned = clean_text(text, title=raw.title or html_meta.get("title"),
                         url=raw.url or html_meta.get("url"))
    words = len(cleaned.text.split())
    if words < settings.min_words:
        raise InputError(f"{raw.origin}: no article text found ({words} words after cleaning)")
    article = Article(
        text=cleaned.text,
        origin=raw.origin,
        content_hash=raw.content_hash,
        text_hash=text_hash(cleaned.text),
        words=words,
        reading_minutes=max(1, math.ceil(words / settings.words_per_minute)),
        language=guess_language(cleaned.text),
        removed=cleaned.removed,
    )
    _fill_metadata(article, raw, cleaned, html_meta)
    return article


def sanitise(raw: RawDocument) -> RawDocument:
    """The input with control characters (a NUL in a JSON string, a stray byte in a page)
    dropped from every string it carries: text, HTML, URL, title, date, source and the
    export's own fields. Whatever the format, such a character is not text; the bytes'
    hash (``content_hash``) is kept, so the same input is still known as a duplicate."""
    return replace(
        raw,
        **{name: _without_controls(getattr(raw, name))
           for name in ("origin", "text", "html", "url", "title", "date", "source")},
        extras=_without_controls(raw.extras),
    )


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_controls(v) for v in value]
    return value


def bookmark(raw: RawDocument) -> Article:
    """A record for an entry that is only a URL (an export's saved link): marked "not
    fetched" until ``dossier fetch`` brings its page."""
    if not raw.url:
        raise InputError(f"{raw.origin}: no text, html or url")
    published = PublishedDate()
    if (reading := given_date(raw)) is not None:
        published = PublishedDate(reading.value, reading.precision, "metadata",
                                  f"date given with the input: {raw.date}", 0.95)
    return Article(
        text="",
        origin=raw.origin,
        content_hash=raw.content_hash,
        text_hash=hashlib.sha256(f"url:{raw.url}".encode()).hexdigest(),
        title=raw.title or raw.url,
        source=raw.source,
        url=raw.url,
        published=published,
        meta={"import": raw.extras} if raw.extras else {},
        status="not fetched",
    )


def extract_html(html: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page (trafilatura), with its date (htmldate)."""
    import trafilatura
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as error:  # trafilatura raises assorted lxml errors on broken pages
        raise InputError(f"unreadable HTML: {error}") from error
    if document is None:
        raise InputError("no article text found in the HTML")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    meta: dict[str, Any] = {
        key: data.get(key)
        for key in ("title", "author", "url", "hostname", "sitename", "description", "categories")
        if data.get(key)
    }
    if date := find_html_date(html, url, extensive=False):
        meta["date"] = date
    elif declared := declared_published(html):
        # htmldate skips a datePublished in a format it does not parse ("Tue, Sep 15 2020
        # 10:01:41 EDT"); the page's own declaration beats its extensive search of the text.
        meta["date"] = declared.day.isoformat()
        meta["date_source"] = f"{declared.source}: {declared.raw}"
    return data.get("text") or "", meta


def find_html_date(html: str, url: str | None, *, extensive: bool) -> str | None:
    """htmldate's original publication date; ``extensive`` also searches the page text."""
    from htmldate import find_date

    try:
        return find_date(html, url=url, extensive_search=extensive, original_date=True)
    except Exception:  # htmldate is best-effort; a failure only means no date from it
        return None


def text_hash(text: str) -> str:
    """A hash of the text's words: the same article in two formats hashes the same."""
    return hashlib.sha256(paragraph_key(text).encode()).hexdigest()


_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"])")


def lead_title(text: str, max_words: int = 14) -> str:
    """A title from the lead sentence: at most ``max_words`` words, marked when cut."""
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    words = first.split()
    if len(words) <= max_words:
        return first.rstrip(".")
    return " ".join(words[:max_words]).rstrip(",;:") + "…"


_EN_STOP = re.compile(r"\b(the|of|and|to|in|a|is|that|for|on|was|with|by|as|said)\b", re.I)


def guess_language(text: str) -> str:
    """"en" when English function words are frequent, else "und" (undetermined)."""
    sample = text[:5000]
    words = max(1, len(sample.split()))
    return "en" if len(_EN_STOP.findall(sample)) / words > 0.12 else "und"


def _fill_metadata(
    article: Article, raw: RawDocument, cleaned: Cleaned, html_meta: dict[str, Any]
) -> None:
    header, record = cleaned.header, cleaned.record
    article.title = raw.title or html_meta.get("title") or header.title
    if not article.title:
        # No headline anywhere (seed 002 and 004 start with the body): the lead
        # sentence, shortened, names the article in lists; the record says so.
        article.title = lead_title(article.text)
        article.meta["title_from"] = "lead sentence"
    article.url = raw.url or html_meta.get("url") or record.get("url")
    article.category = record.get("category")
    article.source = (
        raw.source
        or header.source
        or html_meta.get("sitename")
        or header.site
        or record.get("category")
    )
    article.published, article.meta["date_why"] = date_page(raw, cleaned, html_meta)
    if raw.extras:
        article.meta["import"] = raw.extras
    article.meta |= {
        key: value
        for key, value in {
            "record": record or None,
            "html": html_meta or None,
            "dateline": header.dateline,
            "place": header.place,
            "byline": header.byline or html_meta.get("author"),
            "site": header.site,
            "publication": header.publication or None,
            "encoding": raw.encoding,
        }.items()
        if value
    }


def published_date(raw: RawDocument, cleaned: Cleaned, html_meta: dict[str, Any]) -> PublishedDate:
    """The publication date (``dossier.dating`` weighs the evidence)."""
    from dossier.dating import date_page

    return date_page(raw, cleaned, html_meta)[0]
