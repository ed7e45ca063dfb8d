"""地图 → 底图…: which tiles lie under the layers — none, a local MBTiles file, 天地图 with the
user's own key, or a custom XYZ URL template in WGS84 or GCJ-02 (riskmap.core.tiles)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from riskmap.core.tiles import KINDS, BasemapConfig, looks_gcj02
from riskmap.errors import RiskmapError
from riskmap.io.mbtiles import MBTilesSource
from riskmap.ui.errors import error_text


class BasemapDialog(QtWidgets.QDialog):
    """`config()` is the choice once accepted; OK stays on the dialog while the choice is not
    usable, and the reason is shown under the fields."""

    def __init__(self, current: BasemapConfig, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        #: 底图
        self.setWindowTitle(self.tr("Basemap"))
        self.kind = QtWidgets.QComboBox()
        self.kind.addItems(
            [
                #: 无
                self.tr("None"),
                #: 本地 MBTiles 文件
                self.tr("Local MBTiles file"),
                #: 天地图（密钥）
                self.tr("Tianditu (key)"),
                #: 自定义 XYZ
                self.tr("Custom XYZ"),
            ]
        )
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self._none_page())
        self.pages.addWidget(self._mbtiles_page(current))
        self.pages.addWidget(self._tianditu_page(current))
        self.pages.addWidget(self._xyz_page(current))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.error = QtWidgets.QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QtWidgets.QFormLayout()
        #: 底图来源：
        form.addRow(self.tr("Source:"), self.kind)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.pages)
        lay.addWidget(self.error)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.kind.setCurrentIndex(KINDS.index(current.kind if current.kind in KINDS else "none"))
        self._kind_changed(self.kind.currentIndex())
        self.resize(520, self.sizeHint().height())
        self._config: BasemapConfig | None = None

    # ---------------------------------------------------------------- pages
    def _none_page(self) -> QtWidgets.QWidget:
        #: 不显示底图瓦片，只显示行政区划等本地图层。
        label = QtWidgets.QLabel(self.tr("No tiles: only the map's own layers are drawn."))
        label.setWordWrap(True)
        return label

    def _mbtiles_page(self, current: BasemapConfig) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.path = QtWidgets.QLineEdit(current.path)
        #: 浏览…
        browse = QtWidgets.QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QtWidgets.QFormLayout(page)
        #: 文件：
        form.addRow(self.tr("File:"), row)
        return page

    def _tianditu_page(self, current: BasemapConfig) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.key = QtWidgets.QLineEdit(current.key)
        self.key.setPlaceholderText("0123456789abcdef0123456789abcdef")
        self.tdt_layer = QtWidgets.QComboBox()
        #: 矢量地图（含注记）
        self.tdt_layer.addItem(self.tr("Vector map with labels"), "vec")
        #: 影像地图（含注记）
        self.tdt_layer.addItem(self.tr("Imagery with labels"), "img")
        self.tdt_layer.setCurrentIndex(max(0, self.tdt_layer.findData(current.layer)))
        form = QtWidgets.QFormLayout(page)
        #: 密钥：
        form.addRow(self.tr("Key:"), self.key)
        #: 图层：
        form.addRow(self.tr("Layer:"), self.tdt_layer)
        note = QtWidgets.QLabel(
            #: 密钥在天地图开发者控制台申请；瓦片只在查看地图时下载，并缓存在本机以便离线使用。
            self.tr(
                "Apply for the key in the Tianditu developer console; tiles are downloaded only "
                "while the map is viewed, and cached on this computer for offline use."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _xyz_page(self, current: BasemapConfig) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.url = QtWidgets.QLineEdit(current.url)
        self.url.setPlaceholderText("https://tiles.example.cn/{z}/{x}/{y}.png")
        self.datum = QtWidgets.QComboBox()
        #: WGS84（天地图、OpenStreetMap 等）
        self.datum.addItem(self.tr("WGS84 (Tianditu, OpenStreetMap…)"), "wgs84")
        #: GCJ-02（高德、腾讯等，自动纠偏）
        self.datum.addItem(self.tr("GCJ-02 (Amap, Tencent…, corrected)"), "gcj02")
        self.datum.setCurrentIndex(max(0, self.datum.findData(current.datum)))
        self.url.textEdited.connect(self._url_edited)
        self.subdomains = QtWidgets.QLineEdit(current.subdomains)
        self.subdomains.setPlaceholderText("abc")
        form = QtWidgets.QFormLayout(page)
        #: 瓦片地址：
        form.addRow(self.tr("Tile URL:"), self.url)
        #: 子域名 {s}：
        form.addRow(self.tr("Subdomains {s}:"), self.subdomains)
        #: 坐标系：
        form.addRow(self.tr("Coordinates:"), self.datum)
        note = QtWidgets.QLabel(
            #: 用 {z}、{x}、{y} 标出缩放级别、列号和行号；{s} 轮流取子域名中的字符（如 abc）。
            self.tr(
                "Mark the zoom, column and row with {z}, {x} and {y} in the URL; {s} takes each "
                "character of the subdomains in turn (such as abc)."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        return page

    # ---------------------------------------------------------------- behaviour
    def _kind_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.error.hide()

    def _url_edited(self, text: str) -> None:
        if looks_gcj02(text):  # a host known to serve GCJ-02 tiles marks itself so
            self.datum.setCurrentIndex(self.datum.findData("gcj02"))

    def _browse(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            #: MBTiles 文件
            self,
            self.tr("MBTiles file"),
            self.path.text(),
            "MBTiles (*.mbtiles)",
        )
        if path:
            self.path.setText(path)

    def chosen(self) -> BasemapConfig:
        """What the fields say now (not yet checked)."""
        kind = KINDS[self.kind.currentIndex()]
        return BasemapConfig(
            kind=kind,
            path=self.path.text(),
            key=self.key.text(),
            layer=str(self.tdt_layer.currentData()),
            url=self.url.text(),
            datum=str(self.datum.currentData()),
            subdomains=self.subdomains.text(),
        )

    def accept(self) -> None:
        try:
            cfg = self.chosen().validated()
        except RiskmapError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        if cfg.kind == "mbtiles":
            try:  # a file that is no tile file is said here, not later on the status line
                MBTilesSource(cfg.path).close()
            except RiskmapError as exc:
                self.error.setText(error_text(exc))
                self.error.show()
                return
        self._config = cfg
        super().accept()

    def config(self) -> BasemapConfig | None:
        return self._config


def edit_basemap(parent: QtWidgets.QWidget, current: BasemapConfig) -> BasemapConfig | None:
    """The user's new basemap choice, or None when the dialog was cancelled."""
    dlg = BasemapDialog(current, parent)
    dlg.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    return dlg.config() if dlg.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
