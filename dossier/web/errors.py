"""One error shape: ``{"ok": false, "status": 404, "error": "..."}`` for the API (with
``errors`` holding details when there are any), a real error page for the HTML pages."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from dossier.errors import DossierError, InputError, NotFound, StoreError
from dossier.settings import limit_hint
from dossier.web.render import ENV
from dossier.web.responses import DossierJSON

_TITLES = {400: "Bad request", 401: "Token needed", 403: "Refused", 404: "Not found",
           413: "Too large", 422: "Cannot read the request", 500: "Something went wrong",
           501: "Not available yet"}


def wants_json(scope: Scope) -> bool:
    """API paths, and scripts that ask for JSON, get JSON errors; browsers get a page."""
    if scope.get("path", "").startswith("/api"):
        return True
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    scope: Scope, status: int, message: str, errors: list[Any] | None = None
) -> Response:
    """The error as JSON (API) or as a page (everything else)."""
    if wants_json(scope):
        body: dict[str, Any] = {"ok": False, "status": status, "error": message}
        if errors:
            body["errors"] = errors
        return DossierJSON(body, status_code=status)
    state = getattr(scope.get("app"), "state", None)
    html = ENV.get_template("error.html").render(
        status=status, heading=_TITLES.get(status, "Error"), message=message,
        csrf=getattr(state, "csrf_token", ""), nav=None, title=_TITLES.get(status, "Error"),
    )
    return Response(html, status_code=status, media_type="text/html")


async def respond(scope: Scope, status: int, message: str) -> Response:
    """The middleware's way to refuse a request in the same shape."""
    return error_response(scope, status, message)


def _where(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location]
    if parts and parts[0] in ("query", "path", "body", "header", "cookie"):
        kind, rest = parts[0], parts[1:]
        name = ".".join(rest) or "request body"
        return name if kind == "body" else f"{name} ({kind} parameter)"
    return ".".join(parts) or "request"


# Parameters whose upper bound is a setting: a value over it says how to raise it.
_BOUND_BY = {("query", "limit"): "max_page_size"}


def readable(error: RequestValidationError) -> str:
    """Validation errors as one sentence: "limit (query parameter): Input should be..."."""
    messages = []
    for item in error.errors():
        location = tuple(item.get("loc", ()))
        where, text = _where(location), item.get("msg", "invalid")
        if item.get("type") == "json_invalid":
            reason = item.get("ctx", {}).get("error", "cannot be parsed")
            where = "request body"
            text = f"malformed JSON ({reason}, at character {location[-1]})"
        setting = _BOUND_BY.get(location)
        if setting and item.get("type") == "less_than_equal":
            text = f"{text} {limit_hint(setting)}"
        messages.append(f"{where}: {text}")
    return "; ".join(messages) or "the request is not valid"


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into the one shape."""

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_response(request.scope, 404, str(error))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError) -> Response:
        return error_response(request.scope, 400, str(error))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        return error_response(request.scope, 500, str(error))

    @app.exception_handler(DossierError)
    async def dossier_error(request: Request, error: DossierError) -> Response:
        return error_response(request.scope, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        details = json.loads(json.dumps(error.errors(), default=str))
        return error_response(request.scope, 422, readable(error), details)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = f"nothing here: {request.url.path}"
        response = error_response(request.scope, error.status_code, message)
        if error.headers:
            response.headers.update(error.headers)
        return response
