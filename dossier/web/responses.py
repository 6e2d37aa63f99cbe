"""JSON serialised the way the CLI prints it, so that the API and ``--json`` agree."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse


class DossierJSON(JSONResponse):
    """A JSON response encoded as ``dossier ... --json`` encodes (non-JSON values as str)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str).encode("utf-8")
