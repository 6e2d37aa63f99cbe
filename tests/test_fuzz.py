"""Fuzzing the parsers: whatever they are given, they return, or raise one of Dossier's own
errors (DossierError), and in bounded time (the deadline).

Each parser has a strategy and a check in ``PROPERTIES``; the tests below run them with a few
dozen examples each. ``make fuzz`` (bench/fuzz.py) runs the same checks for minutes under
the "fuzz" profile (tests/conftest.py) and counts inputs and crashes per parser.
A crash the fuzzing found is kept as an ``@example`` of its test.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from dossier.clean.header import read_header
from dossier.dates import read_date
from dossier.dating import given_date
from dossier.errors import DossierError
from dossier.ingest.importers import read_csv, read_feed, read_warc
from dossier.ingest.readers import read_jsonl
from dossier.model import RawDocument
from dossier.search.query import fts5_match, keywords, websearch_match
from dossier.settings import Settings
from dossier.timex import find_timexes
from dossier.timex.document import date_document
from dossier.timex.lexicon import lexicon

IMPORTS = Path(__file__).resolve().parent / "fixtures" / "imports"
SETTINGS = Settings()
#: Inputs each check has been given in this process (bench/fuzz.py reads it).
TRIED: Counter[str] = Counter()

# The suite's run: a few dozen examples per parser, each within two seconds; under the
# "fuzz" profile (tests/conftest.py), that profile's.
QUICK = settings.get_profile("fuzz") if settings.get_current_profile_name() == "fuzz" else \
    settings(max_examples=60, deadline=2000,
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- strategies --------------------------------------------------------------------------


def _words(*keys: str) -> list[str]:
    """Surface forms from the timex lexicon, so the fuzzing speaks the grammar's words."""
    found: list[str] = []
    for key in keys:
        entry = lexicon()[key]
        found += [k for k in entry if not k.startswith("_")]
    return sorted(set(found))


_DIRECTIONS = ["ago", "later", "earlier", "before", "after", "from now", "next", "last", "this",
               "the past", "the next", "since", "until", "in", "on", "by", "between", "and",
               "from", "to", "-", "–", ",", ".", "the", "of", "early", "late", "mid-"]


def _number() -> SearchStrategy[str]:
    return st.one_of(
        st.integers(-10, 10**12).map(str),
        st.integers(1, 2000).map(lambda n: "9" * n),  # beyond int and float ranges
        st.sampled_from(_words("numbers", "vague_numbers", "ordinals")),
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    )


@cache
def timex_words() -> SearchStrategy[str]:
    """A word a time expression is made of: numbers, units, months, weekdays, directions."""
    capitalised = st.sampled_from(_words("months", "weekdays", "seasons")).map(str.capitalize)
    return st.one_of(
        _number(), capitalised, st.sampled_from(_DIRECTIONS),
        st.sampled_from(_words("units", "months", "weekdays", "seasons", "parts_of_day", "mods",
                               "refs", "sets", "decade_words")),
        st.from_regex(r"\d{1,5}[-/.]\d{1,3}([-/.]\d{1,5})?", fullmatch=True),
        st.text(max_size=8),
    )


def timex_texts() -> SearchStrategy[str]:
    built = st.lists(timex_words(), max_size=14).map(" ".join)
    return st.one_of(built, built.map(lambda s: s[:1].upper() + s[1:] + "."), st.text(max_size=200))


ANCHORS = st.one_of(st.none(), st.dates(),
                    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
                    st.sampled_from([dt.date.min, dt.date.max, dt.date(2999, 12, 31)]))


def iso_like() -> SearchStrategy[str]:
    """Strings shaped like ISO dates, possible or not: 2023-13-01, 99999-1-1T25:61+99:00."""
    part = st.integers(0, 99999).map(str) | st.integers(0, 99).map(lambda n: f"{n:02d}")
    time = st.tuples(part, part, part).map(lambda t: "T{}:{}:{}".format(*t))
    zone = st.sampled_from(["", "Z", "+05:00", "-0800", " UTC", "+99"])
    return st.tuples(part, part, part, time | st.just(""), zone).map(
        lambda p: f"{p[0]}-{p[1]}-{p[2]}{p[3]}{p[4]}")


