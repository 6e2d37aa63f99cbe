"""Reading a date given as a date (dossier.dates): ISO strictly, everything else by dateparser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.dates import DateReading, parse_user_date, read_date, read_stated_date
from dossier.errors import BadDate, InputError
from dossier.ingest import ingest
from dossier.model import RawDocument
from dossier.pipeline import bookmark


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01-13", DateReading(2023, 1, 13, "day")),
        ("2023-1-5", DateReading(2023, 1, 5, "day")),
        ("2024-02-29", DateReading(2024, 2, 29, "day")),
        ("2023-05", DateReading(2023, 5, None, "month")),
        ("2023", DateReading(2023, None, None, "year")),
        ("2005-11-14T00:00:00.000Z", DateReading(2005, 11, 14, "day")),
        # The date as written in its zone: 23:30 in New York is still 1 January there.
        ("2023-01-01T23:30:00-05:00", DateReading(2023, 1, 1, "day")),
        ("1999-12-31 23:59:59+0100", DateReading(1999, 12, 31, "day")),
        ("2023-01-01T24:00", DateReading(2023, 1, 1, "day")),
        # Not ISO: dateparser reads it as before.
        ("November 14, 2005", DateReading(2005, 11, 14, "day")),
        ("Tue, 10 Jun 2003 04:00:00 GMT", DateReading(2003, 6, 10, "day")),
    ],
)
def test_read_date(text: str, expected: DateReading):
    assert read_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # dateparser swapped day and month: stored as 2023-01-13 with confidence 0.95.
        ("2023-13-01", "2023-13-01: month 13 does not exist"),
        # These two were dropped without a word.
        ("2023-02-30", "2023-02-30: February 2023 has 28 days"),
        ("99999-01-01", "99999-01-01: year out of range"),
        ("0000-01-01", "0000-01-01: year out of range"),
        ("2023-00", "2023-00: month 0 does not exist"),
        ("2023-04-00", "2023-04-00: day 0 does not exist"),
        ("2023-04-31T10:00Z", "2023-04-31T10:00Z: April 2023 has 30 days"),
        ("2023-05-01T25:00", "2023-05-01T25:00: hour 25 does not exist"),
        ("2023-05-01T12:61", "2023-05-01T12:61: 12:61 is not a time of day"),
        ("9" * 5000 + "-01-01", "9" * 37 + "...: year out of range"),
    ],
)
def test_impossible_iso_dates_say_what_is_wrong(text: str, message: str):
    with pytest.raises(BadDate) as raised:
        read_date(text)
    assert str(raised.value) == message
    assert read_stated_date(text) is None  # in a page or a date line: no date, no failure


def test_a_user_date_that_does_not_exist_is_one_clear_error():
    with pytest.raises(BadDate, match=r"^not a date: '2005-02-30': February 2005 has 28 days "
                                      r"\(use YYYY, YYYY-MM or YYYY-MM-DD\)$"):
        parse_user_date("2005-02-30")


def test_jsonl_record_with_an_impossible_date_fails_naming_line_and_date(store, tmp_path: Path):
    text = "The talks in the capital went on for three days. " * 6
    lines = [{"text": text + "One.", "date": "2023-13-01"},
             {"text": text + "Two.", "date": "2023-02-30"},
             {"text": text + "Three.", "date": "2023-02-28"}]
    path = tmp_path / "dated.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    report = ingest(store, [path])
    assert [(f.origin, f.reason) for f in report.failed] == [
        (f"{path}#L1", f"{path}#L1: date '2023-13-01': month 13 does not exist"),
        (f"{path}#L2", f"{path}#L2: date '2023-02-30': February 2023 has 28 days"),
    ]
    (added,) = report.added
    record = store.article(added["id"])
    assert (record["published"], record["published_method"]) == ("2023-02-28", "metadata")


def test_bookmark_with_an_impossible_date_fails():
    raw = RawDocument(origin="saved.csv#L3", content_hash="x", url="https://a.example/p",
                      date="99999-01-01")
    with pytest.raises(InputError, match=r"^date '99999-01-01': year out of range$"):
        bookmark(raw)


def test_cli_from_an_impossible_date_is_one_line(cli):
    result = cli("search", "treaty", "--from", "2023-13-01")
    assert result.exit_code != 0
    expected = ("Error: not a date: '2023-13-01': month 13 does not exist "
                "(use YYYY, YYYY-MM or YYYY-MM-DD)")
    assert result.output.strip().splitlines() == [expected]


def test_api_from_an_impossible_date_is_a_400(tmp_path: Path):
    from dossier.web.app import create_app

    app = create_app(tmp_path / "api.db")
    with TestClient(app, base_url="http://127.0.0.1") as client:  # a loopback Host
        response = client.get("/api/events", params={"from": "2023-02-30"})
    assert response.status_code == 400
    assert "February 2023 has 28 days" in response.text
