"""What the Chromium tests share: screenshot folder, viewport sizes, small page helpers."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def api(base: str, path: str) -> Any:
    """The JSON a running app returns for ``path``."""
    with urllib.request.urlopen(base + path) as response:
        return json.load(response)


def shot(page: Any, name: str, full: bool = False) -> None:
    """Save a screenshot in docs/screenshots."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full)


def no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"
