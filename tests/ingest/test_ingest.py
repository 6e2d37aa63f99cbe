"""Ingesting files and folders: formats, duplicates, failures, and nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.errors import StoreError
from dossier.ingest import ingest
from dossier.settings import Settings
from tests.conftest import on_both_engines

#: Every ingest path here runs on SQLite and on PostgreSQL.
pytestmark = on_both_engines()

BODY = (
    "The defence ministers of Russia and Uzbekistan met in Tashkent on Friday and signed a plan "
    "of joint exercises for the coming year, officials in both capitals said. The plan includes "
    "drills in the mountains near the Afghan border and an exchange of officers between the two "
    "armies, the Uzbek ministry said in a statement published after the talks."
)


def article_text(topic: str) -> str:
    return f"{topic} talks open a new chapter\n\n{BODY.replace('Tashkent', topic)}\n"


def test_folder_is_ingested_recursively_once(store, tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(article_text("Samarkand"))
    (tmp_path / "a" / "b" / "two.txt").write_text(article_text("Bukhara"))
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / ".hidden.txt").write_text(article_text("Khiva"))
    report = ingest(store, [tmp_path / "a"])
    assert len(report.added) == 2 and not report.failed
    assert report.skipped == [str(tmp_path / "a" / "notes.pdf")]
    again = ingest(store, [tmp_path / "a"])
    assert len(again.added) == 0 and len(again.duplicates) == 2
    assert store.count() == 2


def test_same_text_in_another_format_is_a_duplicate(store, tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY)
    line = {"text": BODY + "\n", "url": "https://example.org/x", "source": "Example"}
    (tmp_path / "b.jsonl").write_text(json.dumps(line) + "\n")
    report = ingest(store, [tmp_path / "a.txt", tmp_path / "b.jsonl"])
    assert len(report.added) == 1 and len(report.duplicates) == 1


def test_jsonl_bad_lines_are_reported_and_good_ones_kept(store, tmp_path: Path):
    other = (
        "Separately, the finance ministry in Bishkek said that remittances from workers in "
        "Russia had fallen by a fifth in the first quarter, the steepest drop since 2015, "
        "and that the central bank expected a slow recovery over the summer months."
    )
    lines = [
        json.dumps({"text": BODY, "title": "Exercises agreed", "date": "2019-05-03"}),
        '{"text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text"}),
        json.dumps({"html": f"<html><body><article><p>{BODY}</p><p>{other}</p>"
                    "</article></body></html>", "source": "Wire"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = ingest(store, [path])
    assert len(report.added) == 2
    reasons = {f.origin: f.reason for f in report.failed}
    assert reasons == {
        f"{path}#L2": f"{path}: line 2: malformed JSON (Unterminated string starting at "
                      "column 10)",
        f"{path}#L3": f"{path}: line 3: not a JSON object",
        f"{path}#L4": f"{path}: line 4: no text or html",
    }
    first = store.article(report.added[0]["id"])
    assert first["title"] == "Exercises agreed"
    assert (first["published"], first["published_method"]) == ("2019-05-03", "metadata")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00", "binary file"),
        ("short.txt", b"Subscribe\nLog in\n", "no article text found"),
        ("broken.html", b"<html><body><div><p>unclosed <b>tags", "no article text found"),
        ("table.csv", b"a,b\n1,2\n", "not a known export"),
        ("slides.pptx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_inputs_fail_with_one_clear_reason(store, tmp_path: Path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    report = ingest(store, [path])
    assert len(report.failed) == 1
    assert reason in report.failed[0].reason and str(path) in report.failed[0].reason


def test_missing_path_is_reported(store, tmp_path: Path):
    report = ingest(store, [tmp_path / "nowhere"])
    assert report.failed[0].reason == f"{tmp_path / 'nowhere'}: no such file or folder"


def test_fifty_megabyte_file_is_refused_and_the_rest_goes_on(store, tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        for _ in range(50):
            handle.write((BODY + "\n").encode() * (1024 * 1024 // (len(BODY) + 1) + 1))
    (tmp_path / "ok.txt").write_text(article_text("Nukus"))
    report = ingest(store, [tmp_path], Settings(max_file_mb=20))
    assert [f.origin for f in report.failed] == [str(big)]
    assert "too large (50." in report.failed[0].reason
    # Issue 13.12: the message named a setting no user could reach.
    assert "(setting max_file_mb: --max-file-mb or DOSSIER_MAX_FILE_MB)" in report.failed[0].reason
    assert len(report.added) == 1


def test_a_jsonl_line_over_the_record_limit_is_skipped_and_the_next_read(store, tmp_path):
    path = tmp_path / "lines.jsonl"
    huge = json.dumps({"text": BODY * 30000})  # about 9 MB on one line
    path.write_text(huge + "\n" + json.dumps({"text": article_text("Termez")}) + "\n")
    report = ingest(store, [path], Settings(max_record_mb=2))
    assert len(report.added) == 1
    assert [f.reason for f in report.failed] == [
        f"{path}: line 1: larger than 2 MB (setting max_record_mb: DOSSIER_MAX_RECORD_MB)"]


def test_cp1251_file_is_stored_readable(store, tmp_path: Path):
    russian = (
        "Министр обороны Узбекистана встретился с российским коллегой в Москве. "
        "Стороны подписали план сотрудничества на следующий год и договорились "
        "о совместных учениях в горах на юге страны, сообщило министерство."
    )
    second = "В Ташкенте заявили, что визит президента России состоится в следующем месяце."
    (tmp_path / "ru.txt").write_bytes(f"{russian}\n\n{second}\n".encode("cp1251"))
    report = ingest(store, [tmp_path / "ru.txt"], Settings(min_words=5))
    stored = store.article(report.added[0]["id"])
    assert russian in stored["text"]
    assert stored["meta"]["encoding"] in {"cp1251", "windows-1251"}


def test_failure_midway_leaves_stored_articles_whole(store, tmp_path: Path, monkeypatch):
    (tmp_path / "1.txt").write_text(article_text("Termez"))
    (tmp_path / "2.txt").write_text(article_text("Andijan"))
    (tmp_path / "3.txt").write_text(article_text("Fergana"))
    import dossier.ingest as module

    real = module.analyse

    def flaky(raw, settings=None):
        if raw.origin.endswith("2.txt"):
            raise RuntimeError("parser crashed")
        return real(raw, settings)

    monkeypatch.setattr(module, "analyse", flaky)
    report = ingest(store, [tmp_path])
    assert [f.origin for f in report.failed] == [str(tmp_path / "2.txt")]
    assert "internal error" in report.failed[0].reason
    assert store.count() == 2
    for entry in report.added:
        assert "defence ministers of Russia and Uzbekistan" in store.article(entry["id"])["text"]


def _nul_lines(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"text": BODY.replace("Tashkent", "Tash\u0000kent"),
                    "title": "Exercises\u0000 agreed", "source": "Wire\u0000"}),
        json.dumps({"text": article_text("Samarkand")}),
        json.dumps({"text": article_text("Bukhara")}),
    ]
    path = tmp_path / "nul.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_nul_character_is_dropped_the_same_way_on_both_engines(store, tmp_path):
    """Issue 13.1: on PostgreSQL a JSON Lines line holding \\u0000 failed with a traceback and
    every later line of the file was never read; SQLite stored the NUL."""
    report = ingest(store, [_nul_lines(tmp_path)])
    assert not report.failed and len(report.added) == 3
    first = store.article(report.added[0]["id"])
    assert "Tashkent" in first["text"] and "\x00" not in first["text"]
    assert (first["title"], first["source"]) == ("Exercises agreed", "Wire")


def test_a_stray_nul_in_a_text_file_is_not_binary(store, tmp_path: Path):
    """One rule for all inputs: the .txt with one NUL reads as its text without it, as a
    JSON string with one does."""
    path = tmp_path / "page.txt"
    path.write_bytes(article_text("Khiva").replace("chapter", "chap\x00ter").encode())
    report = ingest(store, [path])
    assert not report.failed and len(report.added) == 1
    assert "chapter" in store.article(report.added[0]["id"])["title"]


@pytest.mark.parametrize("error", [StoreError("database error: value too long"),
                                   RuntimeError("a parser bug")])
def test_one_bad_record_fails_alone_and_the_file_goes_on(store, tmp_path, monkeypatch, error):
    """Issue 13.1: the catch was around the whole file, so the lines after a record the
    database refused were silently never read."""
    path = _nul_lines(tmp_path)
    real = store.add_article

    def refuse_the_first(article):  # type: ignore[no-untyped-def]
        if article.origin.endswith("#L1"):
            raise error
        return real(article)

    monkeypatch.setattr(store, "add_article", refuse_the_first)
    report = ingest(store, [path])
    assert len(report.added) == 2
    assert [f.origin for f in report.failed] == [f"{path}#L1"]
    assert report.failed[0].reason.startswith(f"{path}#L1: ")
    assert str(error) in report.failed[0].reason


def test_two_ingests_at_once_store_each_article_once(store, tmp_path):
    """Two processes ingesting the same folder: a unique key taken meanwhile (PostgreSQL
    checks it at insert) is reported as the duplicate it is, not as a failure."""
    import threading

    from dossier.store import open_store

    folder = tmp_path / "same"
    folder.mkdir()
    for n, place in enumerate(("Samarkand", "Bukhara", "Khiva", "Nukus", "Termez", "Navoi")):
        (folder / f"{n}.txt").write_text(article_text(place))
    reports = []
    others = [open_store(store.url) for _ in range(2)]  # migrations run one at a time

    def run(other) -> None:  # type: ignore[no-untyped-def]
        reports.append(ingest(other, [folder]))

    threads = [threading.Thread(target=run, args=(other,)) for other in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in others:
        other.close()
    assert store.count() == 6
    assert all(not report.failed for report in reports)
    assert sum(len(r.added) for r in reports) == 6
    assert sum(len(r.duplicates) for r in reports) == 6


@pytest.mark.parametrize(("url", "kept"), [
    ("javascript:alert(1)", None),
    (" JavaScript:alert(document.cookie)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("/relative/path", None),
    ("https://wire.example/exercises", "https://wire.example/exercises"),
])
def test_jsonl_url_must_be_http(store, tmp_path: Path, url: str, kept: str | None):
    """A JSON Lines `url: "javascript:alert(1)"` was stored and became a link; the other
    importers already kept http(s) URLs only."""
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": BODY, "title": "Exercises agreed", "url": url}) + "\n")
    report = ingest(store, [path])
    assert len(report.added) == 1
    assert store.article(report.added[0]["id"])["url"] == kept
