"""Errors a user can cause or act on. The CLI turns each into one line and an exit code."""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error Dossier raises on purpose."""


class InputError(DossierError):
    """An input that cannot be read as an article: missing, binary, empty, too large..."""


class NotFound(DossierError):
    """No article (or other record) with the given ID."""


class BadDate(DossierError):
    """A date that does not exist or cannot be read ("February 30").

    ``reason`` is the message without the value ("month 13 does not exist"), for callers
    that name the value their own way.
    """

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


class DataFileError(DossierError):
    """A data file shipped with Dossier is missing or malformed."""


class StoreError(DossierError):
    """The database cannot be opened or written."""


class StoreUnavailable(StoreError):
    """The database stopped answering (server down, connection lost, file locked or gone):
    not a fault of the article being written. A batch ingest stops on it; a rerun resumes."""


class ClusterError(DossierError):
    """The Dask cluster of ``dossier ingest --cluster`` cannot be reached or used."""