def date_texts() -> SearchStrategy[str]:
    return st.one_of(iso_like(), timex_texts(), st.text(max_size=80))


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[str, ...]) -> bytes:
    """One of our fixture files with a few bytes flipped, inserted, deleted or cut off."""
    data = bytearray((IMPORTS / draw(st.sampled_from(seeds))).read_bytes())
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "insert", "delete", "cut", "splice"]))
        if op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "cut":
            del data[at:]
        else:  # another place of the file copied here: repeated records, tags, headers
            start = draw(st.integers(0, len(data)))
            data[at:at] = data[start:start + draw(st.integers(1, 200))]
    return bytes(data)


def _json_value() -> SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


def jsonl_files() -> SearchStrategy[bytes]:
    import json

    keys = st.sampled_from(["text", "html", "url", "title", "date", "source"])
    values = st.one_of(_json_value(), date_texts(), st.text(min_size=1, max_size=60))
    record = st.dictionaries(keys, values, max_size=6).map(json.dumps).map(str.encode)
    lines = st.lists(record | st.binary(max_size=60), max_size=6)
    return st.one_of(lines.map(b"\n".join), st.binary(max_size=300))


def header_paragraphs() -> SearchStrategy[list[str]]:
    places = st.sampled_from(["MOSCOW", "ALMATY", "Tashkent", "NEW YORK", "X"])
    agencies = st.sampled_from(["(Reuters) -", "(RIA Novosti) —", "-", ":"])
    dateline = st.tuples(places, date_texts(), agencies)
    line = st.one_of(dateline.map(lambda t: f"{t[0]}, {t[1]} {t[2]} Talks went on."),
                     date_texts(), date_texts().map(lambda d: f"Published: {d}"),
                     st.text(max_size=30).map(lambda s: f"By {s}"), st.text(max_size=120))
    return st.lists(line, max_size=8)


# -- checks: each runs one parser on one input ------------------------------------------


def _drain(documents: Any) -> None:
    """Read every item a reader yields; a date given with a record is judged too."""
    for item in documents:
        if isinstance(item, RawDocument):
            given_date(item)


_SCRATCH = tempfile.TemporaryDirectory(prefix="dossier-fuzz-")
atexit.register(_SCRATCH.cleanup)


def _read_file(reader: Callable[[Path, Settings], Any], data: bytes, name: str) -> None:
    """Write ``data`` to a file called ``name`` and read it; our own errors are fine."""
    path = Path(_SCRATCH.name) / name
    path.write_bytes(data)
    with contextlib.suppress(DossierError):
        _drain(reader(path, SETTINGS))


def check_timex(text: str, anchor: dt.date | None, precision: str, locale: str | None) -> None:
    TRIED["timex"] += 1
    for timex in find_timexes(text, anchor, anchor_precision=precision, locale=locale):
        assert timex.interval_start is None or timex.interval_end is None \
            or timex.interval_start <= timex.interval_end
    date_document(text)


def check_read_date(text: str) -> None:
    TRIED["read_date"] += 1
    for whole in (False, True):
        try:
            reading = read_date(text, whole=whole)
        except DossierError:
            continue
        if reading is not None:
            reading.as_date()  # a reading always names a day that exists


def check_jsonl(data: bytes) -> None:
    TRIED["jsonl"] += 1
    _read_file(read_jsonl, data, "fuzz.jsonl")


def check_csv(data: bytes) -> None:
    TRIED["csv"] += 1
    _read_file(read_csv, data, "fuzz.csv")


def check_warc(data: bytes, compressed: bool) -> None:
    TRIED["warc"] += 1
    _read_file(read_warc, data, "fuzz.warc.gz" if compressed else "fuzz.warc")


def check_feed(data: bytes) -> None:
    TRIED["feed"] += 1
    _read_file(read_feed, data, "fuzz.xml")


def check_header(paragraphs: list[str], title: str | None) -> None:
    TRIED["header"] += 1
    header = read_header(paragraphs, title=title)
    if header.date is not None:
        header.date.as_date()


