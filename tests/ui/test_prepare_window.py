"""The window starts the index's vertex grid once its map's counts and marks are read, for a city
past PREPARE_FROM sites (lowered here so the demo city counts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore

import riskmap.core.workspace as workspace_module
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def test_the_grid_starts_once_the_map_has_its_counts(
    qtbot, demo_copy: str, tmp_path: Path, demo_anchor, monkeypatch
) -> None:
    monkeypatch.setattr(workspace_module, "PREPARE_FROM", 1)
    started: list[int] = []
    real = Workspace.prepare_in_background

    def spy(self: Workspace, min_sites: int | None = None):
        started.append(len(self.index))
        return real(self, min_sites)

    monkeypatch.setattr(Workspace, "prepare_in_background", spy)
    ws = Workspace.load(open_store(demo_copy))
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(ws, settings, "zh", user="admin", today=demo_anchor)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: bool(started), timeout=60_000)
    thread = workspace_module._PREPARING.get(ws.index)
    assert thread is not None
    thread.join(timeout=300)
    assert ws.prepare_in_background() is None  # built: not again
    win.close()
    ws.store.dispose()
