"""One Settings object for all stages, from ``data/settings.toml`` and ``DOSSIER_*``.

Each setting has a name (the field below), a place in the TOML file and an environment
variable, ``DOSSIER_`` and the name in capitals, which overrides the file. A limit's error
message names its setting with :func:`limit_hint`, so a user can reach it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from dossier.errors import DataFileError
from dossier.resources import load_toml

# Where each setting lives in settings.toml: name -> (section, key).
_PLACES = {
    "max_file_mb": ("ingest", "max_file_mb"),
    "max_record_mb": ("ingest", "max_record_mb"),
    "min_words": ("ingest", "min_words"),
    "words_per_minute": ("reading", "words_per_minute"),
    "max_query_chars": ("search", "max_query_chars"),
    "max_query_terms": ("search", "max_query_terms"),
    "max_upload_mb": ("web", "max_upload_mb"),
    "max_page_size": ("web", "max_page_size"),
    "analyse_processes": ("analyse", "processes"),
    "analyse_min_articles_per_process": ("analyse", "min_articles_per_process"),
    "analyse_batch_size": ("analyse", "batch_size"),
    "embed_onnx": ("embed", "onnx"),
    "embed_threads": ("embed", "threads"),
}

# Options of the command line that set a setting for one run.
_OPTIONS = {"max_file_mb": "--max-file-mb"}


@dataclass(frozen=True)
class Settings:
    max_file_mb: float = 20
    max_record_mb: float = 20
    min_words: int = 20
    words_per_minute: int = 230
    max_query_chars: int = 500
    max_query_terms: int = 32
    max_upload_mb: float = 20
    max_page_size: int = 500
    analyse_processes: int = 0
    analyse_min_articles_per_process: int = 24
    analyse_batch_size: int = 16
    embed_onnx: int = 1
    embed_threads: int = 1

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_record_bytes(self) -> int:
        return int(self.max_record_mb * 1024 * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def with_overrides(self, **values: Any) -> Settings:
        """These settings with some replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def env_name(name: str) -> str:
    """The environment variable that sets a setting: ``DOSSIER_MAX_FILE_MB``."""
    return f"DOSSIER_{name.upper()}"


def limit_hint(name: str) -> str:
    """How a user raises a limit, for its error message: "(setting max_file_mb:
    --max-file-mb or DOSSIER_MAX_FILE_MB)"."""
    ways = [way for way in (_OPTIONS.get(name), env_name(name)) if way]
    return f"(setting {name}: {' or '.join(ways)})"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """The shipped settings, each overridden by its ``DOSSIER_*`` variable where set."""
    environ = os.environ if environ is None else environ
    spec = load_toml("settings.toml")
    values: dict[str, Any] = {}
    for field in fields(Settings):
        section, key = _PLACES[field.name]
        kind = float if field.type in ("float", float) else int
        raw = environ.get(env_name(field.name))
        if raw is None:
            values[field.name] = kind(spec[section][key])
            continue
        try:
            value = kind(raw)
        except ValueError:
            raise DataFileError(
                f"{env_name(field.name)}={raw!r}: not a number ({kind.__name__} expected)"
            ) from None
        if value < 0:
            raise DataFileError(f"{env_name(field.name)}={raw!r}: must not be negative")
        values[field.name] = value
    return Settings(**values)


@cache
def default_settings() -> Settings:
    """The settings of this process (``data/settings.toml`` and ``DOSSIER_*``), read once."""
    return load_settings()


# The deepest a page may start (--offset, ?offset=): far past any archive, and well inside
# the databases' 64-bit integers, which 2**63 overflows.
MAX_OFFSET = 2**31 - 1


def cache_dir() -> Path:
    """Where Dossier keeps files it builds and can build again (the embedding model as an
    ONNX graph, the vector index of a PostgreSQL store): ``$DOSSIER_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/dossier``, else ``~/.cache/dossier``."""
    given = os.environ.get("DOSSIER_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dossier"