@cache
def _fts() -> sqlite3.Connection:
    """A small FTS5 table made as the store makes its own (migration 0002)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, "
               "tokenize='porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t VALUES (?, ?)", [
        ("Talks in Tashkent", "The ministers met on Friday and signed a treaty."),
        ("Gas deal", "Gazprom OR the ministry: \"near\" NEAR(the deal) * said AND not."),
    ])
    return db


def check_query(text: str) -> None:
    TRIED["fts_query"] += 1
    match = fts5_match(text)
    if match is not None:
        _fts().execute("SELECT rowid FROM t WHERE t MATCH ? LIMIT 5", (match,)).fetchall()
    websearch_match(text)
    keywords(text)


@dataclass(frozen=True)
class Property:
    """A parser's check and the strategies of its arguments."""

    check: Callable[..., None]
    arguments: dict[str, SearchStrategy[Any]]


PROPERTIES: dict[str, Property] = {
    "timex": Property(check_timex, {
        "text": timex_texts(), "anchor": ANCHORS,
        "precision": st.sampled_from(["day", "week", "month", "year", "unknown"]),
        "locale": st.sampled_from([None, "en_US", "en_GB"])}),
    "read_date": Property(check_read_date, {"text": date_texts()}),
    "jsonl": Property(check_jsonl, {"data": jsonl_files()}),
    "csv": Property(check_csv, {"data": mutated(("pocket_export.csv", "instapaper-export.csv",
                                                  "readwise_reader.csv"))
                                | st.binary(max_size=300)}),
    "warc": Property(check_warc, {"data": mutated(("capture.warc", "capture.warc.gz"))
                                  | st.binary(max_size=300), "compressed": st.booleans()}),
    "feed": Property(check_feed, {"data": mutated(("steppe-courier.rss", "eurasia-wire.atom",
                                                    "broken-feed.xml"))
                                  | st.binary(max_size=300)}),
    "header": Property(check_header, {"paragraphs": header_paragraphs(),
                                      "title": st.none() | st.text(max_size=40)}),
    "fts_query": Property(check_query, {"text": st.text(max_size=120)
                                        | st.lists(timex_words(), max_size=10).map(" ".join)}),
}


# -- the suite's properties --------------------------------------------------------------


@QUICK
@given(**PROPERTIES["timex"].arguments)
@example(text="It happened 999999999 days ago.", anchor=dt.date(2020, 1, 1), precision="day",
         locale=None)
@example(text="99999 month ago", anchor=dt.date(2020, 1, 1), precision="day", locale=None)
@example(text="He leaves tomorrow.", anchor=dt.date.max, precision="day", locale=None)
def test_find_timexes_never_crashes(text, anchor, precision, locale):
    check_timex(text, anchor, precision, locale)


@QUICK
@given(**PROPERTIES["read_date"].arguments)
@example(text="2023-13-01")
@example(text="9" * 5000 + "-01-01")
def test_read_date_never_crashes(text):
    check_read_date(text)


@QUICK
@given(**PROPERTIES["jsonl"].arguments)
@example(data=b'{"text": "Talks.", "date": "2023-02-30"}')
def test_jsonl_reader_never_crashes(data):
    check_jsonl(data)


@QUICK
@given(**PROPERTIES["csv"].arguments)
def test_csv_reader_never_crashes(data):
    check_csv(data)


@QUICK
@given(**PROPERTIES["warc"].arguments)
@example(data=b"WARC/1.0\r\nWARC-Type: request", compressed=False)  # no WARC-Target-URI
def test_warc_reader_never_crashes(data, compressed):
    check_warc(data, compressed)


@QUICK
@given(**PROPERTIES["feed"].arguments)
def test_feed_reader_never_crashes(data):
    check_feed(data)


@QUICK
@given(**PROPERTIES["header"].arguments)
@example(paragraphs=["2023-13-01", "MOSCOW, 2023-02-30 (Reuters) - Talks went on."], title=None)
def test_header_reader_never_crashes(paragraphs, title):
    check_header(paragraphs, title)


@QUICK
@given(**PROPERTIES["fts_query"].arguments)
def test_fts_query_never_crashes(text):
    check_query(text)


def test_warc_record_without_target_uri_is_a_failure_not_a_crash(tmp_path: Path):
    """Found by fuzzing: warcio raised AttributeError on a response record without a
    WARC-Target-URI, and the whole file failed with a traceback."""
    path = tmp_path / "no-uri.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")
    (failure,) = read_warc(path, SETTINGS)
    assert failure.reason.startswith(f"{path}: not a WARC file (")
