"""Export a layer, or the sites of the current selection on it: which layer, which format, where.

The format is the file's suffix (riskmap.io.export chooses the writer by it); the dialog keeps
suffix and format combo in step, so a name typed with .kml exports KML.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.catalog import Catalog
from riskmap.ui.screen_fit import keep_on_screen

# (suffix, format name as GIS users know it)
FORMATS = (
    (".gpkg", "GeoPackage"),
    (".geojson", "GeoJSON"),
    (".shp", "Shapefile"),
    (".kml", "KML"),
    (".csv", "CSV"),
    (".xlsx", "XLSX"),
)
SUFFIXES = tuple(s for s, _name in FORMATS)


class ExportDialog(QDialog):
    """Layer (with its site count), format and file name."""

    def __init__(
        self,
        catalog: Catalog,
        counts: dict[str, int],
        lang: str = "zh",
        parent: QWidget | None = None,
        *,
        selection: bool = False,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.catalog = catalog
        self.folder = folder or Path.home()
        self._typed = False  # a name the user typed or browsed is kept when the layer changes
        self.layer_combo = QComboBox(self)
        for key, spec in catalog.items():
            n = counts.get(key, 0)
            if n:
                self.layer_combo.addItem(f"{spec.name(lang)} ({n:,})", key)
        self.format_combo = QComboBox(self)
        for suffix, name in FORMATS:
            self.format_combo.addItem(f"{name} ({suffix})", suffix)
        self.path_edit = QLineEdit(self)
        self.path_edit.textEdited.connect(self._path_typed)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.captions = {k: QLabel(self) for k in ("layer", "format", "file")}
        form = QFormLayout()
        form.addRow(self.captions["layer"], self.layer_combo)
        form.addRow(self.captions["format"], self.format_combo)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(self.captions["file"], row)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        if selection:
            #: 导出选区风险点
            self.setWindowTitle(self.tr("Export the selection's sites"))
        else:
            #: 导出图层
            self.setWindowTitle(self.tr("Export layer"))
        #: 图层
        self.captions["layer"].setText(self.tr("Layer"))
        #: 格式
        self.captions["format"].setText(self.tr("Format"))
        #: 文件
        self.captions["file"].setText(self.tr("File"))
        #: 浏览…
        self.browse_button.setText(self.tr("Browse…"))
        self.layer_combo.currentIndexChanged.connect(lambda _i: self._default_name())
        self.format_combo.currentIndexChanged.connect(lambda _i: self._format_changed())
        self._default_name()
        keep_on_screen(self, 640, 0)  # as low as its fields

    def layer(self) -> str | None:
        key = self.layer_combo.currentData()
        return str(key) if key else None

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def set_layer(self, key: str) -> None:
        self.layer_combo.setCurrentIndex(self.layer_combo.findData(key))

    def set_format(self, suffix: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(suffix))

    def _suffix(self) -> str:
        return str(self.format_combo.currentData())

    def _default_name(self) -> None:
        key = self.layer()
        if key is None or self._typed:
            return
        self.path_edit.setText(str(self.folder / f"{self.catalog[key].name_zh}{self._suffix()}"))

    def _format_changed(self) -> None:
        path = self.path()
        if path is not None:
            self.path_edit.setText(str(path.with_suffix(self._suffix())))
        else:
            self._default_name()

    def _path_typed(self, text: str) -> None:
        self._typed = True
        suffix = Path(text.strip()).suffix.lower()
        if suffix in SUFFIXES and suffix != self._suffix():
            self.format_combo.blockSignals(True)
            self.set_format(suffix)
            self.format_combo.blockSignals(False)

    def browse(self) -> None:
        name = dict(FORMATS)[self._suffix()]
        path, _ = QFileDialog.getSaveFileName(
            self,
            #: 导出到
            self.tr("Export to"),
            self.path_edit.text(),
            f"{name} (*{self._suffix()})",
        )
        if path:
            if not Path(path).suffix:
                path += self._suffix()
            self.path_edit.setText(path)
            self._path_typed(path)
