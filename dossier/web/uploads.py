"""Import by upload: save the files under safe names in a temporary folder, ingest them,
report under the names the user knows (never the client's path, never our temp path)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile

from dossier.ingest import ingest
from dossier.store import Store

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
UPLOAD_ORIGIN = "upload:"


def safe_name(filename: str | None, index: int) -> str:
    """A file name we can write: the last part of the client's name, plain characters only,
    no leading dot, at most 100 characters (keeping the extension that picks the reader)."""
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).lstrip("._")
    if len(base) > 100:
        suffix = PurePosixPath(base).suffix[:16]
        base = base[: 100 - len(suffix)] + suffix
    return base or f"upload-{index}"


def import_uploads(store: Store, files: list[UploadFile]) -> tuple[dict[str, Any], str]:
    """Ingest uploaded files; return the ingest report (as ``dossier ingest --json``, each
    origin named ``upload:<file name>``) and its one-line summary."""
    with tempfile.TemporaryDirectory(prefix="dossier-upload-") as tmp:
        folder = Path(tmp)
        paths: list[Path] = []
        for index, upload in enumerate(files, start=1):
            name = safe_name(upload.filename, index)
            target = folder / name
            while target.exists():
                target = folder / f"{target.stem}-{index}{target.suffix}"
            with target.open("wb") as out:
                upload.file.seek(0)
                shutil.copyfileobj(upload.file, out)
            paths.append(target)
        prefix = str(folder) + "/"
        report = ingest(store, paths, rename=lambda text: text.replace(prefix, UPLOAD_ORIGIN),
                        enrich=True)
    return report.to_dict(), report.summary()
