"""The command line: every command has help; list, show, read, stats; errors are one line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dossier import queries
from dossier.cli import cli as command
from dossier.store import open_store
from tests.conftest import on_both_engines


@pytest.mark.parametrize("name", sorted(command.commands))
def test_every_command_explains_itself(cli, name):
    result = cli(name, "--help")
    assert result.exit_code == 0
    assert len(command.commands[name].help or "") > 20
    assert "Usage: " in result.output


def test_top_level_help_lists_the_commands(cli):
    result = cli("--help")
    for name in ("ingest", "list", "show", "read", "stats"):
        assert name in result.output


@on_both_engines("db_path")
def test_ingest_list_show_read_stats(cli, db_path, articles_dir):
    result = cli("ingest", articles_dir)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 duplicate, 0 failed" in result.output
    listing = json.loads(cli("list", "--json").stdout)
    assert len(listing) == 2
    wire = next(r for r in listing if r["source"] == "Interfax")
    assert wire["title"] == "Kazakhstan and Kyrgyzstan agree to reopen border crossings"

    shown = cli("show", wire["id"][:8])
    assert "Published:" in shown.output and "Read count:   0" in shown.output

    read = cli("read", wire["id"])
    assert read.exit_code == 0
    assert "reopen four border crossings" in read.output
    assert "Sign in" not in read.output and "Кнопка" not in read.output
    again = json.loads(cli("show", wire["id"], "--json").stdout)
    assert again["read_count"] == 1 and again["last_read"]

    stats = json.loads(cli("stats", "--json").stdout)
    assert stats["articles"] == 2 and stats["reads"] == 4  # 1 here + 3 from the app's record


@on_both_engines("db_path")
def test_cli_json_is_the_query_layer_json(cli, db_path, articles_dir):
    cli("ingest", articles_dir)
    store = open_store(db_path)
    try:
        expected = queries.articles(store)
        record = queries.article(store, expected[0]["id"])
    finally:
        store.close()
    assert json.loads(cli("list", "--json").stdout) == json.loads(json.dumps(expected))
    shown = json.loads(cli("show", expected[0]["id"], "--json", "--removed").stdout)
    assert shown == json.loads(json.dumps(record, default=str))


@on_both_engines("db_path")
def test_reingest_adds_nothing(cli, articles_dir):
    cli("ingest", articles_dir)
    result = cli("ingest", articles_dir)
    assert result.exit_code == 0
    assert "0 added, 2 duplicate, 0 failed" in result.output


@on_both_engines("db_path")
def test_unknown_id_is_one_line_and_exit_1(cli, articles_dir):
    cli("ingest", articles_dir)
    for name in ("show", "read", "delete"):
        result = cli(name, "deadbeef")
        assert result.exit_code == 1
        assert result.stderr.strip() == "Error: no article with ID 'deadbeef'"


@on_both_engines("db_path")
def test_exit_code_nonzero_only_when_nothing_ingested(cli, tmp_path, articles_dir):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    only_bad = cli("ingest", bad)
    assert only_bad.exit_code == 1
    assert "binary file" in only_bad.stderr
    mixed = cli("ingest", bad, articles_dir / "wire_with_chrome.txt")
    assert mixed.exit_code == 0
    assert "1 added, 0 duplicate, 1 failed" in mixed.output


def test_bad_database_path_is_one_line(tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(command, ["--db", str(tmp_path / "no" / "dir" / "x.db"), "list"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database")


@on_both_engines("db_path")
def test_delete_asks_first_and_deletes_only_what_is_confirmed(cli, db_path, articles_dir):
    cli("ingest", articles_dir)
    first, second = (r["id"] for r in json.loads(cli("list", "--json").stdout))
    runner = CliRunner()
    refused = runner.invoke(command, ["--db", str(db_path), "delete", first[:8]], input="n\n")
    assert refused.exit_code == 1 and "Delete " + first in refused.stderr
    assert len(json.loads(cli("list", "--json").stdout)) == 2
    confirmed = runner.invoke(command, ["--db", str(db_path), "delete", first[:8]],
                              input="y\n")
    assert confirmed.exit_code == 0 and confirmed.stdout.startswith(f"deleted {first}")
    assert [r["id"] for r in json.loads(cli("list", "--json").stdout)] == [second]
    gone = json.loads(cli("delete", second, "--yes", "--json").stdout)
    assert gone["id"] == second and gone["deleted"] is True
    assert json.loads(cli("list", "--json").stdout) == []


def test_a_folder_with_nothing_dossier_reads_exits_1(cli, tmp_path):
    """Issue 13.12: "3 skipped" exited 0, though the README says 1 when nothing could be
    ingested."""
    folder = tmp_path / "other"
    folder.mkdir()
    for name in ("a.pdf", "b.docx", "c.png"):
        (folder / name).write_bytes(b"%PDF-1.4 not for us")
    result = cli("ingest", "--no-enrich", folder)
    assert result.exit_code == 1
    assert "0 added, 0 duplicate, 0 failed, 3 skipped" in result.output
    assert "nothing to ingest: no file of a kind Dossier reads" in result.stderr


def test_max_file_mb_and_its_environment_variable(cli, tmp_path, monkeypatch):
    from dossier.settings import default_settings

    page = tmp_path / "page.txt"
    page.write_text("Tashkent talks open a new chapter\n\n" + "The ministers met again. " * 9000)
    refused = cli("ingest", "--no-enrich", "--max-file-mb", "0.1", page)
    assert refused.exit_code == 1
    assert "0.1 MB limit; split it, or raise the limit (setting max_file_mb: --max-file-mb " \
           "or DOSSIER_MAX_FILE_MB)" in refused.stderr
    monkeypatch.setenv("DOSSIER_MAX_FILE_MB", "0.1")
    default_settings.cache_clear()
    try:
        assert cli("ingest", "--no-enrich", page).exit_code == 1
        assert cli("ingest", "--no-enrich", "--max-file-mb", "1", page).exit_code == 0
    finally:
        monkeypatch.delenv("DOSSIER_MAX_FILE_MB")
        default_settings.cache_clear()


HUGE = str(2**63)
PAGED = [
    ("list", "--limit"), ("list", "--offset"), ("search", "water", "--lexical", "--limit"),
    ("events", "--limit"), ("claims", "--limit"), ("timeline", "--limit"),
    ("timeline", "--offset"),
]


@pytest.mark.parametrize("args", PAGED, ids=" ".join)
def test_huge_limits_and_offsets_are_one_line_errors(cli, args):
    """--limit/--offset of 2**63 overflowed SQLite's integers: a traceback."""
    result = cli(*args, HUGE)
    assert result.exit_code == 2 and not isinstance(result.exception, OverflowError)
    lines = result.stderr.strip().splitlines()
    assert f"Invalid value for '{args[-1]}'" in lines[-1] and "Traceback" not in result.output


