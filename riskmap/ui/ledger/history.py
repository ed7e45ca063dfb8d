"""A site's audit trail (who changed what, when), newest first, as a collapsible section."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from riskmap.core.history import HistoryEntry
from riskmap.ui.forms import ERROR_RED
from riskmap.ui.ledger.words import words


class HistorySection(QWidget):
    """Header button "History (n)" that folds a list of audit events."""

    sigToggled = Signal(bool)

    def __init__(
        self,
        entries: list[HistoryEntry],
        people: dict[str, str] | None = None,
        unit_names: dict[int, str] | None = None,
        error: str = "",
        expanded: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.entries = list(entries)
        self.labels: list[QLabel] = []
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(expanded)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        #: 修改记录（{0}）
        self.toggle.setText(self.tr("History ({0})").format(len(self.entries)))
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.toggle)
        lay.addWidget(self.body)
        w, e = words(), html.escape
        if error:
            self._add(body, f'<span style="color:{ERROR_RED}">{e(error)}</span>')
        elif not self.entries:
            #: 这个风险点还没有修改记录。
            self._add(body, e(self.tr("No changes recorded for this site yet.")))
        for entry in self.entries:
            who = (people or {}).get(entry.user, entry.user)
            head = f"{e(w.when(entry.at))} · <b>{e(who)}</b> · {e(w.what(entry))}"
            summary = w.summary(entry, people, unit_names)
            self._add(body, head + (f"<br>{e(summary)}" if summary else ""))
        self.toggle.toggled.connect(self._toggled)
        self._toggled(expanded, emit=False)

    def _add(self, layout: QVBoxLayout, text: str) -> None:
        label = QLabel(self.body)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setText(text)
        label.setForegroundRole(QPalette.ColorRole.WindowText)
        layout.addWidget(label)
        self.labels.append(label)

    def _toggled(self, on: bool, emit: bool = True) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)
        if emit:
            self.sigToggled.emit(on)
