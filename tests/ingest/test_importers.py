"""Importers for reading-app exports, feeds and WARC files: what each keeps, and that a bad
row is reported with its line number while the good rows are imported."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dossier.ingest import Failure, ingest
from dossier.ingest.importers import (
    IMPORT_READERS,
    ImportedDocument,
    parse_csv,
    parse_feed,
    parse_front_matter,
    parse_json_export,
    parse_timestamp,
)
from dossier.ingest.importers.common import inside, split_tags, web_url
from dossier.ingest.importers.markdown import FrontMatterError, markdown_text
from dossier.ingest.importers.warc import read_warc
from dossier.settings import Settings
from tests.conftest import on_both_engines

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
SETTINGS = Settings()


def read(path: Path) -> tuple[list[ImportedDocument], dict[str, str]]:
    """Run the registered importer for ``path``: (documents, {origin: failure reason})."""
    reader = IMPORT_READERS[".gz" if path.name.endswith(".gz") else path.suffix]
    docs, failures = [], {}
    for item in reader(path, SETTINGS):
        if isinstance(item, Failure):
            failures[item.origin] = item.reason
        else:
            assert isinstance(item, ImportedDocument)
            docs.append(item)
    return docs, failures


# -- CSV exports -------------------------------------------------------------------------


def test_pocket_csv_rows_become_url_records_and_the_bad_row_is_named():
    path = IMPORTS / "pocket_export.csv"
    docs, failures = read(path)
    assert failures == {f"{path}#L5": "line 5: not a web address: 'javascript:alert(1)'"}
    assert [d.origin.rsplit("#", 1)[1] for d in docs] == ["L2", "L3", "L4", "L6"]
    first = docs[0]
    assert (first.url, first.title) == (
        "https://steppecourier.example/2024/03/border-crossings",
        "Kazakhstan and Kyrgyzstan reopen border crossings",
    )
    assert first.text is None and first.html is None and not first.fetched
    assert first.date is None  # the time saved is not the time published
    assert first.extras == {
        "export": "pocket", "saved": "2024-03-03T12:00:00+00:00",
        "tags": ["central-asia", "trade"], "status": "unread",
    }
    assert docs[1].title is None  # Pocket repeats the URL when it has no title
    assert docs[1].extras["status"] == "archived"
    assert docs[2].title == 'Caspian summit: "a new chapter", leaders say'
    from dossier.ingest.files import sha256

    assert first.content_hash == sha256(first.url.encode())


def test_instapaper_csv_multiline_selection_keeps_line_numbers():
    path = IMPORTS / "instapaper-export.csv"
    docs, failures = read(path)
    # Row 3 spans lines 4 and 5 (a highlight with a line break): the bad row is line 6.
    assert failures == {f"{path}#L6": "line 6: not a web address: 'not a url at all'"}
    by_line = {d.origin.rsplit("#L", 1)[1]: d for d in docs}
    assert sorted(by_line) == ["2", "3", "4", "7"]
    assert by_line["4"].extras["starred"] is True
    assert by_line["4"].extras["highlight"].startswith("Observers said the vote\nwas calm")
    assert by_line["3"].extras["status"] == "archived"
    assert by_line["7"].extras["folder"] == "Central Asia reading"
    assert by_line["2"].extras["saved"] == "2021-10-10T12:00:00+00:00"


def test_readwise_csv_progress_tags_and_short_row():
    path = IMPORTS / "readwise_reader.csv"
    docs, failures = read(path)
    assert failures == {f"{path}#L4": "line 4: 3 fields where the header has 8"}
    cotton, gas, media = docs
    assert cotton.extras["tags"] == ["labour", "uzbekistan"]
    assert cotton.extras["progress"] == 0.35 and cotton.extras["seen"] is True
    assert cotton.extras["status"] == "unread"
    assert gas.extras["status"] == "archived" and gas.extras["progress"] == 1.0
    assert media.extras["saved"] == "2022-11-11T09:00:00+00:00"
    assert media.extras["progress"] == 0.0 and media.extras["seen"] is False


def test_unknown_csv_header_is_one_clear_failure(tmp_path: Path):
    path = tmp_path / "budget.csv"
    path.write_text("date,amount,category\n2024-01-01,12.50,food\n")
    docs, failures = read(path)
    assert not docs
    assert failures == {
        str(path): f"{path}: not a known export: header 'date,amount,category' (expected "
        "Pocket, Instapaper or Readwise Reader columns)"
    }


def test_csv_with_a_bom_and_crlf_lines(tmp_path: Path):
    path = tmp_path / "pocket.csv"
    path.write_bytes(
        "\ufefftitle,url,time_added,tags,status\r\nA,https://a.example/x,1700000000,,unread\r\n"
        .encode()
    )
    docs, failures = read(path)
    assert not failures and docs[0].url == "https://a.example/x"
    assert docs[0].origin.endswith("#L2")


def test_csv_broken_quoting_keeps_rows_before_it():
    text = 'title,url,time_added,tags,status\nA,https://a.example/1,1,,unread\n"B\x00,x\n'
    items = list(parse_csv(text, "x.csv"))
    assert isinstance(items[0], ImportedDocument)
    assert isinstance(items[1], Failure) and items[1].reason.startswith("line 3:")


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_csv_dispatcher_never_raises(text: str):
    for item in parse_csv(text, "any.csv"):
        assert isinstance(item, ImportedDocument | Failure)


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.text(max_size=30), min_size=0, max_size=6), min_size=1, max_size=6
    ),
    st.sampled_from(
        ["title,url,time_added,tags,status", "URL,Title,Selection,Folder,Timestamp",
         "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen"]
    ),
)
def test_csv_rows_of_known_exports_never_raise(rows: list[list[str]], header: str):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    for item in parse_csv(header + "\n" + buffer.getvalue(), "any.csv"):
        assert isinstance(item, ImportedDocument | Failure)
        if isinstance(item, Failure):
            assert item.reason.startswith("line ")


# -- Pocket HTML -------------------------------------------------------------------------


def test_pocket_html_export_sections_and_bad_link():
    path = IMPORTS / "ril_export.html"
    docs, failures = read(path)
    assert failures == {f"{path}#L12": "line 12: not a web address: 'ftp://files.example/report.pdf'"}
    assert [d.extras["status"] for d in docs] == ["unread", "unread", "archived"]
    assert docs[0].extras["tags"] == ["water", "central-asia"]
    assert docs[1].title == "Aktau port to double its capacity & add a ferry line"
    assert docs[2].extras["saved"] == "2019-01-01T00:00:00+00:00"


def test_an_ordinary_html_page_still_reads_as_a_page(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><p>Hello</p></body></html>")
    (doc,) = list(IMPORT_READERS[".html"](page, SETTINGS))
    assert doc.html and "Hello" in doc.html and not isinstance(doc, ImportedDocument)


# -- JSON exports ------------------------------------------------------------------------


def test_wallabag_entries_keep_content_and_report_bad_entries():
    path = IMPORTS / "wallabag.json"
    docs, failures = read(path)
    assert failures == {
        f"{path}#L39": "line 39: no URL",
        f"{path}#L46": "line 46: not a JSON object",
    }
    wind, conference, ferry = docs
    assert wind.html.startswith("<p>Kazakhstan opened its first large wind farm")
    assert wind.date == "2020-06-11T07:30:00+06:00"
    assert wind.extras == {
        "export": "wallabag", "saved": "2020-06-12T09:15:02+02:00",
        "tags": ["energy", "kazakhstan"], "status": "archived",
        "author": "Aigerim Sadykova", "domain": "steppecourier.example", "language": "en",
    }
    assert not conference.fetched and conference.extras["starred"] is True
    assert ferry.date == "2021-04-19"


def test_wallabag_json_cut_short_keeps_entries_before_the_break(tmp_path: Path):
    text = (IMPORTS / "wallabag.json").read_text()
    path = tmp_path / "wallabag.json"
    path.write_text(text[: text.index('"id": 103')])
    docs, failures = read(path)
    assert len(docs) == 2
    ((origin, reason),) = failures.items()
    assert origin == f"{path}#L39"
    assert reason.startswith("line 39: malformed JSON (Expecting property name enclosed in")
    assert reason.endswith("entries after it were not read")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"entries": []}', "not a known export: a JSON object"),
        ("[]", "an export with no entries"),
        ("[1, 2", "line 1: not a JSON object"),
        ("nonsense", "not a known export: not a JSON list"),
    ],
)
def test_malformed_json_exports(text: str, reason: str):
    failures = [i for i in parse_json_export(text, "x.json") if isinstance(i, Failure)]
    assert failures and reason in failures[0].reason


def test_omnivore_export_reads_pages_from_its_content_folder_only():
    path = IMPORTS / "omnivore" / "metadata_0_to_3.json"
    docs, failures = read(path)
    metro, tourism = docs
    assert "light metro line across the Kyrgyz capital" in metro.html
    assert metro.date == "2023-11-01T06:00:00+00:00"
    assert metro.extras["tags"] == ["transport", "kyrgyzstan"]
    assert metro.extras["status"] == "archived" and metro.extras["progress"] == 1.0
    assert not tourism.fetched  # no page in content/: a URL to fetch
    assert failures == {
        f"{path}#L28": "line 28: unsafe content slug '../../../etc/passwd' (must be a plain "
        "file name)"
    }


def test_inside_refuses_paths_out_of_the_folder(tmp_path: Path):
    (tmp_path / "content").mkdir()
    outside = tmp_path.parent / "outside.html"
    (tmp_path / "content" / "link.html").symlink_to(outside)
    assert inside(tmp_path, "content/a.html") == (tmp_path / "content" / "a.html").resolve()
    for bad in ("../x.html", "/etc/passwd", "content/../../x", "content/link.html", "", "a\x00b"):
        assert inside(tmp_path, bad) is None, bad


# -- Markdown ----------------------------------------------------------------------------


def test_markdown_front_matter_and_body():
    docs, failures = read(IMPORTS / "markdown" / "caspian-ferry.md")
    (doc,) = docs
    assert not failures
    assert (doc.title, doc.url, doc.date) == (
        "Caspian ferry line to Baku opens", "https://caspian-times.example/ports/ferry-baku",
        "2021-04-19",
    )
    assert doc.extras["tags"] == ["transport", "caspian"]
    assert doc.extras["author"] == "Leyla Mammadova"
    assert doc.extras["saved"] == "2021-04-20T12:00:00"
    assert "Read on Omnivore" not in doc.text and "](" not in doc.text
    assert "across the Caspian Sea to less than a day" in doc.text
    assert doc.text.startswith("Caspian ferry line to Baku opens\n")


def test_markdown_without_front_matter_is_plain_text():
    (doc,), failures = read(IMPORTS / "markdown" / "plain-note.md")
    assert not failures and doc.title is None and doc.extras == {}
    assert doc.text.startswith("Notes on the grain corridor")


def test_markdown_with_unclosed_front_matter_fails_on_line_1():
    path = IMPORTS / "markdown" / "unclosed-front-matter.md"
    docs, failures = read(path)
    assert not docs
    assert failures == {f"{path}#L1": "line 1: front matter opened with '---' but never closed"}


def test_front_matter_forms():
    fields, body, start = parse_front_matter(
        "---\ntitle: 'It''s here'\ntags: [a, \"b c\"]\nlabels:\n  - x\n  - y\n"
        "nested:\n  key: value\nurl: https://a.example/p # comment\nauthor: null\n---\nBody\n"
    )
    assert fields == {
        "title": "It's here", "tags": ["a", "b c"], "labels": ["x", "y"],
        "url": "https://a.example/p",
    }
    assert (body, start) == ("Body\n", 12)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_front_matter_parser_never_raises_unexpectedly(text: str):
    for candidate in (text, "---\n" + text, "---\n" + text + "\n---\nbody"):
        try:
            fields, body, _ = parse_front_matter(candidate)
        except FrontMatterError as error:
            assert error.line == 1
            continue
        assert all(isinstance(v, str | list) for v in fields.values())
        markdown_text(body)


# -- Feeds -------------------------------------------------------------------------------


def test_rss_items_full_content_teaser_and_bad_item():
    path = IMPORTS / "steppe-courier.rss"
    docs, failures = read(path)
    assert failures == {f"{path}#L28": "line 28: no link and no content"}
    protocol, coal = docs
    assert protocol.html.startswith("<p>Kazakhstan and Uzbekistan signed a protocol")
    assert protocol.date == "2024-02-13T09:30:00+05:00"
    assert protocol.source == "Steppe Courier"
    assert protocol.extras["author"] == "Aigerim Sadykova"
    assert protocol.extras["tags"] == ["water", "diplomacy"]
    # A one-line description is a teaser: the page is fetched later, the teaser kept.
    assert not coal.fetched and coal.url == "https://steppecourier.example/2024/02/almaty-coal"
    assert "fine households" in coal.extras["summary"]


def test_atom_entries():
    docs, failures = read(IMPORTS / "eurasia-wire.atom")
    assert not failures
    rail, markets = docs
    assert rail.url == "https://eurasia-wire.example/news/rail-first-train"
    assert rail.date == "2024-03-01T08:00:00+06:00"  # published, not updated
    assert "mountain pass" in rail.html and rail.extras["author"] == "Timur Akhmetov"
    assert markets.date == "2024-03-02T09:00:00+00:00" and not markets.fetched


def test_malformed_feed_is_one_failure_with_its_line():
    path = IMPORTS / "broken-feed.xml"
    docs, failures = read(path)
    assert not docs
    assert failures == {
        f"{path}#L8": "line 8: malformed XML (Opening and ending tag mismatch: title line 6 "
        "and channel)"
    }


def test_feed_declaring_entities_is_refused_without_expanding_them():
    path = IMPORTS / "entity-bomb.xml"
    docs, failures = read(path)
    assert not docs
    assert failures == {str(path): f"{path}: refused: the XML declares its own DTD (entities)"}


def test_xml_that_is_not_a_feed():
    (failure,) = parse_feed(b"<?xml version='1.0'?><svg><g/></svg>", "x.xml")
    assert isinstance(failure, Failure) and "not a feed (root element <svg>" in failure.reason


# -- WARC --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["capture.warc", "capture.warc.gz"])
def test_warc_html_responses_only(name: str):
    path = IMPORTS / name
    docs, failures = read(path)
    assert not failures
    assert [d.url for d in docs] == [
        "https://steppecourier.example/2022/08/border-market",
        "https://eurasia-wire.example/gas/prices-2023",
    ]  # the request, the image and the redirect are passed over
    assert [d.origin for d in docs] == [f"{path}#R3", f"{path}#R6"]
    assert "joint border market" in docs[0].html
    assert docs[0].extras["archived"] == "2022-08-18T10:00:00+00:00"
    assert docs[0].date is None  # the capture date is not the publication date


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path, suffix: str):
    data = (IMPORTS / f"capture{suffix}").read_bytes()
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: len(data) - 120])
    docs, failures = read(path)
    assert [d.origin for d in docs] == [f"{path}#R3"]
    ((origin, reason),) = failures.items()
    assert origin == f"{path}#R6" or origin == f"{path}#R5", origin
    assert "truncated" in reason or "cut short" in reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.warc", b"hello, not a WARC\n", "not a WARC file"),
        ("notes.warc.gz", gzip.compress(b"hello, not a WARC\n" * 3), "not a WARC file (Unknown"),
        ("archive.tar.gz", gzip.compress(b"x"), "a compressed file that is not a .warc.gz"),
    ],
)
def test_files_that_are_not_warcs(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    docs, failures = read(path)
    assert not docs and any(reason in r for r in failures.values()), failures


# -- dates, tags, URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1507040452", "2017-10-03T14:20:52+00:00"),
        (1507040452, "2017-10-03T14:20:52+00:00"),
        ("1699000000000", "2023-11-03T08:26:40+00:00"),
        ("2023-10-08T08:32:11Z", "2023-10-08T08:32:11+00:00"),
        ("2023-10-08 08:32:11+00:00", "2023-10-08T08:32:11+00:00"),
        ("2020-06-11T07:30:00+0600", "2020-06-11T07:30:00+06:00"),
        ("2023-11-01T06:00:00.000Z", "2023-11-01T06:00:00+00:00"),
        ("2021-04-19", "2021-04-19"),
        ("Tue, 13 Feb 2024 09:30:00 +0500", "2024-02-13T09:30:00+05:00"),
        ("Tue, 13 Feb 2024 09:30:00 GMT", "2024-02-13T09:30:00+00:00"),
        ("0", None),
        ("", None),
        ("soon", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_timestamp(value, expected):
    assert parse_timestamp(value) == expected


def test_parse_timestamp_to_utc():
    assert parse_timestamp("2020-06-11T07:30:00+06:00", utc=True) == "2020-06-11T01:30:00+00:00"


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=80), st.integers(), st.floats(allow_nan=True)))
def test_parse_timestamp_never_raises(value):
    result = parse_timestamp(value)
    assert result is None or isinstance(result, str)


def test_split_tags_and_web_url():
    assert split_tags("a|b|a", "|") == ["a", "b"]
    assert split_tags("['news', 'politics']") == ["news", "politics"]
    assert split_tags([{"label": "x"}, {"name": "y"}, 3]) == ["x", "y"]
    assert web_url(" https://a.example/x ") == "https://a.example/x"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "/relative", "http://", 42):
        assert web_url(bad) is None


# -- through the ingest loop -------------------------------------------------------------


@on_both_engines()
def test_exports_with_content_ingest_through_the_pipeline(store, monkeypatch, tmp_path: Path):
    """Entries with their content become articles; URL-only entries are reported until
    the store keeps "not fetched" records."""
    import dossier.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "READERS", {**ingest_module.READERS, **IMPORT_READERS})
    report = ingest(
        store,
        [IMPORTS / "wallabag.json", IMPORTS / "steppe-courier.rss", IMPORTS / "capture.warc.gz"],
    )
    titles = {entry["title"] for entry in report.added}
    assert "Kazakhstan opens its first wind farm on the steppe" in titles
    assert "Astana and Tashkent sign a water-sharing protocol" in titles
    assert "Uzbekistan and Kazakhstan open a joint border market" in titles
    wind = next(e for e in report.added if e["title"].startswith("Kazakhstan opens"))
    record = store.article(wind["id"])
    assert record["url"] == "https://steppecourier.example/2020/06/wind-farm"
    assert (record["published"], record["published_method"]) == ("2020-06-11", "metadata")
    failed = {f.origin: f.reason for f in report.failed}
    export = IMPORTS / "wallabag.json"
    assert failed[f"{export}#L39"] == f"{export}: line 39: no URL"
    assert json.dumps(report.to_dict())  # the report stays JSON-ready


def _false_length_warc(path: Path, body_bytes: int) -> Path:
    """A gzipped WARC whose one response says it holds 100 bytes and holds ``body_bytes``
    of one endless line (a few KB compressed)."""


    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>"
    header = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
              b"WARC-Date: 2020-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: 100\r\n\r\n")
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(header + http)
        for _ in range(body_bytes // (1 << 20)):
            out.write(b"a" * (1 << 20))
        out.write(b"\r\n\r\n")
    return path


def test_a_warc_with_a_false_content_length_costs_little(tmp_path: Path, capfd):
    """Issue 13.5: a record saying 100 bytes and holding a gigabyte made warcio read the
    whole body as one line (4.4 GB of memory) and print it to stderr."""
    import tracemalloc

    body = 160 << 20
    path = _false_length_warc(tmp_path / "false.warc.gz", body)
    tracemalloc.start()
    try:
        items = list(read_warc(path, Settings()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # What is held at once is a decompressed block or two (warcio reads 16 KB of gzip, which
    # may hold 16 MB of one repeated byte), however long the body.
    assert peak < body // 2, f"{peak / 2**20:.0f} MB"
    reasons = [item.reason for item in items if isinstance(item, Failure)]
    assert any("unreadable WARC after record 1" in reason for reason in reasons)
    assert all(len(reason) < 400 for reason in reasons)
    assert "aaaaaaaaaa" * 20 not in capfd.readouterr().err


def test_a_warc_record_over_the_record_limit_names_the_setting(tmp_path: Path):


    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>" + b"a" * (3 << 20)
    header = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
              b"WARC-Record-ID: <urn:uuid:2>\r\nContent-Type: application/http; "
              b"msgtype=response\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n")
    path = tmp_path / "large.warc.gz"
    with gzip.open(path, "wb") as out:
        out.write(header + http + b"\r\n\r\n")
    items = list(read_warc(path, Settings(max_record_mb=2)))
    assert [item.reason for item in items] == [
        "record 1: page larger than 2 MB (http://x.example/) "
        "(setting max_record_mb: DOSSIER_MAX_RECORD_MB)"]
