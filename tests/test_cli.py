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
