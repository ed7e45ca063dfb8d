"""File → Database… → New city…: a real city from its outline, as `riskmap db init --empty
--boundary` makes it.

The user picks the outline file (any vector file), says where its coordinates came from (with
nothing in the database yet there is nothing to compare them with: GPS or official data, Amap,
Baidu, Tianditu), names the city and its district code; the dialog shows the metric coordinate
system the outline's centre picks (riskmap.io.importer.outline.outline_crs), which the user may
replace. The database itself is made by the Database dialog (DatabaseDialog.create_city).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtWidgets

from riskmap.io.importer import list_layers
from riskmap.io.importer.outline import outline_crs
from riskmap.ui.screen_fit import available, keep_on_screen
from riskmap.ui.workers import JobRunner

_ERROR_STYLE = "color: #c62828;"


@dataclass(frozen=True)
class NewCity:
    """What the dialog asks for: riskmap.demo.install.init_db's outline arguments."""

    path: Path
    datum: str
    name: str
    code: str
    crs: str | None  # None: the one the outline's centre picks
    layer: str | None = None  # the file's layer, when it has several


def _look(path: str, datum: str, layer: str | None) -> tuple[list[str], str | None, str]:
    """The file's layers with features, the one to read (a polygon layer first) and the CRS its
    outline picks."""
    layers = [info for info in list_layers(path) if info.features]
    if layer is None and len(layers) > 1:
        polygons = [i.name for i in layers if "Polygon" in (i.geometry_type or "")]
        layer = polygons[0] if polygons else layers[0].name
    return [i.name for i in layers], layer, outline_crs(path, layer=layer, datum=datum)


