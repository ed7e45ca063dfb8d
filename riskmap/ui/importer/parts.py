"""Pieces the import dialogs share: the progress bar with its Cancel, and the report view.

The dialogs run their work on the window's JobRunner (Python threads: pyproj must never meet a
thread Qt created); `RunBar` follows one job at a time and `ReportView` shows what the core's
ImportReport says, in the user's language, with Save report… and, when some features were
rejected, the offer to import the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from riskmap.errors import RiskmapError
from riskmap.io.importer import ImportReport
from riskmap.ui.errors import error_text
from riskmap.ui.workers import Job, JobContext, JobRunner

ERROR_STYLE = "color: #c62828; font-weight: bold;"
OK_STYLE = "color: #2e7d32; font-weight: bold;"


class RunBar(QWidget):
    """What runs now (reading, checking, importing): a label, a progress bar and Cancel."""

    sigEnded = Signal()  # the job shown has ended (done, failed or cancelled), its outcome handled

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.job: Job | None = None
        self._what = ""
        self._stages: dict[str, str] = {}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.bar, 2)
        lay.addWidget(self.cancel_button)
        self.retranslate()
        self._idle()

    def retranslate(self) -> None:
        #: 取消
        self.cancel_button.setText(self.tr("Cancel"))
        self._stages = {
            #: 检查属性值…
            "check": self.tr("Checking the values…"),
            #: 检查几何…
            "geometry": self.tr("Checking the geometries…"),
            #: 关联镇办…
            "districts": self.tr("Finding each feature's township…"),
            #: 写入…
            "write": self.tr("Writing…"),
            #: 重建索引…
            "indexes": self.tr("Rebuilding the indexes…"),
            #: 提交…
            "commit": self.tr("Committing…"),
            #: 完成
            "done": self.tr("Done"),
        }

    def start(
        self,
        jobs: JobRunner,
        work: Callable[[JobContext], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        what: str,
        *,
        on_cancelled: Callable[[], None] | None = None,
        cancellable: bool = True,
    ) -> Job:
        """Run `work` on `jobs` and show its progress under the words `what` until it ends.

        The outcome handlers go to `submit` itself: a short job can finish on its thread
        before anything connected afterwards would hear of it. Not `cancellable`: work that
        cannot stop halfway, so no Cancel that would only hide its outcome."""
        ref: list[Job] = []

        def done(result: Any) -> None:
            on_done(result)
            self._ended(ref[0])

        def failed(text: str) -> None:
            on_error(text)
            self._ended(ref[0])

        job = jobs.submit(work, done, failed, label=what)
        ref.append(job)

        def cancelled() -> None:
            if on_cancelled is not None:
                on_cancelled()
            self._ended(job)

        # Safe after submit: a job ends cancelled only after Cancel, which comes later still.
        job.signals.sigCancelled.connect(cancelled)
        job.signals.sigProgress.connect(lambda pct, stage: self._progress(job, pct, stage))
        self.job = job
        self._what = what
        self.setVisible(True)
        self.label.setText(what)
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        return job

    def busy(self) -> bool:
        return self.job is not None

    def cancel(self) -> None:
        if self.job is not None and self.cancel_button.isVisibleTo(self):
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            #: 正在取消…
            self.label.setText(self.tr("Cancelling…"))

    def _progress(self, job: Job, pct: int, stage: str) -> None:
        if job is not self.job:
            return
        self.bar.setValue(pct)
        step = self._stages.get(stage, "")
        self.label.setText(f"{self._what} {step}" if step else self._what)

    def _ended(self, job: Job) -> None:
        if job is self.job:
            self.job = None
            self._idle()
            self.sigEnded.emit()

    def _idle(self) -> None:
        self.label.setText("")
        self.setVisible(False)  # no empty row above the report


class ReportView(QWidget):
    """An import's report: the summary, the text with every problem, Save report…, and the
    offer to import the good features when some were rejected."""

    sigImportGood = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.partial = True  # the import can leave rejected features out (districts cannot)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self._save)
        self.good_button = QPushButton(self)
        self.good_button.clicked.connect(self.sigImportGood)
        buttons = QHBoxLayout()
        buttons.addWidget(self.good_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.text, 1)
        lay.addLayout(buttons)
        self._lang = "zh"
        self.clear()

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        #: 保存报告…
        self.save_button.setText(self.tr("Save report…"))
        if self.report is not None:
            self.show_report(self.report, lang)

    def clear(self) -> None:
        self.report = None
        self.summary.setText("")
        self.summary.setStyleSheet("")
        self.text.clear()
        self.text.setVisible(False)
        self.save_button.setVisible(False)
        self.good_button.setVisible(False)

    def good_count(self) -> int:
        """Features that would import if the rejected ones were left out."""
        r = self.report
        if r is None or not self.partial or not r.rejected or r.skipped_rejected:
            return 0
        return max(0, r.features - r.rejected_features)

    def show_report(self, report: ImportReport, lang: str) -> None:
        self.report = report
        self._lang = lang
        failed = bool(report.rejected) and not report.skipped_rejected
        self.summary.setText(report.summary(lang))
        self.summary.setStyleSheet(ERROR_STYLE if failed else OK_STYLE)
        self.text.setPlainText(report.to_text(lang))
        self.text.setVisible(True)
        self.save_button.setVisible(True)
        good = self.good_count()
        self.good_button.setVisible(good > 0)
        #: 导入其余 {0} 个没有问题的要素
        text = self.tr("Import the {0} good features")
        self.good_button.setText(text.format(good))

    def show_message(self, text: str, error: bool = True) -> None:
        """A one-line outcome without a report (a refusal, a cancellation)."""
        self.clear()
        self.summary.setText(text)
        self.summary.setStyleSheet(ERROR_STYLE if error else "")

    def _save(self) -> None:
        if self.report is None:
            return
        stem = Path(self.report.path).stem or "import"
        path, _ = QFileDialog.getSaveFileName(
            self,
            #: 保存导入报告
            self.tr("Save the import report"),
            str(Path.home() / f"{stem}_导入报告.xlsx"),
            #: Excel 文件 (*.xlsx);;CSV 文件 (*.csv);;文本文件 (*.txt)
            self.tr("Excel files (*.xlsx);;CSV files (*.csv);;Text files (*.txt)"),
        )
        if path:
            self.save_report(path)

    def save_report(self, path: str | Path) -> Path | None:
        """Write the report (.txt, .csv or .xlsx by the suffix); None and the reason shown when
        it cannot be written."""
        if self.report is None:
            return None
        try:
            return self.report.write(Path(path))
        except (RiskmapError, OSError) as exc:
            self.summary.setText(error_text(exc))
            self.summary.setStyleSheet(ERROR_STYLE)
            return None
