"""Safe by default: loopback detection, write tokens, cross-site checks, body limits and
security headers, as one ASGI middleware around the app."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dossier.settings import limit_hint

TOKEN_COOKIE = "dossier_token"
_TOKEN_NEEDED = ("this server needs its token: send 'Authorization: Bearer <token>' or open "
                 "/?token=<token> once in the browser")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        b"form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def is_loopback(host: str) -> bool:
    """True for hosts only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str:
    """The name in a Host header or an origin's netloc, lower-case, without its port or
    IPv6 brackets ("[::1]:8000" -> "::1"); "" when it cannot be read."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, _ = value[1:].partition("]")
        return name if bracket else ""
    return value.partition(":")[0] if value.count(":") <= 1 else value


def allowed_host(value: str, listening: str) -> bool:
    """Whether a Host header names this server: a loopback name, or the host it listens
    on. Any other name is a page whose DNS points at us (DNS rebinding), whatever port."""
    name = host_name(value)
    return bool(name) and (is_loopback(name) or name == host_name(listening))


def same_token(given: str | None, expected: str) -> bool:
    """Compare tokens in constant time."""
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


class UploadTooLarge(HTTPException):
    """A request body over the size limit (raised while the body is read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the upload is too large: the limit is {_size(limit)} "
                              f"{limit_hint('max_upload_mb')}")


def _size(count: int) -> str:
    """A byte count as people say it: "20 MB", "2 KB"."""
    if count >= 2**20:
        return f"{count / 2**20:.3g} MB"
    return f"{round(count / 1024)} KB"


@dataclass(frozen=True)
class Guard:
    """What the middleware enforces: the host it answers as, a write token (or none) and a
    body size limit."""

    token: str | None
    max_body: int
    host: str = "127.0.0.1"

    @property
    def private_reads(self) -> bool:
        """Off loopback other machines can reach us: reads need the token as writes do."""
        return bool(self.token) and not is_loopback(self.host)


ErrorResponder = Callable[[Scope, int, str], Awaitable[Any]]


class SafetyMiddleware:
    """Checks every write (token, same origin, size) and adds security headers."""

    def __init__(self, app: ASGIApp, guard: Guard, respond: ErrorResponder) -> None:
        self.app = app
        self.guard = guard
        self.respond = respond  # builds the error response (JSON or HTML) for a scope

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(scope)
        if refusal:
            response = await self.respond(scope, *refusal)
            await response(scope, receive, send_with_headers)
            return
        if scope["method"] in WRITE_METHODS:
            receive = self._limited(receive)
        try:
            await self.app(scope, receive, send_with_headers)
        except UploadTooLarge as error:  # raised outside a route's own error handling
            if started:
                raise
            response = await self.respond(scope, 413, error.detail)
            await response(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        """Why to refuse a request (status, message), or None to let it through."""
        headers = _headers(scope)
        if not allowed_host(headers.get("host", ""), self.guard.host):
            return 400, self._wrong_host(headers.get("host", ""))
        if scope["method"] in WRITE_METHODS:
            return self._write_refusal(scope, headers)
        if self.guard.private_reads and not _open_read(scope) and not self._authorised(headers):
            return 401, _TOKEN_NEEDED
        return None

    def _wrong_host(self, host: str) -> str:
        names = "127.0.0.1, localhost or ::1"
        if not is_loopback(self.guard.host):
            names += f" or {host_name(self.guard.host)} (its --host)"
        return f"this server answers to {names}, not to the host name {host!r}"

    def _write_refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if _cross_site(scope, headers, self.guard.host):
            return 403, "cross-site writes are refused"
        if self.guard.token and not self._authorised(headers):
            return 401, _TOKEN_NEEDED
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > self.guard.max_body:
            return 413, UploadTooLarge(self.guard.max_body).detail
        return None

    def _authorised(self, headers: dict[str, str]) -> bool:
        expected = self.guard.token or ""
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and same_token(value.strip(), expected):
            return True
        return same_token(_cookies(headers).get(TOKEN_COOKIE), expected)

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.guard.max_body

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise UploadTooLarge(limit)
            return message

        return counted


def _open_read(scope: Scope) -> bool:
    """Reads that need no token: static assets (the error page's style) and the page that
    takes the token, ``/?token=...``, which checks it itself."""
    path = scope["path"]
    if path.startswith("/static/"):
        return True
    return path == "/" and "token" in parse_qs(scope.get("query_string", b"").decode("latin-1"))


def _cross_site(scope: Scope, headers: dict[str, str], listening: str) -> bool:
    """A write sent by another site's page (forms there cannot carry our tokens, but could
    still reach a loopback server), or from an origin that is not one of our host names."""
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = headers.get("origin")
    if origin == "null":
        # Chromium sends "null" for our own form posts under Referrer-Policy no-referrer;
        # those carry the CSRF token. The API has no such token, so it refuses "null".
        return scope["path"].startswith("/api")
    if not origin:
        return False
    netloc = urlsplit(origin).netloc
    return netloc != headers.get("host") or not allowed_host(netloc, listening)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    cookies = {}
    for part in headers.get("cookie", "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            cookies[name] = value
    return cookies
