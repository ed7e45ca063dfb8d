"""Noticing that another program changed the database, so the wall re-reads its figures.

For a SQLite file two signals are combined:

* a QFileSystemWatcher on the file, its -wal file and their folder, for a quick reaction. The
  folder is watched because the -wal file comes and goes (the last connection to close
  checkpoints and deletes it) and a watcher forgets a deleted path;
* polling at half the refresh interval, which alone guarantees the interval. A commit in WAL
  mode by another process appends to the -wal file and may not touch the main file at all, and
  file events can be lost (network shares, some container file systems). The poll asks SQLite's
  `PRAGMA data_version` on a read-only connection of its own — it changes exactly when another
  connection committed — and compares the size and mtime of both files as a second opinion.

Other databases (PostgreSQL, until LISTEN/NOTIFY comes with the PostGIS backend) cannot be
asked cheaply: the poll then reports a change every refresh interval and the wall simply re-reads.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from PySide6 import QtCore

from riskmap.store.engine import Store, sqlite_path

DEBOUNCE_MS = 150  # a commit touches the -wal file several times in a row


class DbWatcher(QtCore.QObject):
    """Emits `sigChanged` when the database may have changed since the last emit."""

    sigChanged = QtCore.Signal()

    def __init__(self, store: Store, refresh_ms: int, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = sqlite_path(store.url)
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None
        self.watcher = QtCore.QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._touched)
        self.watcher.directoryChanged.connect(self._touched)
        self.debounce = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.debounce.timeout.connect(self.check)
        self.poll = QtCore.QTimer(self)
        self.poll.timeout.connect(self.check)
        self.set_refresh_ms(refresh_ms)
        self._last = self.signature()
        self._watch_paths()
        self.poll.start()

    def set_refresh_ms(self, refresh_ms: int) -> None:
        """A change shows within `refresh_ms`: the poll runs twice in that time (the second
        half is for the re-read itself)."""
        ms = max(200, int(refresh_ms))
        self.poll.setInterval(ms // 2 if self.path is not None else ms)

    def signature(self) -> tuple[Any, ...] | None:
        """What changes when someone commits; None when the database cannot tell."""
        if self.path is None:
            return None
        return (self._data_version(), _stat(self.path), _stat(_wal(self.path)))

    def check(self) -> bool:
        """Compare with the last look; emit and return True on a change."""
        self._watch_paths()
        sig = self.signature()
        if sig is not None and sig == self._last:
            return False
        self._last = sig
        self.sigChanged.emit()
        return True

    def stop(self) -> None:
        self.poll.stop()
        self.debounce.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- internals ---------------------------------------------------------------------------
    def _touched(self, _path: str) -> None:
        self.debounce.start()

    def _watch_paths(self) -> None:
        if self.path is None:
            return
        wanted = [p for p in (self.path, _wal(self.path), self.path.parent) if p.exists()]
        have = set(self.watcher.files()) | set(self.watcher.directories())
        new = [str(p) for p in wanted if str(p) not in have]
        if new:
            self.watcher.addPaths(new)

    def _data_version(self) -> int | None:
        assert self.path is not None
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            return None
        if self._conn is not None and inode != self._inode:  # the file was replaced
            self._conn.close()
            self._conn = None
        try:
            if self._conn is None:
                # read-only, autocommit: the probe never holds a transaction open, so it never
                # keeps a writer from checkpointing
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, isolation_level=None)
                self._inode = inode
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            return None


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
