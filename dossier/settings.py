"""One Settings object for all stages, from ``data/settings.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dossier.resources import load_toml


@dataclass(frozen=True)
class Settings:
    max_file_mb: float = 20
    min_words: int = 20
    words_per_minute: int = 230
    analyse_processes: int = 0
    analyse_min_articles_per_process: int = 24
    analyse_batch_size: int = 16

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


@cache
def default_settings() -> Settings:
    """The settings shipped in ``data/settings.toml``."""
    spec = load_toml("settings.toml")
    return Settings(
        max_file_mb=spec["ingest"]["max_file_mb"],
        min_words=spec["ingest"]["min_words"],
        words_per_minute=spec["reading"]["words_per_minute"],
        analyse_processes=spec["analyse"]["processes"],
        analyse_min_articles_per_process=spec["analyse"]["min_articles_per_process"],
        analyse_batch_size=spec["analyse"]["batch_size"],
    )
