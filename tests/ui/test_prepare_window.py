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


def _shown(qtbot, ws: Workspace, tmp_path: Path, today):
    """The main window on `ws`, signed in as admin, shown and exposed."""
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(ws, settings, "zh", user="admin", today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


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
    win = _shown(qtbot, ws, tmp_path, demo_anchor)
    qtbot.waitUntil(lambda: bool(started), timeout=60_000)
    thread = workspace_module._PREPARING.get(ws.index)
    assert thread is not None
    thread.join(timeout=300)
    assert ws.prepare_in_background() is None  # built: not again
    win.close()
    ws.store.dispose()


def test_a_window_opens_and_draws_while_its_index_is_still_built(
    qtbot, demo_copy: str, tmp_path: Path, demo_anchor, monkeypatch
) -> None:
    """A large city's start (index_later_from, 0 here): the window is built, shown and its map
    drawn from counts while the index is held back; the marks come once it is built."""
    import threading

    import riskmap.core.seat as seat_module

    Workspace.load(open_store(demo_copy)).store.dispose()  # writes the snapshot
    store = open_store(demo_copy)
    seat_module.wait_for_snapshot(seat_module.snapshot_path(seat_module.file_identity(store)))
    release = threading.Event()
    real = seat_module.SpatialIndex.from_sites

    def held(*args, **kwargs):
        release.wait(timeout=120)
        return real(*args, **kwargs)

    monkeypatch.setattr(seat_module.SpatialIndex, "from_sites", held)
    ws = Workspace.load(store, index_later_from=0)
    build = ws._index_build
    assert build is not None
    win = _shown(qtbot, ws, tmp_path, demo_anchor)
    win.grab()  # the first frame, painted
    assert not build.done()  # nothing on the way to it waited for the index
    release.set()
    qtbot.waitUntil(lambda: build.done(), timeout=60_000)
    qtbot.waitUntil(lambda: ws._index_build is None, timeout=60_000)  # the map asked for it
    assert len(ws.index) == len(ws.sites)
    win.close()
    ws.store.dispose()
