"""Exports: JSON Lines that round-trip through ``dossier ingest``, and Markdown files."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dossier import queries
from dossier.export import markdown_document, slug, to_jsonl, to_markdown
from dossier.ingest import ingest
from dossier.ingest.importers.markdown import parse_front_matter
from dossier.store import open_store
from tests.conftest import on_both_engines

KEPT = ("title", "text", "url", "source", "published", "published_precision", "words")


def _full_records(store) -> list[dict]:
    return [store.article(row["id"]) for row in store.articles()]


@on_both_engines()
def test_jsonl_round_trips_through_ingest(store, articles_dir: Path, tmp_path: Path):
    report = ingest(store, [articles_dir])
    assert report.added and not report.failed
    records = _full_records(store)
    out = tmp_path / "archive.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        assert to_jsonl(records, handle) == len(records)

    fresh = open_store(tmp_path / "x.db")
    try:
        again = ingest(fresh, [out])
        assert not again.failed and len(again.added) == len(records)
        before = sorted(tuple(r[k] for k in KEPT) for r in records)
        after = sorted(tuple(r[k] for k in KEPT) for r in _full_records(fresh))
        assert after == before
    finally:
        fresh.close()


@on_both_engines()
def test_jsonl_lines_carry_the_whole_record(store, articles_dir: Path):
    ingest(store, [articles_dir])
    record = queries.article(store, store.articles()[0]["id"], text=True)
    buffer = io.StringIO()
    to_jsonl([record], buffer)
    (line,) = buffer.getvalue().splitlines()
    data = json.loads(line)
    assert data["id"] == record["id"] and data["text"] == record["text"]
    assert data["date"] == record["published"]["value"]
    assert data["published"] == record["published"]  # the query layer's shape, kept
    assert isinstance(data["created"], str)


def test_jsonl_serialises_datetimes_and_fills_reader_keys():
    buffer = io.StringIO()
    to_jsonl([{"id": "a", "created": datetime(2024, 1, 2, 3, 4, 5)}], buffer)
    data = json.loads(buffer.getvalue())
    assert data["created"] == "2024-01-02T03:04:05"
    assert {k: data[k] for k in ("text", "url", "title", "date", "source")} == dict.fromkeys(
        ("text", "url", "title", "date", "source")
    )


def record(**fields) -> dict:
    base = {
        "id": "5f0c2a4e-8d1b-4c52-9a77-2b1d3c4e5f60", "title": "Water talks in Ashgabat",
        "source": "Steppe Courier", "url": "https://steppecourier.example/water",
        "published": "2019-03-14", "words": 112, "text": "The ministers met.\n\nThey agreed.",
    }
    return base | fields


def test_markdown_file_has_front_matter_and_text(tmp_path: Path):
    (path,) = to_markdown([record()], tmp_path / "out")
    assert path.name == "2019-03-14-water-talks-in-ashgabat.md"
    fields, body, _ = parse_front_matter(path.read_text())
    assert fields == {
        "id": "5f0c2a4e-8d1b-4c52-9a77-2b1d3c4e5f60", "title": "Water talks in Ashgabat",
        "source": "Steppe Courier", "url": "https://steppecourier.example/water",
        "published": "2019-03-14", "words": "112",
    }
    assert body == "\n# Water talks in Ashgabat\n\nThe ministers met.\n\nThey agreed.\n"


def test_markdown_names_never_collide_or_escape(tmp_path: Path):
    records = [
        record(id="1", title="Same title"),
        record(id="2", title="Same title"),
        record(id="3", title="../../etc/passwd", published=None),
        record(id="4", title="  ", published={"value": None}),
        record(id="5", title="Путин и Мирзиёев: переговоры", published={"value": "2023-10"}),
        record(id="6", title=".hidden/..\\name", published="2019"),
    ]
    out = tmp_path / "out"
    paths = to_markdown(records, out)
    names = [p.name for p in paths]
    assert names == [
        "2019-03-14-same-title.md",
        "2019-03-14-same-title-2.md",
        "etc-passwd.md",
        "4.md",
        "2023-10-путин-и-мирзиёев-переговоры.md",
        "2019-hidden-name.md",
    ]
    assert all(p.parent == out.resolve() for p in paths)
    assert len(set(names)) == len(names)


def test_markdown_export_again_rewrites_own_files_only(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "2019-03-14-water-talks-in-ashgabat.md").write_text("my own notes\n")
    first = to_markdown([record()], out)
    assert first[0].name == "2019-03-14-water-talks-in-ashgabat-2.md"
    assert (out / "2019-03-14-water-talks-in-ashgabat.md").read_text() == "my own notes\n"
    second = to_markdown([record(text="Updated text.")], out)
    assert second == first and "Updated text." in first[0].read_text()


def test_markdown_never_writes_through_a_symlink(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere.md"
    (out / "2019-03-14-water-talks-in-ashgabat.md").symlink_to(target)
    (path,) = to_markdown([record()], out)
    assert path.name.endswith("-2.md") and not target.exists()


def test_markdown_document_escapes_front_matter_values():
    text = markdown_document(record(title='Quote " and\nnewline: yes', source=None))
    front = text.split("---\n")[1]
    assert 'title: "Quote \\" and\\nnewline: yes"' in front and "source: null" in front


@given(st.text(max_size=200))
def test_slug_is_always_a_safe_name(text: str):
    name = slug(text)
    assert name and len(name) <= 80 and "/" not in name and "\\" not in name
    assert not name.startswith((".", "-")) and ".." not in name


def test_markdown_export_shows_article_text_never_markup():
    """`dossier export --format markdown` wrote an article's <script> raw."""
    from tests.test_formats import HOSTILE, assert_inert, rendered_html

    document = markdown_document(record(title="<img src=x onerror=alert(1)>", text=HOSTILE))
    body = document.split("---\n", 2)[2]
    html = rendered_html(body)
    assert_inert(html)
    assert "&lt;img src=x onerror=alert(1)&gt;</h1>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
