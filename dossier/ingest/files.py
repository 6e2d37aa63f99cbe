"""Reading bytes from disk safely: size limits, binary detection, encodings."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from dossier.errors import InputError
from dossier.settings import limit_hint

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_size(path: Path, max_bytes: int) -> int:
    """The size of a file that exists, is not empty and is within the limit."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    if size == 0:
        raise InputError(f"{path}: empty file")
    if size > max_bytes:
        raise InputError(
            f"{path}: too large ({size / 1048576:.1f} MB > {max_bytes / 1048576:.3g} MB limit;"
            f" split it, or raise the limit {limit_hint('max_file_mb')})"
        )
    return size


def open_binary(path: Path) -> BinaryIO:
    """A file opened for reading bytes, or an InputError naming it."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a readable, non-empty, not-too-large, non-binary file."""
    check_size(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    if looks_binary(data):
        raise InputError(f"{path}: binary file, not text or HTML")
    return data


def looks_binary(data: bytes) -> bool:
    """Control characters (NUL included) making more than 1% of the first 8 KB mean a
    binary file. One stray NUL in a page is not binary: it is dropped from the text, as
    from every other input (``dossier.clean.normalise.strip_controls``)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls > max(1, len(head) // 100)


def decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding). UTF-8 first, then a declared
    HTML charset, then charset-normalizer's best guess (cp1251, latin-1, ...)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html and (declared := _META_CHARSET.search(data[:4096])):
        name = declared.group(1).decode("ascii", "ignore")
        try:
            return data.decode(name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot determine the text encoding")
    return str(best), best.encoding
