"""The district picker of the district selection tool: a searchable list of counties and
townships (Select → Pick district…)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from riskmap.core.workspace import Workspace
from riskmap.ui.screen_fit import keep_on_screen


class DistrictPicker(QtWidgets.QDialog):
    """A searchable list of counties and townships."""

    def __init__(self, ws: Workspace, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pick a district"))
        self.search = QtWidgets.QLineEdit(placeholderText=self.tr("Search…"))
        self.list = QtWidgets.QListWidget()
        indent = {"city": "", "county": "  ", "township": "      "}
        for d in ws.districts:
            item = QtWidgets.QListWidgetItem(f"{indent.get(d.level, '')}{d.name}  {d.code}")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, d.code)
            self.list.addItem(item)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.search.textChanged.connect(self._filter)
        lay = QtWidgets.QVBoxLayout(self)
        for w in (self.search, self.list, buttons):
            lay.addWidget(w)
        fm = self.fontMetrics()
        keep_on_screen(self, fm.averageCharWidth() * 48, fm.height() * 30)

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = bool(text) and text not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def code(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(QtCore.Qt.ItemDataRole.UserRole)
