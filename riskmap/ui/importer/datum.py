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
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text

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
