"""Recording an evaluation's results with its date, versions, machine and command."""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parents[1] / "results"
PACKAGES = ("dossier", "trafilatura", "htmldate", "dateparser", "spacy", "justext")


def version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def write_results(name: str, argv: list[str] | None, body: dict[str, Any],
                  module: str | None = None) -> Path:
    """Write ``bench/results/<name>.json`` with the figures and how they were made
    (module: the command's module when it is not ``bench.eval.<name>``)."""
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": f"python -m {module or 'bench.eval.' + name} " + " ".join(
            argv or sys.argv[1:]),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "versions": {p: version(p) for p in PACKAGES},
        **body,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path
