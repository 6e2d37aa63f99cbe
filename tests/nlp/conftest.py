"""spaCy is loaded once per test session (a few seconds)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    from dossier.nlp.pipeline import load_nlp

    return load_nlp()
