"""Settings: the shipped defaults, DOSSIER_* overrides, and docs that name every one."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from dossier.errors import DataFileError
from dossier.settings import Settings, env_name, limit_hint, load_settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented_with_its_variable():
    text = DOCS.read_text(encoding="utf-8")
    for field in fields(Settings):
        assert f"`{field.name}`" in text, field.name
        assert f"`{env_name(field.name)}" in text, field.name


def test_the_shipped_file_and_the_defaults_agree():
    assert load_settings({}) == Settings()


def test_an_environment_variable_overrides_the_file():
    settings = load_settings({"DOSSIER_MAX_QUERY_TERMS": "8", "DOSSIER_MAX_FILE_MB": "0.5"})
    assert settings.max_query_terms == 8
    assert settings.max_file_bytes == 512 * 1024


@pytest.mark.parametrize("value", ["lots", "-1", ""])
def test_a_bad_variable_is_one_clear_error(value):
    with pytest.raises(DataFileError, match=f"DOSSIER_MAX_UPLOAD_MB={value!r}"):
        load_settings({"DOSSIER_MAX_UPLOAD_MB": value})


def test_a_limit_names_every_way_to_raise_it():
    assert limit_hint("max_file_mb") == \
        "(setting max_file_mb: --max-file-mb or DOSSIER_MAX_FILE_MB)"
    assert limit_hint("max_query_chars") == "(setting max_query_chars: DOSSIER_MAX_QUERY_CHARS)"