@pytest.mark.parametrize("args", [a for a in PAGED if a[-1] == "--limit"], ids=" ".join)
def test_a_limit_over_the_page_size_names_the_setting(cli, args, monkeypatch):
    monkeypatch.setenv("DOSSIER_MAX_PAGE_SIZE", "7")
    from dossier.settings import default_settings

    default_settings.cache_clear()
    try:
        over, within = cli(*args, "8"), cli(*args, "7")
    finally:
        default_settings.cache_clear()
    assert over.exit_code == 2 and "setting max_page_size" in over.stderr
    assert within.exit_code == 0, within.output


def test_a_default_limit_follows_a_lowered_page_size(cli, monkeypatch):
    monkeypatch.setenv("DOSSIER_MAX_PAGE_SIZE", "7")
    from dossier.settings import default_settings

    default_settings.cache_clear()
    try:
        result = cli("timeline", "--format", "json")
    finally:
        default_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["limit"] == 7


def test_delete_by_a_like_pattern_deletes_nothing(cli, articles_dir):
    """`delete "____abcd" --yes` deleted the article whose ID has abcd at 5-8."""
    cli("ingest", "--no-enrich", articles_dir)
    listed = json.loads(cli("list", "--json").stdout)
    target = listed[0]["id"]
    result = cli("delete", "____" + target[4:8], "--yes")
    assert result.exit_code == 1 and "hex digits" in result.stderr
    assert len(json.loads(cli("list", "--json").stdout)) == len(listed)
