"""Loading of the data files shipped in ``dossier/data`` (patterns, word lists, settings)."""

from __future__ import annotations

import tomllib
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
