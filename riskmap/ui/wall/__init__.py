"""The wall display (指挥中心大屏): full screen, dark, read-only, refreshing itself.

`WallWindow` is the display; `WallActions` puts View → Wall display into the main window;
`riskmap.ui.app.open_wall` and `run(..., wall=True)` open it on its own (`riskmap --wall`).
The window is imported on first use, so the main window's start-up does not load it.
"""

from __future__ import annotations

from typing import Any

from riskmap.ui.wall.actions import WallActions, pick_wall_screen

__all__ = ["WallActions", "WallWindow", "pick_wall_screen"]


def __getattr__(name: str) -> Any:
    if name == "WallWindow":
        from riskmap.ui.wall.window import WallWindow

        return WallWindow
    raise AttributeError(f"module 'riskmap.ui.wall' has no attribute {name!r}")
