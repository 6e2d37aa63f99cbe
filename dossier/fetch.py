"""Fetching the pages of URL-only records, politely.

Politeness, concretely: one request at a time per host with ``per_host_delay`` seconds
between them; timeouts on every request; retries with exponential back-off on 429, 5xx and
connection errors, honouring a ``Retry-After`` of at most ``max_retry_after`` seconds; a
size cap enforced while the body streams in; an honest User-Agent. Hosts are fetched in
parallel by a few threads, each host by one thread, so the per-host rule holds by design.

Nothing here touches the store: :func:`fetch` returns one :class:`FetchResult` per URL and
the caller decides what to keep. No exception escapes for a URL that fails; its result
says why, in a line a user can read ("timeout after 15 s", "HTTP 404",
"not HTML (application/pdf)").
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

from dossier.errors import InputError
from dossier.ingest.files import decode

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_BYTES", "FetchResult", "default_user_agent", "fetch"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Content types kept as pages; anything else is reported, not stored.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def default_user_agent() -> str:
    """Dossier's User-Agent: who is asking, so a site can tell and say no."""
    try:
        release = version("dossier")
    except PackageNotFoundError:
        release = "dev"
    return f"Dossier/{release} (personal news archive; +https://example.org/dossier)"


@dataclass
class FetchResult:
    """What fetching one URL gave: the page, or the reason there is none."""

    url: str
    ok: bool = False
    final_url: str | None = None  # after redirects
    status: int | None = None
    content_type: str | None = None
    encoding: str | None = None
    text: str | None = None  # the decoded page (HTML or plain text)
    error: str | None = None
    attempts: int = 0

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class _Failed(Exception):
    """A fetch that ended without a page; ``retry`` says whether trying again may help."""

    def __init__(self, reason: str, *, retry: bool = False, wait: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(reason)
        self.retry = retry
        self.wait = wait
        self.status = status


def fetch(
    urls: list[str],
    *,
    timeout: float = 15.0,
    retries: int = 2,
    per_host_delay: float = 1.0,
    backoff: float = 1.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str | None = None,
    max_retry_after: float = 30.0,
    workers: int = 4,
    on_result: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch each URL; return one result per URL, in the order given.

    :param timeout: seconds allowed for connecting, for each read, and for the whole body.
    :param retries: further attempts after a 429, a 5xx or a connection error.
    :param per_host_delay: seconds between two requests to the same host.
    :param backoff: the first retry waits this long, each further one twice as long.
    :param max_bytes: pages larger than this are refused (checked while streaming).
    :param max_retry_after: a longer ``Retry-After`` ends the attempts instead of waiting.
    :param on_result: called with each result as it arrives (for a progress display).
    """
    agent = user_agent or default_user_agent()
    unique = list(dict.fromkeys(urls))
    by_host: dict[str, list[str]] = {}
    results: dict[str, FetchResult] = {}
    for url in unique:
        host = _host(url)
        if host is None:
            results[url] = FetchResult(url, error=f"not a web address: {url[:80]!r}")
            if on_result:
                on_result(results[url])
            continue
        by_host.setdefault(host, []).append(url)

    def run_host(host_urls: list[str]) -> None:
        with httpx.Client(
            headers={
                "User-Agent": agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1",
            },
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
        ) as client:
            for index, url in enumerate(host_urls):
                if index:
                    time.sleep(per_host_delay)
                result = _fetch_one(
                    client, url, timeout=timeout, retries=retries, backoff=backoff,
                    max_bytes=max_bytes, max_retry_after=max_retry_after,
                )
                results[url] = result
                if on_result:
                    on_result(result)

    if by_host:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host)))) as pool:
            for future in [pool.submit(run_host, group) for group in by_host.values()]:
                future.result()
    return [results[url] for url in urls]


def _host(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower()


def _fetch_one(
    client: httpx.Client, url: str, *, timeout: float, retries: int, backoff: float,
    max_bytes: int, max_retry_after: float,
) -> FetchResult:
    result = FetchResult(url)
    for attempt in range(retries + 1):
        result.attempts = attempt + 1
        try:
            _attempt(client, url, result, timeout=timeout, max_bytes=max_bytes)
        except _Failed as failure:
            result.error, result.status = str(failure), failure.status or result.status
            if not failure.retry or attempt == retries:
                break
            wait = backoff * 2**attempt
            if failure.wait is not None:
                if failure.wait > max_retry_after:
                    result.error += f" (asked to retry after {failure.wait:.0f} s; not waiting)"
                    break
                wait = max(wait, failure.wait)
            log.info("retrying %s in %.1f s: %s", url, wait, failure)
            time.sleep(wait)
            continue
        result.ok, result.error = True, None
        break
    if not result.ok:
        result.text = None
        log.info("failed %s: %s", url, result.error)
    return result


def _attempt(
    client: httpx.Client, url: str, result: FetchResult, *, timeout: float, max_bytes: int
) -> None:
    """One GET; fills ``result`` or raises _Failed."""
    started = time.monotonic()
    try:
        with client.stream("GET", url) as response:
            result.status = response.status_code
            result.final_url = str(response.url)
            if response.status_code in RETRY_STATUSES:
                raise _Failed(
                    f"HTTP {response.status_code}", retry=True, status=response.status_code,
                    wait=_retry_after(response.headers.get("Retry-After")),
                )
            if response.status_code >= 400:
                raise _Failed(f"HTTP {response.status_code}", status=response.status_code)
            if response.status_code >= 300:
                raise _Failed(f"HTTP {response.status_code} (redirect without a location)")
            media, charset = _content_type(response.headers.get("Content-Type", ""))
            result.content_type = media
            if media and media not in PAGE_TYPES:
                raise _Failed(f"not HTML ({media})")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _Failed(f"too large ({_mb(int(declared))} > {_mb(max_bytes)} limit)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise _Failed(f"too large (over the {_mb(max_bytes)} limit)")
                if time.monotonic() - started > timeout:
                    raise _Failed(f"timeout after {timeout:g} s", retry=True)
    except httpx.TimeoutException:
        raise _Failed(f"timeout after {timeout:g} s", retry=True) from None
    except httpx.TooManyRedirects:
        raise _Failed("too many redirects") from None
    except httpx.TransportError as error:
        reason = str(error) or type(error).__name__
        raise _Failed(f"connection failed ({reason[:120]})", retry=True) from None
    except httpx.HTTPError as error:  # invalid URL, decoding and other protocol errors
        raise _Failed(f"request failed ({str(error)[:120] or type(error).__name__})") from None
    if not body.strip():
        raise _Failed("empty response")
    result.content_type = result.content_type or ("text/html" if _looks_html(body) else None)
    if result.content_type is None:
        raise _Failed("not HTML (no content type, and the body is not HTML)")
    result.text, result.encoding = _decode(bytes(body), charset, result.content_type)


def _content_type(header: str) -> tuple[str | None, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return (media.strip().lower() or None), charset


def _decode(body: bytes, charset: str | None, content_type: str) -> tuple[str, str]:
    if charset:
        try:
            return body.decode(charset), charset.lower()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header: fall back to what the bytes say
    try:
        return decode(body, html=content_type != "text/plain")
    except InputError as error:
        raise _Failed(str(error)) from None


def _looks_html(body: bytes) -> bool:
    head = bytes(body[:1024]).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - time.time())


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"
