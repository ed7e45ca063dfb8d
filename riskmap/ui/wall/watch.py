"""Noticing that another program changed the database, so the wall re-reads its figures (and
the main window its ledger views).

PostgreSQL says so itself: a ChangeListener (riskmap.core.database) holds a connection in
`LISTEN riskmap_changes`, and a QSocketNotifier on its socket wakes the GUI thread only when a
notification arrives — a commit elsewhere shows in well under a second, and an idle database
costs nothing, not even a poll. The notifier is re-made whenever the listener connects again
(after the server went away), and that reconnection reports every table as changed, because
what was committed meanwhile went unheard. No safety poll runs while the listener is connected:
the server delivers every committed change, and TCP keepalives on the listening connection
notice a server that vanished silently. Only while it cannot connect does a timer, every
refresh interval, try again and report a change (the figures are re-read, or their error shown).

For a SQLite file two signals are combined:

* a QFileSystemWatcher on the file, its -wal file and their folder, for a quick reaction. The
  folder is watched because the -wal file comes and goes (the last connection to close
  checkpoints and deletes it) and a watcher forgets a deleted path;
* polling at half the refresh interval, which alone guarantees the interval. A commit in WAL
  mode by another process appends to the -wal file and may not touch the main file at all, and
  file events can be lost (network shares, some container file systems). The poll asks SQLite's
  `PRAGMA data_version` on a read-only connection of its own — it changes exactly when another
  connection committed — and compares the size and mtime of both files as a second opinion.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6 import QtCore

from riskmap.core.database import (
    WATCHED_TABLES,
    ChangeListener,
    DataVersion,
    Store,
    listener_for,
    sqlite_path,
)
from riskmap.errors import StoreError
from riskmap.ui.errors import error_text

# A commit touches the -wal file several times in a row; on PostgreSQL, the commits of several
# seats in the same moment become one re-read.
DEBOUNCE_MS = 150


class DbWatcher(QtCore.QObject):
    """Emits `sigChanged` when the database may have changed since the last emit.

    `ignore_own` (PostgreSQL): not for commits of this process's own `store`, which its own
    views already follow (the main window after its edits). `fallback` (PostgreSQL): while no
    notification can be heard, report a change every refresh interval anyway (the wall re-reads
    and shows why it cannot); without it only the reconnection reports one. `tables` holds the
    tables the last emit was about on PostgreSQL (empty when unknown: SQLite, or a fallback).
    """

    sigChanged = QtCore.Signal()

    def __init__(
        self,
        store: Store,
        refresh_ms: int,
        parent: QtCore.QObject | None = None,
        *,
        ignore_own: bool = False,
        fallback: bool = True,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.path: Path | None = sqlite_path(store.url)
        self.ignore_own = ignore_own
        self.fallback = fallback
        self.tables: set[str] = set()
        self.error = ""  # why PostgreSQL's notifications are not heard now ("" while they are)
        self.listener: ChangeListener | None = None
        self.notifier: QtCore.QSocketNotifier | None = None
        self._heard: set[str] = set()
        self._generation = 0  # the listener's connection the notifier watches
        self._version = DataVersion(self.path) if self.path is not None else None
        self.watcher = QtCore.QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._touched)
        self.watcher.directoryChanged.connect(self._touched)
        self.debounce = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.debounce.timeout.connect(self.check)
        self.poll = QtCore.QTimer(self)
        self.poll.timeout.connect(self._poll_tick)
        self.set_refresh_ms(refresh_ms)
        self._last = self.signature()
        self._watch_paths()
        if store.is_postgis:
            self._listen()
        if self.listener is None:
            self.poll.start()

    def set_refresh_ms(self, refresh_ms: int) -> None:
        """A change shows within `refresh_ms`: the poll runs twice in that time (the second
        half is for the re-read itself). PostgreSQL hears changes at once; there the interval
        is how often to try listening again while the server cannot be reached."""
        ms = max(200, int(refresh_ms))
        self.poll.setInterval(ms // 2 if self.path is not None else ms)

    def listening(self) -> bool:
        """True while PostgreSQL's notifications reach this watcher."""
        return self.listener is not None and self.listener.connected

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
        self.tables, self._heard = self._heard, set()
        self.sigChanged.emit()
        return True

    def stop(self) -> None:
        self.poll.stop()
        self.debounce.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
        if self._version is not None:
            self._version.close()
        self._drop_notifier()
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    # -- PostgreSQL ------------------------------------------------------------------------
    def _listen(self) -> None:
        """Start listening; on failure the poll timer re-reads (and tries again) meanwhile."""
        try:
            self.listener = listener_for(self.store, ignore_own=self.ignore_own)
        except StoreError as exc:
            self.error = error_text(exc)
            return
        self.error = ""
        self._watch_socket()
        # Notifications that came with the LISTEN's own reply are in the listener already, and
        # the socket will not say so: look once.
        QtCore.QTimer.singleShot(0, self, self._readable)

    def _watch_socket(self) -> None:
        assert self.listener is not None
        self._drop_notifier()
        self._generation = self.listener.connects
        self.notifier = QtCore.QSocketNotifier(
            self.listener.fileno(), QtCore.QSocketNotifier.Type.Read, self
        )
        self.notifier.activated.connect(self._readable)

    def _drop_notifier(self) -> None:
        # Disabled before its socket is closed: Qt would warn about (and poll) a dead descriptor.
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None

    def _readable(self, *_args: Any) -> None:
        """The listener's socket has data (or the server closed it): take the notifications."""
        listener = self.listener
        if listener is None:
            return
        if self.notifier is not None:
            self.notifier.setEnabled(False)  # poll() may close this socket and open another
        tables = listener.poll()
        if not listener.connected:  # lost, and the server is not back yet
            self._drop_notifier()
            self.error = listener.error
            self.poll.start()
            return
        self.error = ""
        self.poll.stop()
        if self.notifier is None or listener.connects != self._generation:
            self._watch_socket()
        else:
            self.notifier.setEnabled(True)
        if tables:
            self._heard |= tables
            # Not restarted by further notifications: a steady stream of commits must not hold
            # the emit back for ever. A burst within the delay still costs one re-read.
            if not self.debounce.isActive():
                self.debounce.start()

    def _poll_tick(self) -> None:
        if self.path is not None or not self.store.is_postgis:
            self.check()
            return
        # PostgreSQL, not listening: try again (a reconnection reports every table changed);
        # while the server stays away, the wall re-reads anyway and shows why it cannot.
        if self.listener is None:
            self._listen()
            if self.listener is not None:  # at last: what was committed before went unheard
                self._heard |= set(WATCHED_TABLES)
                self.check()
                return
        else:
            self._readable()
        if self.fallback and not self.listening():
            self.check()

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
        assert self._version is not None
        return self._version.read()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
