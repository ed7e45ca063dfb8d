"""Small ledger dialogs: who is at the keyboard, and why a submission goes back (验收意见)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from riskmap.ui.ledger.records import UserChoice
from riskmap.ui.ledger.words import words
from riskmap.ui.screen_fit import keep_on_screen

NAME_ROLE = Qt.ItemDataRole.UserRole


class SwitchUserDialog(QDialog):
    """The active users of the database; no password (an internal-network tool, roles guard the
    data and the audit trail names whoever was chosen here)."""

    def __init__(
        self, users: list[UserChoice], current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SwitchUserDialog")
        #: 切换用户
        self.setWindowTitle(self.tr("Switch user"))
        w = words()
        self.list = QListWidget(self)
        for u in users:
            item = QListWidgetItem(f"{u.label}  ({u.name}) · {w.user_role(u.role)}")
            item.setData(NAME_ROLE, u.name)
            self.list.addItem(item)
            if u.name == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        hint = QLabel(self)
        hint.setWordWrap(True)
        #: 以哪位用户的身份使用？台账的每项修改都会记录该用户。
        hint.setText(
            self.tr("Who is using riskmap? Every ledger change is recorded in their name.")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        fm = self.fontMetrics()
        keep_on_screen(self, fm.averageCharWidth() * 50, fm.height() * 20)

    def select(self, name: str) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(NAME_ROLE) == name:
                self.list.setCurrentRow(i)
                return True
        return False

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(NAME_ROLE))


class ReviewNoteDialog(QDialog):
    """退回整改: the verifier says what is still wrong; a reason is required."""

    def __init__(self, hazard_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewNoteDialog")
        #: 退回整改
        self.setWindowTitle(self.tr("Send back for rectification"))
        prompt = QLabel(self)
        prompt.setWordWrap(True)
        #: 退回“{0}”的整改。请填写验收意见（必填）：
        prompt.setText(self.tr("Send back {0}. Review note (required):").format(hazard_label))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        #: 退回整改
        self.ok_button.setText(self.tr("Send back"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.note.toPlainText().strip()))
        )
        lay = QVBoxLayout(self)
        lay.addWidget(prompt)
        lay.addWidget(self.note, 1)
        lay.addWidget(self.buttons)
        fm = self.fontMetrics()
        keep_on_screen(self, fm.averageCharWidth() * 56, fm.height() * 12)

    def text(self) -> str:
        return self.note.toPlainText().strip()
