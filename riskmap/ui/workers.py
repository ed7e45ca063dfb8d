"""Long work off the GUI thread: a job runs on a Python worker thread and reports through Qt
signals, which Qt delivers on the GUI thread.

Python threads, not QThreadPool: pyproj 3.7 (the last release for Python 3.11) crashes when it
is first used on a thread Python did not create (pyproj issue #1509, fixed in 3.8), and jobs
reproject (exports, imports, coverage).

A job function takes a `JobContext` to report progress and to see whether the user cancelled;
its result (or its one-line error, in the window's language: riskmap.ui.errors) is delivered
back on the GUI thread. A bug in a job is logged with its traceback; its line names the log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any

from PySide6 import QtCore

from riskmap.ui.errors import error_text


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class JobContext:
    def __init__(self, signals: JobSignals):
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int = 100, text: str = "") -> None:
        """Report progress; raise Cancelled if the user cancelled meanwhile."""
        if self._cancel.is_set():
            raise Cancelled()
        pct = int(100 * done / total) if total else 0
        self._signals.sigProgress.emit(max(0, min(100, pct)), text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class JobSignals(QtCore.QObject):
    sigProgress = QtCore.Signal(int, str)
    sigFinished = QtCore.Signal(object)
    sigFailed = QtCore.Signal(str)
    sigCancelled = QtCore.Signal()


class Job:
    def __init__(self, fn: Callable[[JobContext], Any], label: str = ""):
        self.fn = fn
        self.label = label
        self.signals = JobSignals()
        self.context = JobContext(self.signals)

    def run(self) -> None:
        try:
            result = self.fn(self.context)
        except Cancelled:
            self.signals.sigCancelled.emit()
        except Exception as exc:  # a refusal, the environment, or a bug: the window lives on
            self.signals.sigFailed.emit(error_text(exc, f"job {self.label or '?'}"))
        else:
            if self.context.cancelled:
                self.signals.sigCancelled.emit()
            else:
                self.signals.sigFinished.emit(result)

    def cancel(self) -> None:
        self.context.cancel()


class JobRunner(QtCore.QObject):
    """Starts jobs and keeps them alive until they end."""

    sigBusyChanged = QtCore.Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix="riskmap-job")
        self._jobs: list[Job] = []
        self._futures: list[Future[None]] = []

    def submit(
        self,
        fn: Callable[[JobContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        label: str = "",
    ) -> Job:
        job = Job(fn, label)
        if on_done is not None:
            job.signals.sigFinished.connect(on_done)
        if on_error is not None:
            job.signals.sigFailed.connect(on_error)
        for sig in (job.signals.sigFinished, job.signals.sigFailed, job.signals.sigCancelled):
            sig.connect(lambda *_a, j=job: self._ended(j))
        self._jobs.append(job)
        self.sigBusyChanged.emit(True)
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self.pool.submit(job.run))
        return job

    def _ended(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if not self._jobs:
            self.sigBusyChanged.emit(False)

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every started job has returned (True) or `msecs` passed (False)."""
        _done, pending = futures_wait(self._futures, timeout=msecs / 1000)
        return not pending
