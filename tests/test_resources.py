"""The data-file readers of ``dossier.resources``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dossier import resources
from dossier.errors import DataFileError


def test_jsonl_records_skip_blank_and_comment_lines_and_name_a_bad_line(
        tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
    (tmp_path / "words.jsonl").write_text(
        '# a comment\n{"lemma": "sign"}\n\n{"lemma": "meet"}\n{"lemma": \n', encoding="utf-8")
    records = resources.jsonl_records("words.jsonl")
    assert next(records) == (2, {"lemma": "sign"})
    assert next(records) == (4, {"lemma": "meet"})
    with pytest.raises(DataFileError, match=r"dossier/data/words\.jsonl line 5"):
        next(records)
    with pytest.raises(DataFileError, match=r"dossier/data/gone\.jsonl"):
        list(resources.jsonl_records("gone.jsonl"))
