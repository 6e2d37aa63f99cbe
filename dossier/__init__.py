"""Dossier: a clean archive and a sourced, dated chronology from a pile of news articles."""

from dossier.pipeline import analyse
from dossier.store import open_store

__all__ = ["analyse", "open_store"]
__version__ = "0.1.0"
