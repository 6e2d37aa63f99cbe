"""analyse_many: the seeds analysed in blocks, in-process and by two worker processes, give
exactly what analyse gives one article at a time, in input order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dossier.events import analyse
from dossier.events.batch import Job, analyse_many, processes_for
from tests.events.gold_seeds import PUBLISHED

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")

RUSSIAN = "Президент России Владимир Путин провёл переговоры с президентом Узбекистана."


@pytest.fixture(scope="module")
def jobs() -> list[Job]:
    out = []
    for seed, (published, precision) in PUBLISHED.items():
        path = next(SEEDS.glob(f"{seed}_*.txt"))
        out.append(Job(path.read_text(encoding="utf-8"), published, precision, seed, path.name))
    out.insert(2, Job(RUSSIAN, dt.date(2020, 1, 1), "day", "ru", "ru.txt"))
    return out


@pytest.fixture(scope="module")
def one_by_one(jobs: list[Job], nlp: Any) -> list[Any]:
    return [analyse(j.text, published=j.published, precision=j.precision,
                    article_id=j.article_id, origin=j.origin) for j in jobs]


@pytest.mark.parametrize("processes", [1, 2])
def test_blocks_and_workers_give_what_one_by_one_gives(jobs, one_by_one, processes):
    out = list(analyse_many(iter(jobs), processes=processes, block=2))
    assert [job for job, _ in out] == jobs
    analyses = [analysis for _, analysis in out]
    assert analyses == one_by_one
    assert analyses[2].language_supported is False
    assert sum(len(a.events) for a in analyses) >= 20


def test_few_articles_stay_in_process():
    assert processes_for(0) == 1
    assert processes_for(10) == 1
