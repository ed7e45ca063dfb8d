"""The wall's figures kept current: re-read on a job thread whenever the database may have
changed (DbWatcher), and the whole city loaded again when its sites changed.

Reads never overlap: a change reported during a read asks for exactly one more read after it,
so the last change is always shown and a burst of commits costs two reads, not one per commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6 import QtCore

from riskmap.core.wall import Figures, read_figures
from riskmap.core.workspace import Workspace
from riskmap.ui.wall.watch import DbWatcher
from riskmap.ui.workers import Job, JobRunner


class LiveFigures(QtCore.QObject):
    """Emits `sigFigures` after every read, `sigWorkspace` with a reloaded city, `sigError`
    with a one-line reason a read failed (the last figures stay valid until the next one)."""

    sigFigures = QtCore.Signal(object)
    sigWorkspace = QtCore.Signal(object)
    sigError = QtCore.Signal(str)

    def __init__(
        self,
        ws: Workspace,
        as_of: Callable[[], dt.date],
        refresh_ms: int,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.as_of = as_of
        self.jobs = JobRunner(self)
        self.figures: Figures | None = None
        self.reads = 0  # finished reads (tests and the log)
        self._read: Job | None = None
        self._again = False
        self._reload: Job | None = None
        self._stopped = False
        self._lazy_sites: tuple[int, int] | None = None  # (count, max id) at the last read
        self.watcher = DbWatcher(ws.store, refresh_ms, self)
        self.watcher.sigChanged.connect(self.refresh)

    def set_refresh_ms(self, ms: int) -> None:
        self.watcher.set_refresh_ms(ms)

    def refresh(self) -> None:
        """Read the figures now (or right after the read under way)."""
        if self._stopped:
            return
        if self._read is not None:
            self._again = True
            return
        ws, day = self.ws, self.as_of()
        job = self.jobs.submit(lambda _ctx: read_figures(ws, day), self._done, self._failed, "wall")
        job.signals.sigCancelled.connect(self._ended)
        self._read = job

    def busy(self) -> bool:
        return self._read is not None or self._reload is not None

    def _done(self, fig: Figures) -> None:
        self.figures = fig
        self.reads += 1
        self.sigFigures.emit(fig)
        sites = (fig.site_count, fig.site_max_id)
        if self.ws.lazy:
            # Nothing loaded to compare with (the map asks the database for its view): the
            # sites changed when the figures say so since the previous read.
            changed = self._lazy_sites is not None and sites != self._lazy_sites
            self._lazy_sites = sites
        else:
            ids = self.ws.sites.ids
            changed = sites != (len(ids), int(ids.max()) if len(ids) else 0)
        if changed:
            self._load_city()
        self._ended()

    def _failed(self, message: str) -> None:
        self.sigError.emit(message)
        self._ended()

    def _ended(self) -> None:
        self._read = None
        if self._again:
            self._again = False
            self.refresh()

    def _load_city(self) -> None:
        """Sites were added or removed (an import): load the city again for the map."""
        if self._reload is not None or self._stopped:
            return
        store, catalog = self.ws.store, self.ws.catalog
        self._reload = self.jobs.submit(
            lambda _ctx: Workspace.load(store, catalog), self._loaded, self._load_failed, "city"
        )

    def _loaded(self, ws: Workspace) -> None:
        self._reload = None
        self.ws = ws
        self.sigWorkspace.emit(ws)
        self.refresh()

    def _load_failed(self, message: str) -> None:
        self._reload = None
        self.sigError.emit(message)

    def stop(self) -> None:
        self._stopped = True
        self.watcher.stop()
        self.jobs.cancel_all()
        self.jobs.wait(5000)
        self.jobs.pool.shutdown(wait=False)  # its idle threads would outlive the wall
