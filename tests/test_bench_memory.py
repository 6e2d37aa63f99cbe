"""bench.speed_memory's projection from measured chunks (the arithmetic, not a run)."""

from bench.speed_memory import projection


def test_projection_extends_the_growth_between_the_first_and_last_chunk() -> None:
    rows = [{"articles": 100, "peak_mb": 500.0}, {"articles": 400, "peak_mb": 560.0}]
    # 60 MB over 300 articles: 200 MB per 1,000; 9,600 more articles from 560 MB.
    assert projection(rows) == {"growth_mb_per_1000": 200.0,
                                "projected_peak_mb_at_10000": 2480.0}
    assert projection(rows[:1]) is None