class NewCityDialog(QtWidgets.QDialog):
    """The outline file, where its coordinates came from, the city's name, code and CRS."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        #: 新建城市
        self.setWindowTitle(self.tr("New city"))
        self.setMinimumWidth(min(520, available(self).width()))
        self.jobs = JobRunner(self)
        self._suggested = ""  # the CRS the outline picks; the field may hold the user's own
        self._asked: tuple[str, str, str | None] | None = None

        self.file = QtWidgets.QLineEdit()
        #: 城市边界文件（GeoPackage、Shapefile、KML、GeoJSON……）
        self.file.setPlaceholderText(
            self.tr("The city's outline (GeoPackage, Shapefile, KML, GeoJSON …)")
        )
        #: 浏览…
        browse = QtWidgets.QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        file_row = QtWidgets.QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)

        self.datum = QtWidgets.QComboBox()
        for key, text in (
            #: GPS / 官方数据（CGCS2000 / WGS84）
            ("wgs84", self.tr("GPS / official data (CGCS2000 / WGS84)")),
            #: 高德地图（GCJ-02）
            ("gcj02", self.tr("Amap (GCJ-02)")),
            #: 百度地图（BD-09）
            ("bd09", self.tr("Baidu Maps (BD-09)")),
            #: 天地图（CGCS2000）
            ("cgcs2000", self.tr("Tianditu (CGCS2000)")),
        ):
            self.datum.addItem(text, key)
        self.name = QtWidgets.QLineEdit()
        #: 默认为文件名
        self.name.setPlaceholderText(self.tr("default: the file's name"))
        self.code = QtWidgets.QLineEdit()
        #: 行政区划代码，例如 320500
        self.code.setPlaceholderText(self.tr("administrative code, e.g. 320500"))
        self.layer = QtWidgets.QComboBox()  # shown for a file of several layers
        self.crs = QtWidgets.QLineEdit()
        #: 选择边界文件后自动给出，可修改
        self.crs.setPlaceholderText(self.tr("given once the outline is chosen; may be changed"))
        self.crs_note = QtWidgets.QLabel()
        self.crs_note.setWordWrap(True)

        form = QtWidgets.QFormLayout()
        #: 边界文件
        form.addRow(self.tr("Outline file"), file_row)
        #: 图层
        self.layer_caption = QtWidgets.QLabel(self.tr("Layer"))
        form.addRow(self.layer_caption, self.layer)
        #: 坐标来源
        form.addRow(self.tr("Coordinates from"), self.datum)
        #: 城市名称
        form.addRow(self.tr("City name"), self.name)
        #: 区划代码
        form.addRow(self.tr("District code"), self.code)
        #: 坐标系（米制）
        form.addRow(self.tr("Coordinate system (metres)"), self.crs)
        form.addRow("", self.crs_note)

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        #: 新建
        self.ok_button.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.file.textChanged.connect(self._file_changed)
        self.datum.currentIndexChanged.connect(self._outline_changed)
        self.layer.currentIndexChanged.connect(self._outline_changed)
        self._file_changed()
        keep_on_screen(self)

    @property
    def ok_button(self) -> QtWidgets.QPushButton:
        return self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)

    def _browse(self) -> None:
        #: 选择城市边界文件
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the city's outline"),
            self.file.text(),
            "GIS (*.gpkg *.shp *.geojson *.json *.kml *.kmz *.zip);;* (*)",
        )
        if path:
            self.file.setText(path)

    def _file_changed(self) -> None:
        self._set_layers([], None)  # a new file: its layers are looked at afresh
        self._outline_changed()

    def _set_layers(self, names: list[str], chosen: str | None) -> None:
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItems(names)
        if chosen is not None:
            self.layer.setCurrentIndex(max(0, self.layer.findText(chosen)))
        self.layer.blockSignals(False)
        for w in (self.layer, self.layer_caption):
            w.setVisible(len(names) > 1)

    def _outline_changed(self) -> None:
        path = self.file.text().strip()
        self.ok_button.setEnabled(False)
        if not path:
            self.crs_note.setText("")
            return
        layer = self.layer.currentText() or None
        asked = (path, str(self.datum.currentData()), layer)
        self._asked = asked
        #: 正在读取边界 …
        self._note(self.tr("Reading the outline …"), "")
        self.jobs.submit(
            lambda _ctx, a=asked: _look(*a),
            on_done=lambda found, a=asked: self._suggest(a, found),
            on_error=lambda msg, a=asked: self._failed(a, msg),
            label="outline",
        )

    def _suggest(
        self, asked: tuple[str, str, str | None], found: tuple[list[str], str | None, str]
    ) -> None:
        if asked != self._asked:
            return  # the file or the source changed since
        names, layer, crs = found
        self._set_layers(names, layer)
        if not self.crs.text().strip() or self.crs.text().strip() == self._suggested:
            self.crs.setText(crs)
        self._suggested = crs
        #: 按城市中心选定 {0}（中国境内为距离最近的 CGCS2000 三度带，境外为 UTM 带）。
        self._note(
            self.tr(
                "{0} is chosen from the city's centre (the nearest CGCS2000 3° Gauss-Krüger "
                "zone in China, the UTM zone elsewhere)."
            ).format(crs),
            "",
        )
        self.ok_button.setEnabled(True)

    def _failed(self, asked: tuple[str, str, str | None], message: str) -> None:
        if asked != self._asked:
            return
        self._note(message, _ERROR_STYLE)

    def _note(self, text: str, style: str) -> None:
        self.crs_note.setText(text)
        self.crs_note.setStyleSheet(style)

    def city(self) -> NewCity:
        """What the user asked for (after Create)."""
        crs = self.crs.text().strip()
        return NewCity(
            path=Path(self.file.text().strip()),
            datum=str(self.datum.currentData()),
            name=self.name.text().strip(),
            code=self.code.text().strip(),
            crs=None if not crs or crs == self._suggested else crs,
            layer=self.layer.currentText() or None,
        )

    def done(self, result: int) -> None:
        self.jobs.cancel_all()
        self._asked = None
        super().done(result)
