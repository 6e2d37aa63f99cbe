"""Search over the seeds and the sample corpus: hits, snippets, filters, ranking."""

from __future__ import annotations

import json

import pytest

from dossier import queries
from dossier.errors import BadDate, InputError


def test_csto_finds_001_and_004(reader_store):
    store, names = reader_store
    found = queries.search(store, "CSTO", limit=50)
    ids = [r["id"] for r in found["results"]]
    assert names["001"] in ids and names["004"] in ids
    assert all("<mark>" in r["snippet"] for r in found["results"] if r["lexical"])


def test_filters_by_source_and_date(reader_store):
    store, names = reader_store
    by_source = queries.search(store, "Uzbekistan", source="RIA Novosti")["results"]
    assert [r["id"] for r in by_source] == [names["000"]]
    dated = queries.search(store, "Uzbekistan", date_from="2005", date_to="2007-12")["results"]
    assert dated and all("2005" <= r["published"]["value"][:4] <= "2007" for r in dated)


def test_phrase_query_and_semantic_blend(reader_store):
    store, names = reader_store
    phrase = queries.search(store, '"alliance agreement"', semantic=False)["results"]
    assert phrase and phrase[0]["id"] == names["000"]
    # A query in other words than the text's still finds the story by meaning.
    meaning = queries.search(store, "bread baked with an old starter", limit=3)["results"]
    assert meaning[0]["id"] == names["bakery"]


def test_a_query_typed_again_is_not_encoded_again(reader_store):
    from dossier.search.engine import query_vector

    store, _ = reader_store
    query = "talks between the presidents in Tashkent"
    first = queries.search(store, query, limit=5)
    hits = query_vector.cache_info().hits
    again = queries.search(store, query, limit=5, date_from="2000")
    assert query_vector.cache_info().hits == hits + 1
    # The same vector: the same semantic scores for the results both searches share.
    scores = {r["id"]: r["score"] for r in first["results"]}
    assert any(scores.get(r["id"]) == r["score"] for r in again["results"])


@pytest.mark.parametrize("query", ['NEAR("x" 2)', "title:CSTO", "CSTO*", '"', "^^ OR OR",
                                   "(((", "'; DROP TABLE articles; --"])
def test_hostile_queries_never_raise(reader_store, query):
    store, _ = reader_store
    assert isinstance(queries.search(store, query)["results"], list)
    assert store.count() > 0


def test_empty_query_and_bad_dates_are_clear(reader_store):
    store, _ = reader_store
    with pytest.raises(InputError, match="empty query"):
        queries.search(store, "   ")
    with pytest.raises(BadDate, match="not a date"):
        queries.search(store, "CSTO", date_from="February 30")


def test_cli_search_json_is_the_query_layer_json(reader_db, cli):
    from click.testing import CliRunner

    from dossier.cli import cli as command
    from dossier.store import open_store

    path, _ = reader_db
    result = CliRunner().invoke(command, ["--db", str(path), "search", "CSTO", "--json"])
    assert result.exit_code == 0, result.output
    store = open_store(path)
    try:
        expected = queries.search(store, "CSTO")
    finally:
        store.close()
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_cli_search_as_a_process_exits_cleanly(reader_db, tmp_path):
    """`dossier search` run as users run it (its own process): the blended search loads
    the model, answers, and exits 0 with nothing on stderr (a background thread still
    tracing the model at exit once made the process abort)."""
    import shutil
    import subprocess
    import sys

    path, names = reader_db
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    done = subprocess.run(
        [sys.executable, "-m", "dossier.cli", "--db", str(copy), "search", "CSTO", "--json"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    ids = [r["id"] for r in json.loads(done.stdout)["results"]]
    assert names["001"] in ids and names["004"] in ids


def test_a_served_app_warms_the_model_before_its_first_search(reader_db, tmp_path):
    """`dossier serve` (``warm_search``) loads the model and builds the traced one-text
    encoder on a thread when it starts; the app's shutdown waits for that thread."""
    import shutil

    from fastapi.testclient import TestClient

    from dossier.nlp.embed import MiniLM, default_embedder
    from dossier.web import create_app

    path, names = reader_db
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    embedder = default_embedder()
    torch = isinstance(embedder, MiniLM)
    if torch:
        embedder._traced = None  # as loaded: not traced (another test may have)
        assert embedder._single() is None
    else:  # onnxruntime: the warm-up runs the session once
        embedder.warmed = False
    with TestClient(create_app(copy, warm_search=True), base_url="http://127.0.0.1") as client:
        found = client.get("/api/search", params={"q": "CSTO"}).json()
        assert names["001"] in [r["id"] for r in found["results"]]
    # Traced (torch) or run once (onnxruntime) by the warm-up, not the search.
    assert callable(embedder._single()) if torch else embedder.warmed


@pytest.mark.parametrize(("query", "setting"), [
    ("the " * 200, "max_query_chars"),
    (" ".join(f"word{n}" for n in range(40)), "max_query_terms"),
])
def test_cli_refuses_a_query_over_a_limit_in_one_line(cli, query, setting):
    """"the " typed 200 times searched for 99 s: now a one-line error naming the setting."""
    result = cli("search", query)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"setting {setting}" in lines[0], result.output
    assert "Traceback" not in result.output
