"""Reading bytes from disk: encodings, binary files, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.ingest.files import decode, looks_binary, read_bytes

RUSSIAN = "Министр обороны России и его узбекский коллега подписали соглашение о сотрудничестве."
FRENCH = "Le ministre a déclaré que l'accord entrerait en vigueur à la fin de l'année prochaine."


def test_utf8_is_read_as_is():
    text, encoding = decode(RUSSIAN.encode("utf-8"))
    assert (text, encoding) == (RUSSIAN, "utf-8")


def test_cp1251_is_decoded_not_mangled():
    text, encoding = decode((RUSSIAN + " " + RUSSIAN).encode("cp1251"))
    assert RUSSIAN in text
    assert encoding.replace("_", "").replace("-", "").lower() in {"cp1251", "windows1251"}


def test_latin1_is_decoded():
    text, _ = decode((FRENCH * 3).encode("latin-1"))
    assert "déclaré" in text and "à la fin" in text


def test_html_declared_charset_wins():
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    text, encoding = decode(html.encode("cp1251"), html=True)
    assert RUSSIAN in text
    assert encoding == "cp1251"


def test_utf16_with_bom():
    text, _ = decode("\ufeff".encode("utf-16-le") + RUSSIAN.encode("utf-16-le"))
    assert text.lstrip("\ufeff") == RUSSIAN


def test_binary_detected():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary(RUSSIAN.encode("utf-8"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02binary\x00", "binary file")],
)
def test_unreadable_files_are_named(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read_bytes(path, 1_000_000)
    assert str(path) in str(error.value)


def test_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "nope.txt", 1000)


def test_too_large_file_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match="too large"):
        read_bytes(path, 1000)
