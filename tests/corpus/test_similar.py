"""Similar readings: the other seeds first, reprints as "same story", incremental updates."""

from __future__ import annotations

from pathlib import Path

from dossier import queries
from dossier.corpus.enrich import enrich
from dossier.ingest import ingest
from dossier.nlp.embed import default_embedder


def test_each_seed_lists_other_seeds_before_unrelated_articles(reader_store):
    store, names = reader_store
    seeds = {names[s] for s in ("000", "001", "002", "003", "004")}
    unrelated = {names[n] for n in ("football", "bakery", "telescope", "phones")}
    for seed in ("000", "001", "002", "003", "004"):
        found = queries.similar(store, names[seed])
        ranked = [link["id"] for link in found["similar"]]
        assert len(ranked) == 5
        assert not set(ranked) & unrelated, seed
        assert set(ranked) & (seeds - {names[seed]}), seed  # another seed among the five
        scores = [link["score"] for link in found["similar"]]
        assert scores == sorted(scores, reverse=True)


def test_seeds_rank_other_seeds_above_unrelated_in_raw_scores(reader_store):
    """With the sample corpus set aside, the other seeds are the nearest readings."""
    store, names = reader_store
    ids, matrix = store.embedding_matrix(default_embedder().name)
    row = {article_id: i for i, article_id in enumerate(ids)}
    seeds = [names[s] for s in ("000", "001", "002", "003", "004")]
    unrelated = [names[n] for n in ("football", "bakery", "telescope", "phones")]
    for seed in seeds:
        vector = matrix[row[seed]]
        worst_seed = min(float(matrix[row[o]] @ vector) for o in seeds if o != seed)
        best_unrelated = max(float(matrix[row[o]] @ vector) for o in unrelated)
        assert worst_seed > best_unrelated


def test_reprint_is_linked_as_same_story_not_similar(reader_store):
    store, names = reader_store
    original = names["steppecourier_russia-uzbekistan-treaty-of-alliance"]
    reprint = names["articles#1"]
    found = queries.similar(store, original)
    assert reprint in {link["id"] for link in found["same_story"]}
    assert reprint not in {link["id"] for link in found["similar"]}


def test_adding_one_article_touches_only_it_and_its_neighbours(reader_store, tmp_path: Path):
    store, names = reader_store
    embedder = default_embedder()
    before = {i: store.neighbours([i])[i] for i in names.values()}
    encoded: list[int] = []

    class Counting:
        name = embedder.name

        def encode(self, texts):  # type: ignore[no-untyped-def]
            encoded.append(len(texts))
            return embedder.encode(texts)

    new = tmp_path / "new.txt"
    new.write_text(
        "Uzbekistan and Russia hold talks on CSTO return\n\n"
        "TASHKENT, May 4 (Test Wire) - Uzbek and Russian diplomats met in Tashkent on Monday "
        "to discuss whether Uzbekistan might rejoin the Collective Security Treaty "
        "Organization, which it left in 2012, officials said after the talks.\n\n"
        "The Uzbek side said no decision had been taken and that its policy of not joining "
        "military blocs remained in force, while Moscow said the door stayed open.\n"
    )
    added = ingest(store, [new]).added[0]["id"]
    enrich(store, [added], Counting())
    assert len(encoded) == 1 and encoded[0] <= 10  # only the new article's sentences
    links = queries.similar(store, added)
    assert len(links["similar"]) == 5
    changed = {i for i in names.values() if store.neighbours([i])[i] != before[i]}
    assert changed <= {link["id"] for link in links["similar"]} | {
        i for i in names.values() if added in {o for o, _, _ in store.neighbours([i])[i]}
    }
