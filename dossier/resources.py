"""Loading of the data files shipped in ``dossier/data`` (patterns, word lists, settings)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from dossier.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """The path of a file shipped in ``dossier/data``."""
    return DATA_DIR / name


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse a TOML data file once; a broken file fails naming itself."""
    try:
        return tomllib.loads(data_path(name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataFileError(f"dossier/data/{name}: {error}") from error


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a text data file."""
    try:
        text = data_path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(f"dossier/data/{name}: {error}") from error
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def jsonl_records(name: str) -> Iterator[tuple[int, Any]]:
    """Each record of a JSON-lines data file with its line number, blank and "#" lines
    skipped; a missing file or a line that is not JSON fails naming the file and line."""
    try:
        lines = data_path(name).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataFileError(f"dossier/data/{name}: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"dossier/data/{name} line {number}: {error}") from error
