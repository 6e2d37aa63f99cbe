from dossier.iterables import batched


def test_batched_keeps_order_and_the_short_last_part() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched(iter("ab"), 2)) == [["a", "b"]]
    assert list(batched([], 4)) == []
