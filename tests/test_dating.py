"""The date room (dossier.dating): candidates from each kind of evidence, one resolver under
the bound of when the page was saved, and the record of why one won (``show --why``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from dossier.clean import clean_text
from dossier.cli import cli
from dossier.dating import date_page
from dossier.model import RawDocument

BODY = ("The Senate passed a budget agreement late on Tuesday after weeks of negotiations "
        "between the two parties, leaders said in a statement released after the vote.\n\n"
        "The measure now goes to the House, where a vote is expected later this week, "
        "according to aides familiar with the schedule of the chamber.")


def _date(text: str, **raw: Any) -> tuple[Any, dict[str, Any]]:
    document = RawDocument(origin="t", content_hash="h", text=text, **raw)
    return date_page(document, clean_text(text, url=raw.get("url")), {})


def _verdicts(why: dict[str, Any]) -> dict[str, str]:
    return {c["method"]: c["verdict"] for c in why["candidates"]}


def test_a_stamp_late_in_its_zone_keeps_its_day_and_spans_the_day_in_utc() -> None:
    text = f"Budget deal passes\n\nBy Jane Roe - Nov 19, 2019, 10:31 pm CST\n\n{BODY}"
    published, why = _date(text)
    assert (published.value, published.precision) == ("2019-11-19", "day")
    assert published.span == why["span"] == "2019-11-19/2019-11-20"
    assert published.confidence >= 0.8  # the span holds both days: as sure as the stamp
    # A morning stamp in its zone is one day everywhere: no span.
    published, _ = _date(f"Budget deal passes\n\nBy Jane Roe - Nov 19, 2019, 9:31 am CST\n\n{BODY}")
    assert published.value == "2019-11-19" and published.span is None
    # A day without a time: which day it is in UTC is open, so it is less sure.
    published, _ = _date(f"Budget deal passes\n\nBy Jane Roe - Nov 19, 2019\n\n{BODY}")
    assert published.value == "2019-11-19" and published.confidence < 0.8


def test_the_url_confirms_a_stamp_or_overrules_a_related_storys_date() -> None:
    text = f"Budget deal passes\n\nNovember 18, 2019\n\n{BODY}"
    published, why = _date(text, url="https://news.example.com/2019/11/18/budget-deal/")
    assert published.value == "2019-11-18" and published.confidence >= 0.95
    assert "URL agrees" in _verdicts(why)["header"]
    published, why = _date(text, url="https://news.example.com/2019/12/02/budget-deal/")
    assert (published.value, published.method) == ("2019-12-02", "url")
    assert "disagrees" in _verdicts(why)["url"]
    assert _verdicts(why)["header"].startswith("weaker")


def test_a_url_in_the_text_dates_a_page_without_a_stamp() -> None:
    text = (f"Budget deal passes\n\n{BODY}\n\n"
            "Source: https://news.example.com/politics/2019/11/budget-deal-passes")
    published, _ = _date(text)
    assert (published.value, published.precision, published.method) == ("2019-11", "month",
                                                                         "url")


def test_nothing_dates_a_page_after_it_was_saved() -> None:
    text = f"Budget deal passes\n\nJune 1, 2020\n\n{BODY}"
    published, why = _date(text, extras={"saved": "2020-01-15T08:00:00Z"})
    assert published.value != "2020-06-01"
    assert why["bound"] == "saved" and why["not_after"] == "2020-01-15"
    assert _verdicts(why)["header"] == "after the page was saved"


def test_a_relative_stamp_is_read_against_the_saved_time_only() -> None:
    text = f"Budget deal passes\n\n3 days ago\n\n{BODY}"
    published, _ = _date(text, extras={"saved": "2020-01-15T08:00:00Z"})
    assert (published.value, published.method) == ("2020-01-12", "relative")
    assert "saved time" in published.evidence
    unsaved, _ = _date(text)
    assert unsaved.method != "relative"  # no saved time: "3 days ago" dates nothing


def test_show_why_prints_the_candidates_and_an_undated_page_its_bound(tmp_path: Path) -> None:
    dated = tmp_path / "dated.txt"
    dated.write_text(f"Budget deal passes\n\nNovember 18, 2019\n\n{BODY}", encoding="utf-8")
    undated = tmp_path / "undated.txt"
    undated.write_text("Talks go on\n\n" + BODY.replace("Senate", "committee"),
                       encoding="utf-8")
    db = str(tmp_path / "d.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "ingest", str(dated), str(undated),
                               "--no-enrich"]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["--db", db, "list", "--json"]).output)
    ids = {Path(r["origin"]).name: r["id"] for r in listed}
    shown = runner.invoke(cli, ["--db", db, "show", ids["dated.txt"], "--why"])
    assert shown.exit_code == 0, shown.output
    assert "How the date was decided" in shown.output
    assert "chosen: strongest evidence" in shown.output and "November 18, 2019" in shown.output
    as_json = json.loads(runner.invoke(cli, ["--db", db, "show", ids["dated.txt"], "--why",
                                             "--json"]).output)
    assert as_json["date_why"]["candidates"][0]["method"] == "header"
    shown = runner.invoke(cli, ["--db", db, "show", ids["undated.txt"]])
    assert "unknown (no evidence dates it; not after" in shown.output


def test_a_copyright_year_alone_dates_nothing_and_another_script_still_reads() -> None:
    copyright_only, why = _date(f"Budget deal passes\n\n{BODY}\n\n© 2019 Example News.")
    assert copyright_only.value is None and copyright_only.precision == "unknown"
    assert why["content"]["verdict"] == "no date: nothing supports one"
    ukrainian, _ = _date(f"Budget deal passes\n\nПубліковано 12.03.2019 о 10:15\n\n{BODY}")
    assert (ukrainian.value, ukrainian.method) == ("2019-03-12", "header")


def test_a_content_year_after_the_copyright_year_is_no_date() -> None:
    """The text's latest year (a shop "opens in January 2020") guesses the page's year; a
    page whose copyright line says 2019 was served in 2019: that guess is a plan, not its
    date, and no date is given rather than a wrong one."""
    notes = ("Hollywood Notes: the singer will be honoured at the 2019 awards; a shop "
             "celebrating her career opens in January 2020.\n\nOn Monday, the label issued a "
             "statement.\n\nThe producers denied on Monday that they had settled.")
    guessed, _ = _date(f"Budget deal passes\n\n{notes}\n\n{BODY}")
    assert (guessed.value, guessed.method) == ("2020", "inferred")
    served, why = _date(f"Budget deal passes\n\n{notes}\n\n{BODY}\n\n© 2019 Example News.")
    assert served.value is None
    assert why["content"]["verdict"] == "no date: after the page's copyright year"
