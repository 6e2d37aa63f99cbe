"""Temporal expressions and document dates.

``find_timexes(text, anchor)`` finds and normalises every temporal expression;
``date_document(text)`` infers an article's date when nothing states it.
"""

from dossier.timex.extract import find_timexes
from dossier.timex.model import DocumentDate, PartialDate, Timex
from dossier.timex.resolve import resolve_relative

__all__ = ["DocumentDate", "PartialDate", "Timex", "find_timexes", "resolve_relative"]
