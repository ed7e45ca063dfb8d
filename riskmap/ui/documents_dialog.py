"""File → 文书设置: the office's document settings, the same for every seat of the database.

Who issues the documents (发文机关), the office's own contact, the document-number prefix
(机关代字) with an example of the next number, the marking at the top left, the official fonts
(the bundled serif unless 方正小标宋 / 仿宋_GB2312 are installed and chosen) and the seal image.
Only an admin changes them; anyone else sees them read-only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.brief.fonts import official_font_choices
from riskmap.core.database import Actor, Store
from riskmap.core.documents import (
    DocumentSettings,
    check_seal,
    format_doc_number,
    load_document_settings,
    peek_number,
    save_document_settings,
)
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text

SEAL_PX = 120
MARKINGS = ("内部资料", "内部资料 注意保存", "")


class DocumentSettingsDialog(QtWidgets.QDialog):
    sigSaved = QtCore.Signal()

    def __init__(
        self,
        store: Store,
        actor: Actor,
        parent: QtWidgets.QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documents_dialog")
        self.store, self.actor = store, actor
        self.today = today or dt.date.today()
        self.settings = load_document_settings(store)
        self.seal: bytes | None = self.settings.seal_png
        self.title_faces, self.body_faces = official_font_choices()

        self.banner = QtWidgets.QLabel(self)
        self.banner.setObjectName("documents_banner")
        self.banner.setWordWrap(True)
        self.office = QtWidgets.QLineEdit(self)
        self.contact = QtWidgets.QLineEdit(self)
        self.phone = QtWidgets.QLineEdit(self)
        self.prefix = QtWidgets.QLineEdit(self)
        self.example = QtWidgets.QLabel(self)
        self.example.setObjectName("documents_example")
        self.marking = QtWidgets.QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(list(MARKINGS))
        self.title_font = QtWidgets.QComboBox(self)
        self.body_font = QtWidgets.QComboBox(self)
        self.seal_view = QtWidgets.QLabel(self)
        self.seal_view.setObjectName("documents_seal")
        self.seal_view.setFixedSize(SEAL_PX, SEAL_PX)
        self.seal_view.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.seal_view.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.seal_pick = QtWidgets.QPushButton(self)
        self.seal_remove = QtWidgets.QPushButton(self)
        self.error = QtWidgets.QLabel(self)
        self.error.setObjectName("documents_error")
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            self,
        )

        seal_box = QtWidgets.QHBoxLayout()
        seal_box.addWidget(self.seal_view)
        seal_buttons = QtWidgets.QVBoxLayout()
        seal_buttons.addWidget(self.seal_pick)
        seal_buttons.addWidget(self.seal_remove)
        seal_buttons.addStretch(1)
        seal_box.addLayout(seal_buttons)
        seal_box.addStretch(1)
        self.form = QtWidgets.QFormLayout()
        self.labels = [QtWidgets.QLabel(self) for _ in range(9)]
        for label, field in zip(
            self.labels,
            (self.office, self.contact, self.phone, self.prefix, self.example, self.marking,
             self.title_font, self.body_font, seal_box),
            strict=True,
        ):  # fmt: skip
            self.form.addRow(label, field)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

        self.prefix.textChanged.connect(self._show_example)
        self.seal_pick.clicked.connect(self.pick_seal)
        self.seal_remove.clicked.connect(lambda: self.set_seal(None))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._fill()
        self.retranslate()
        self._lock(not actor.may("admin"))

    # -- text ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        #: 文书设置
        self.setWindowTitle(self.tr("Document settings"))
        texts = (
            #: 发文机关：
            self.tr("Issuing office:"),
            #: 联系人：
            self.tr("Contact person:"),
            #: 联系电话：
            self.tr("Contact phone:"),
            #: 发文字号前缀：
            self.tr("Number prefix:"),
            #: 发文字号示例：
            self.tr("Next number:"),
            #: 标识（左上角）：
            self.tr("Marking (top left):"),
            #: 标题字体：
            self.tr("Title font:"),
            #: 正文字体：
            self.tr("Body font:"),
            #: 印章图片：
            self.tr("Seal image:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        #: 机关代字，如“石安办督”；年份和序号自动加上
        self.prefix.setToolTip(self.tr("The office's abbreviation, e.g. 石安办督; the year and "
                                       "number are added"))  # fmt: skip
        #: 督办通知上“联系人”一行印的是本办的联系人，而不是收文单位的
        self.contact.setToolTip(self.tr("Printed on every notice as the office's own contact, "
                                        "not the recipient's"))  # fmt: skip
        #: 选择图片…
        self.seal_pick.setText(self.tr("Choose image…"))
        #: 移除
        self.seal_remove.setText(self.tr("Remove"))
        #: 无印章图片：印发时留出盖章位置
        self.seal_view.setToolTip(self.tr("No seal image: room is left for stamping"))
        if not self.actor.may("admin"):
            #: 只有管理员可以修改文书设置；以下为当前设置。
            self.banner.setText(self.tr("Only an admin changes the document settings; these "
                                        "are the current ones."))  # fmt: skip
        else:
            #: 本设置保存在数据库中，所有席位印发的文书都使用它。
            self.banner.setText(self.tr("Saved in the database: every seat issues its "
                                        "documents with these settings."))  # fmt: skip
        self._fill_fonts()
        self._show_example()
        self._show_seal()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- fields -------------------------------------------------------------------------
    def _fill(self) -> None:
        s = self.settings
        self.office.setText(s.office)
        self.contact.setText(s.contact_person)
        self.phone.setText(s.contact_phone)
        self.prefix.setText(s.number_prefix)
        self.marking.setCurrentText(s.marking)

    def _fill_fonts(self) -> None:
        #: 随附宋体（默认）
        bundled = self.tr("Bundled serif (default)")
        #: （本机未安装）
        absent = self.tr(" (not installed here)")
        for combo, faces, current in (
            (self.title_font, self.title_faces, self.settings.title_font),
            (self.body_font, self.body_faces, self.settings.body_font),
        ):
            keep = combo.currentData() if combo.count() else current
            combo.clear()
            combo.addItem(bundled, None)
            for name in faces:
                combo.addItem(name, name)
            if keep and keep not in faces:
                combo.addItem(f"{keep}{absent}", keep)  # another seat's font: kept, not lost
            combo.setCurrentIndex(max(0, combo.findData(keep)) if keep else 0)

    def _show_example(self) -> None:
        prefix = self.prefix.text().strip()
        n = peek_number(self.store, "notice", self.today.year)
        self.example.setText(format_doc_number(prefix, self.today.year, n) if prefix else "")

    def _show_seal(self) -> None:
        if self.seal:
            pix = QtGui.QPixmap()
            pix.loadFromData(self.seal, "PNG")
            mode = QtCore.Qt.TransformationMode.SmoothTransformation
            ratio = QtCore.Qt.AspectRatioMode.KeepAspectRatio
            self.seal_view.setPixmap(pix.scaled(SEAL_PX - 8, SEAL_PX - 8, ratio, mode))
            self.seal_view.setText("")
        else:
            self.seal_view.setPixmap(QtGui.QPixmap())
            #: 无
            self.seal_view.setText(self.tr("None"))
        self.seal_remove.setEnabled(self.seal is not None and self.actor.may("admin"))

    def _lock(self, read_only: bool) -> None:
        for w in (self.office, self.contact, self.phone, self.prefix):
            w.setReadOnly(read_only)
        for w in (self.marking, self.title_font, self.body_font, self.seal_pick):
            w.setEnabled(not read_only)
        self.seal_remove.setEnabled(not read_only and self.seal is not None)
        save = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not read_only)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- seal ---------------------------------------------------------------------------
    def pick_seal(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            #: 选择印章图片
            self.tr("Choose the seal image"),
            str(Path.home()),
            #: PNG 图片 (*.png)
            self.tr("PNG images (*.png)"),
        )
        if path:
            self.set_seal_file(Path(path))

    def set_seal_file(self, path: Path) -> bool:
        """Take the seal from `path`; False (and why, under the form) when it will not do."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_error(error_text(exc))
            return False
        return self.set_seal(data)

    def set_seal(self, data: bytes | None) -> bool:
        try:
            check_seal(data)
        except RiskmapError as exc:
            self.show_error(error_text(exc))
            return False
        if data is not None and not QtGui.QImage.fromData(data, "PNG").width():
            #: 无法读取该图片，请选择 PNG 格式的印章图片
            self.show_error(self.tr("The image cannot be read: choose a PNG seal image"))
            return False
        self.show_error("")
        self.seal = data
        self._show_seal()
        return True

    # -- save ---------------------------------------------------------------------------
    def current(self) -> DocumentSettings:
        return DocumentSettings(
            office=self.office.text().strip(),
            contact_person=self.contact.text().strip(),
            contact_phone=self.phone.text().strip(),
            number_prefix=self.prefix.text().strip(),
            seal_png=self.seal,
            marking=self.marking.currentText().strip(),
            title_font=self.title_font.currentData(),
            body_font=self.body_font.currentData(),
        )

    def save(self) -> bool:
        try:
            save_document_settings(self.store, self.current(), self.actor)
        except RiskmapError as exc:
            self.show_error(error_text(exc))
            return False
        self.settings = load_document_settings(self.store)
        self.sigSaved.emit()
        self.accept()
        return True
