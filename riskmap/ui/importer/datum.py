"""The import's answer to coordinates that look offset: convert them, or keep them as they are.

The core refuses to store lon/lat that look like GCJ-02 (Amap) or BD-09 (Baidu) against what the
city holds until the datum is said (riskmap.io.importer.offset.refuse_offset). A dialog's job
returns that refusal instead of failing (`offset_refusal`), and `DatumChoice` shows it with one
button that converts and runs the import again, and one that keeps the coordinates as given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.importer.parts import ERROR_STYLE, ReportView
from riskmap.ui.screen_fit import body_above_buttons, keep_on_screen

OFFSET_CODE = "import.datum_offset"
STYLE = "QFrame { background: #fff3e0; border: 1px solid #ef6c00; border-radius: 4px; }"


def offset_refusal(work: Callable[[], Any]) -> Any:
    """`work()`'s result, or the offset refusal it raised (any other error goes on)."""
    try:
        return work()
    except RiskmapError as exc:
        if exc.code == OFFSET_CODE:
            return exc
        raise


class DatumChoice(QFrame):
    """The offset finding in words, with Convert from … and Keep as they are."""

    sigConvert = Signal(str)  # the datum to read the coordinates as ("gcj02", "bd09")
    sigKeep = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DatumChoice")
        self.setStyleSheet(STYLE)
        self.refusal: RiskmapError | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("border: none;")
        self.convert_button = QPushButton(self)
        self.convert_button.clicked.connect(self._convert)
        self.keep_button = QPushButton(self)
        self.keep_button.clicked.connect(self._keep)
        lay = QHBoxLayout(self)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.convert_button)
        lay.addWidget(self.keep_button)
        self.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        #: 按原样导入
        self.keep_button.setText(self.tr("Keep as they are"))
        if self.refusal is not None:
            self.show_refusal(self.refusal)

    def show_refusal(self, refusal: RiskmapError) -> None:
        self.refusal = refusal
        self.label.setText(error_text(refusal))
        #: 从 {0} 转换
        self.convert_button.setText(self.tr("Convert from {0}").format(refusal.params["datum"]))
        self.setVisible(True)

    def clear(self) -> None:
        self.refusal = None
        self.setVisible(False)

    def _convert(self) -> None:
        if self.refusal is not None:
            key = str(self.refusal.params["key"])
            self.clear()
            self.sigConvert.emit(key)

    def _keep(self) -> None:
        self.clear()
        self.sigKeep.emit()


class RetriesOffset:
    """What the districts and basemap dialogs share around their job (a mixin beside QDialog):
    the source as the user chose to read it, the job started on the run bar, and the offset
    choice whose two buttons run the last check or import again, converted or as given.

    The dialog has `panel` (SourcePanel), `run_bar`, `jobs`, `lang`, `sigImported`,
    `run(dry_run)`, `_update()`, `_source_read()` and `retranslate(lang)`; `_build_frame` makes
    the rest (`datum_choice`, `report_view`, the buttons) and lays the dialog out."""

    _keep_as_given = False  # the user saw the offset finding and keeps the coordinates
    _last_dry_run = True

    def _build_frame(
        self,
        form_rows: Callable[[QFormLayout], None],
        size: tuple[int, int],
        partial: bool = True,
    ) -> None:
        """The datum choice, status line, report and buttons, around the dialog's own form:
        file, form, datum choice, status, run bar and report scrolling, the buttons below.
        `partial`: whether the import may leave rejected features out (the report offers it)."""
        self.datum_choice = DatumChoice(self)
        self._watch_datum_choice()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.report_view = ReportView(self)
        self.report_view.partial = partial
        self.check_button = QPushButton(self)
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)

        self.file_box = QGroupBox(self)
        QVBoxLayout(self.file_box).addWidget(self.panel)
        self.form_box = QGroupBox(self)
        form_rows(QFormLayout(self.form_box))
        body = QVBoxLayout()
        body.addWidget(self.file_box)
        body.addWidget(self.form_box)
        body.addWidget(self.datum_choice)
        body.addWidget(self.status_label)
        body.addWidget(self.run_bar)
        body.addWidget(self.report_view, 1)
        body_above_buttons(self, body, [self.check_button, self.import_button], [self.close_button])

        self.run_bar.sigEnded.connect(self._update)
        self.panel.sigRead.connect(self._source_read)
        self.panel.sigChanged.connect(self._update)
        self.retranslate(self.lang)
        keep_on_screen(self, *size)

    def _watch_datum_choice(self) -> None:
        self.datum_choice.sigConvert.connect(self._convert)
        self.datum_choice.sigKeep.connect(self._keep)

    def _source_for(self, src: Any, dry_run: bool) -> Any:
        """`src` as this run reads it (as given: CGCS2000 or WGS84, once the user said so)."""
        self._last_dry_run = dry_run
        if self._keep_as_given and src.datum is None:
            return src.with_datum(self.panel.datum())
        return src

    def _start(self, work: Callable[[Any], Any], what: str) -> None:
        self.report_view.clear()
        self.datum_choice.clear()
        show_error = self.report_view.show_message
        # the core writes in one step that cannot stop halfway: no Cancel
        self.run_bar.start(self.jobs, work, self._report_ready, show_error, what, cancellable=False)
        self._update()

    def _convert(self, datum: str) -> None:
        """Read the coordinates as `datum` and run the import (or the check) again."""
        self.panel.set_datum(datum)
        self.run(self._last_dry_run)

    def _keep(self) -> None:
        self._keep_as_given = True
        self.run(self._last_dry_run)

    def _report_ready(self, report: Any) -> None:
        if isinstance(report, RiskmapError):
            self.datum_choice.show_refusal(report)
            return
        self.report_view.show_report(report, self.lang)
        if report.written:
            self.sigImported.emit(report)
