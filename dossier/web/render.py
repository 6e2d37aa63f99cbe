"""Templates and the small filters they use. Everything is escaped; only ``<mark>`` in
search snippets is let through, rebuilt by us rather than passed on."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MARK = re.compile(r"(</?mark>)", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def published_label(published: dict[str, Any] | None) -> str:
    """A published date at its precision: "7 Oct 2023", "Oct 2023", "2023", "date unknown"."""
    value = (published or {}).get("value")
    if not value:
        return "date unknown"
    precision = (published or {}).get("precision")
    try:
        if precision == "day":
            day = date.fromisoformat(value[:10])
            return f"{day.day} {day:%b %Y}"
        if precision == "month":
            return datetime.strptime(value[:7], "%Y-%m").strftime("%b %Y")
    except ValueError:
        pass
    return str(value)


def timestamp(value: str | None) -> str:
    """An ISO timestamp as "8 Oct 2023, 08:32"."""
    if not value:
        return "never"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def paragraphs(text: str | None) -> list[str]:
    """The clean text as paragraphs: blank-line separated, else one per line."""
    text = (text or "").strip()
    if not text:
        return []
    parts = _PARAGRAPH_BREAK.split(text) if _PARAGRAPH_BREAK.search(text) else text.split("\n")
    return [" ".join(line.strip() for line in part.splitlines()) for part in parts if part.strip()]


def highlight(snippet: str | None) -> Markup:
    """A search snippet with its ``<mark>`` highlights kept and everything else escaped."""
    out: list[str] = []
    open_mark = False
    for piece in _MARK.split(snippet or ""):
        tag = piece.lower()
        if tag == "<mark>" and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif tag == "</mark>" and open_mark:
            out.append("</mark>")
            open_mark = False
        elif tag not in ("<mark>", "</mark>"):
            out.append(str(escape(piece)))
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))


def plural(n: int, word: str) -> str:
    """``3 words``, ``1 word``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        published=published_label, timestamp=timestamp, paragraphs=paragraphs,
        highlight=highlight, plural=plural,
    )
    return env


ENV = _environment()


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template into an HTML response, with what every page needs."""
    state = request.app.state
    context.setdefault("title", None)
    html = ENV.get_template(name).render(
        request=request, csrf=state.csrf_token, nav=context.pop("nav", None), **context
    )
    return HTMLResponse(html, status_code=status_code)
