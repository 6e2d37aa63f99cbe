"""Timeline renderers: what article text can and cannot do in each output."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dossier.formats import RENDERERS, markdown_escape

HOSTILE = ('<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)> '
           '![t](http://tracker.example/p.gif) <javascript:alert(4)> \\[x\\](javascript:alert(5))')


def _page(text: str) -> dict[str, Any]:
    source = {"article": "5f0c2a4e-8d1b", "source": text, "published": "2019-03-14",
              "sentence": text}
    entry = {"id": "e1", "date": "2019-03-14", "date_end": None, "precision": "day",
             "type": "AGREE", "modality": "occurred", "summary": text, "actors": [],
             "conflicts": [], "sources": [source]}
    return {"entries": [entry], "total": 1, "next": None}


def rendered_html(markdown: str) -> str:
    """Markdown as a renderer that lets raw HTML through (CommonMark's default) shows it."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)


def assert_inert(html: str) -> None:
    """No element made of the article's words: no script, image or link."""
    assert not re.search(r"<(script|img|a)\b", html), html


def test_timeline_markdown_shows_article_text_never_markup():
    """`dossier timeline --format md` wrote an article's <script> raw into the table."""
    html = rendered_html(RENDERERS["md"](_page(HOSTILE)))
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert "[click](javascript:alert(2))" in html
    assert html.count("<tr>") == 2  # the header and one entry: no cell broke the table


@pytest.mark.parametrize("text", ["a & b", "x < y > z", "AT&amp;T", "C:\\path\\[1]", "[a]: /x"])
def test_markdown_escape_round_trips_through_a_renderer(text: str):
    html = rendered_html(markdown_escape(text))
    unescaped = html.removeprefix("<p>").removesuffix("</p>\n")
    import html as html_module

    assert html_module.unescape(unescaped) == text
