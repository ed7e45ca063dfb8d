"""Small ledger dialogs: the verifier's 验收意见, to send a submission back or to close it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from riskmap.ui.screen_fit import keep_on_screen


class ReviewNoteDialog(QDialog):
    """The verifier's decision on a submission, with the 验收意见 it needs: 退回整改 (what is
    still wrong) or 验收销号 (what the acceptance found; closing is for good, so it is asked)."""

    def __init__(self, hazard_label: str, action: str = "reject", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ReviewNoteDialog" if action == "reject" else "VerifyDialog")
        self.action = action
        prompt = QLabel(self)
        prompt.setWordWrap(True)
        if action == "verify":
            #: 验收销号
            self.setWindowTitle(self.tr("Verify and close"))
            #: 验收销号“{0}”：确认整改已完成并通过验收？销号后不能再修改。请填写验收意见（必填）：
            prompt.setText(
                self.tr(
                    "Verify and close {0}: is the rectification done and accepted? A closed "
                    "rectification cannot change. Acceptance note (required):"
                ).format(hazard_label)
            )
            #: 确认验收销号
            ok_text = self.tr("Confirm: verify and close")
        else:
            #: 退回整改
            self.setWindowTitle(self.tr("Send back for rectification"))
            #: 退回“{0}”的整改。请填写验收意见（必填）：
            prompt.setText(self.tr("Send back {0}. Review note (required):").format(hazard_label))
            #: 退回整改
            ok_text = self.tr("Send back")
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
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
