"""Screens for the offscreen Qt platform: a JSON file per size (the plugin's `configfile`)."""

from __future__ import annotations

import json
from pathlib import Path


def offscreen_platform(folder: Path, width: int, height: int) -> str:
    """The QT_QPA_PLATFORM value for one offscreen screen of width×height device pixels (with
    QT_SCALE_FACTOR, the logical size is that divided by the factor)."""
    path = folder / f"screen_{width}x{height}.json"
    screen = {"name": f"{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    path.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={path}"
