"""Feed files: RSS 2.0, RSS 1.0 (RDF) and Atom, saved to disk.

Each item or entry is one article: its full content when the feed carries it
(``content:encoded``, Atom ``content``), else its link, to fetch later, with the summary kept.
The XML is parsed by lxml with entities unresolved, no DTD loaded and no network; a
document declaring its own DTD (the carrier of entity-expansion attacks) is refused.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from dossier.ingest.files import read_bytes, sha256
from dossier.ingest.importers.common import (
    ImportedDocument,
    clean_extras,
    published_date,
    url_document,
    web_url,
)
from dossier.ingest.readers import Failure
from dossier.model import RawDocument
from dossier.settings import Settings

# A DOCTYPE with an internal subset ("<!DOCTYPE rss [ ... ]>") is where entities are declared.
_INTERNAL_DTD = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.I)

#: Below this many words a description is a teaser, not the article: the link is fetched.
SUMMARY_WORDS = 80


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
    )


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _text(element: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            value = "".join(child.itertext()).strip()
            if value:
                return value
    return None


def read_feed(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """An RSS or Atom feed file: one document per item."""
    data = read_bytes(path, settings.max_file_bytes)
    yield from parse_feed(data, str(path))


def parse_feed(data: bytes, origin: str) -> Iterator[ImportedDocument | Failure]:
    """Items of a feed given as bytes (the XML declaration names the encoding)."""
    if _INTERNAL_DTD.search(data[:65536]):
        yield Failure(origin, f"{origin}: refused: the XML declares its own DTD (entities)")
        return
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        message = (error.msg or "syntax error").split(", line ")[0]
        yield Failure(f"{origin}#L{line}", f"line {line}: malformed XML ({message})")
        return
    if root is None:
        yield Failure(origin, f"{origin}: empty XML document")
        return
    if root.getroottree().docinfo.internalDTD is not None:  # a DTD after 64 KB of prolog
        yield Failure(origin, f"{origin}: refused: the XML declares its own DTD (entities)")
        return
    kind = _local(root)
    if kind == "feed":
        channel, items = root, _children(root, "entry")
    elif kind == "rss":
        channel = next(iter(_children(root, "channel")), root)
        items = _children(channel, "item")
    elif kind == "rdf":
        channel = next(iter(_children(root, "channel")), root)
        items = _children(root, "item")
    else:
        yield Failure(origin, f"{origin}: not a feed (root element <{kind}>, expected <rss>, "
                      "<feed> or <rdf:RDF>)")
        return
    source = _text(channel, "title")
    if not items:
        yield Failure(origin, f"{origin}: a feed with no items")
        return
    for item in items:
        line = item.sourceline or 1
        result = _item(item, f"{origin}#L{line}", source, atom=kind == "feed")
        if isinstance(result, str):
            yield Failure(f"{origin}#L{line}", f"line {line}: {result}")
        else:
            yield result


def _item(
    item: etree._Element, origin: str, source: str | None, *, atom: bool
) -> ImportedDocument | str:
    title = _text(item, "title")
    url = _atom_link(item) if atom else None
    url = url or web_url(_text(item, "link")) or _permalink(item)
    date = published_date(_text(item, "published", "pubdate", "date", "issued", "updated"))
    full, summary = _content(item)
    extras = clean_extras({
        "export": "feed",
        "author": _text(item, "creator", "author") if not atom else _atom_author(item),
        "tags": [t for t in (_category(c) for c in _children(item, "category")) if t],
        "guid": _text(item, "guid", "id"),
    })
    body = full or summary
    if body is None:
        if url is None:
            return "no link and no content"
        return url_document(origin, url, title=title, date=date, source=source, extras=extras)
    is_html, value = body
    words = len(html_lib.unescape(value).split())
    if full is None and url is not None and words < SUMMARY_WORDS:
        extras["summary"] = value
        return url_document(origin, url, title=title, date=date, source=source, extras=extras)
    return ImportedDocument(
        origin=origin,
        content_hash=sha256(value.encode()),
        text=None if is_html else value,
        html=value if is_html else None,
        url=url,
        title=title,
        date=date,
        source=source,
        encoding="utf-8",
        extras=extras,
    )


def _content(item: etree._Element) -> tuple[tuple[bool, str] | None, tuple[bool, str] | None]:
    """(full content, summary), each as (is HTML, value)."""
    full = None
    for element in _children(item, "encoded", "content"):
        if (value := _element_body(element)) is not None:
            full = value
            break
    summary = None
    for element in _children(item, "description", "summary"):
        if (value := _element_body(element)) is not None:
            summary = value
            break
    return full, summary


def _element_body(element: etree._Element) -> tuple[bool, str] | None:
    kind = (element.get("type") or "html").lower()
    if kind == "xhtml":
        value = "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in element
        )
        return (True, value) if value.strip() else None
    value = "".join(element.itertext()).strip()
    if not value:
        return None
    return (kind not in ("text", "text/plain"), value)


def _atom_link(item: etree._Element) -> str | None:
    links = _children(item, "link")
    for link in links:
        if (link.get("rel") or "alternate") == "alternate" and (url := web_url(link.get("href"))):
            return url
    return None


def _permalink(item: etree._Element) -> str | None:
    for guid in _children(item, "guid"):
        if (guid.get("isPermaLink") or "true").lower() == "true":
            return web_url((guid.text or "").strip())
    return None


def _atom_author(item: etree._Element) -> str | None:
    for author in _children(item, "author"):
        if name := _text(author, "name"):
            return name
    return None


def _category(element: etree._Element) -> str | None:
    value = element.get("term") or element.text
    return value.strip() if value and value.strip() else None
