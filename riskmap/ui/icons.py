"""The toolbar's icons: resources/icons/*.svg, drawn for riskmap (monochrome, one accent)."""

from __future__ import annotations

from functools import cache

from PySide6 import QtGui

from riskmap.paths import resources_dir


@cache
def icon(name: str) -> QtGui.QIcon:
    """resources/icons/<name>.svg; a null icon when it is missing (the button shows its text)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QtGui.QIcon(str(path)) if path.is_file() else QtGui.QIcon()
