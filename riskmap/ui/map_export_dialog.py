"""The Export map dialog (导出地图): extent, format, paper, resolution and title; the page is
drawn off the GUI thread on the window's job runner by riskmap.brief.printmap, written
atomically, and the status bar says where it went.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QEvent

from riskmap.brief.printmap import DEFAULT_DPI, MAX_DPI, MIN_DPI, PAPERS, PrintedMap, PrintRequest
from riskmap.core.presets import PRESETS
from riskmap.ui.workers import Job, JobContext

if TYPE_CHECKING:
    from riskmap.ui.services import Services

VIEW, DISTRICT, PRESET = "view", "district", "preset"


class MapExportDialog(QtWidgets.QDialog):
    """Extent (the current view, a district, a theme), format, paper, resolution and title."""

    sigExported = QtCore.Signal(object)  # PrintedMap
    sigFailed = QtCore.Signal(str)

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map_export_dialog")
        self.services = services
        self.job: Job | None = None
        self.last: PrintedMap | None = None
        # Asks where to save; replaceable (tests have no one to answer a file dialog).
        self.ask_path: Callable[[str], str] = self._ask_path
        ws = services.ws
        self.extent = QtWidgets.QComboBox(self)
        self.extent.setObjectName("map_export_extent")
        self.district = QtWidgets.QComboBox(self)
        self.district.setObjectName("map_export_district")
        levels = ("city", "county", "township")
        ranked = sorted(
            ws.districts, key=lambda d: (levels.index(d.level) if d.level in levels else 3, d.code)
        )
        for d in ranked:
            self.district.addItem(d.name, d.code)
        self.preset = QtWidgets.QComboBox(self)
        self.preset.setObjectName("map_export_preset")
        for p in PRESETS.values():
            self.preset.addItem(p.zh, p.key)
        self.fmt = QtWidgets.QComboBox(self)
        self.fmt.setObjectName("map_export_format")
        self.fmt.addItem("PDF", "pdf")
        self.fmt.addItem("PNG", "png")
        self.paper = QtWidgets.QComboBox(self)
        self.paper.setObjectName("map_export_paper")
        for name in PAPERS:
            self.paper.addItem(name, name)
        self.dpi = QtWidgets.QSpinBox(self)
        self.dpi.setObjectName("map_export_dpi")
        self.dpi.setRange(MIN_DPI, MAX_DPI)
        self.dpi.setSingleStep(50)
        self.dpi.setValue(DEFAULT_DPI)
        self.title = QtWidgets.QLineEdit(self)
        self.title.setObjectName("map_export_title")
        self.status = QtWidgets.QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QtWidgets.QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("map_export_go")
        self.close_button = self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.close)
        self.form = QtWidgets.QFormLayout()
        for w in (self.extent, self.district, self.preset, self.fmt, self.paper, self.dpi,
                  self.title):  # fmt: skip
            self.form.addRow("", w)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.extent.currentIndexChanged.connect(self._sync)
        self.fmt.currentIndexChanged.connect(self._sync)
        self.retranslate()
        self._sync()

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        #: 导出地图
        self.setWindowTitle(self.tr("Export map"))
        current = self.extent.currentIndex()
        self.extent.clear()
        #: 当前视图
        self.extent.addItem(self.tr("Current view"), VIEW)
        #: 行政区
        self.extent.addItem(self.tr("District"), DISTRICT)
        #: 节日/季节专题（全市）
        self.extent.addItem(self.tr("Holiday or season theme (whole city)"), PRESET)
        self.extent.setCurrentIndex(max(current, 0))
        labels = (
            #: 范围
            self.tr("Extent"),
            #: 行政区
            self.tr("District"),
            #: 专题
            self.tr("Theme"),
            #: 格式
            self.tr("Format"),
            #: 纸张（横向）
            self.tr("Paper (landscape)"),
            #: 分辨率（点/英寸）
            self.tr("Resolution (dpi)"),
            #: 标题
            self.tr("Title"),
        )
        for row, text in enumerate(labels):
            item = self.form.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QtWidgets.QLabel):
                item.widget().setText(text)  # type: ignore[union-attr]
        #: 留空则按城市、范围和专题自动生成
        self.title.setPlaceholderText(
            self.tr("Empty: made from the city, the extent and the theme")
        )
        #: 导出…
        self.export_button.setText(self.tr("Export…"))

    def changeEvent(self, ev: QEvent) -> None:
        if ev.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(ev)

    def _sync(self) -> None:
        kind = self.extent.currentData()
        self._show_row(self.district, kind == DISTRICT)
        self._show_row(self.preset, kind == PRESET)
        self._show_row(self.dpi, self.fmt.currentData() == "png")

    def _show_row(self, w: QtWidgets.QWidget, on: bool) -> None:
        w.setVisible(on)
        label = self.form.labelForField(w)
        if label is not None:
            label.setVisible(on)

    # -- exporting ------------------------------------------------------------------------
    def request(self, path: Path) -> PrintRequest:
        """What the dialog's choices ask for, written to `path`."""
        kind = self.extent.currentData()
        s = self.services
        rect = None
        layers: tuple[str, ...] = ()
        if kind == VIEW:
            r = s.canvas.view_rect()
            rect = (r.left(), r.top(), r.right(), r.bottom())
            # What the map shows is what the page shows: the layers ticked in the panel.
            layers = tuple(k for k in s.layer_panel.visible_layers() if k in s.ws.catalog)
        return PrintRequest(
            out=path,
            district=self.district.currentData() if kind == DISTRICT else None,
            rect=rect,
            preset=self.preset.currentData() if kind == PRESET else None,
            layers=layers,
            title=self.title.text().strip(),
            dpi=self.dpi.value(),
            paper=self.paper.currentData(),
            as_of=s.state.as_of,
            lang=s.lang,
        )

    def _ask_path(self, suffix: str) -> str:
        folder = self.services.settings.value("map_export/folder", str(Path.home()))
        #: 地图
        base = self.tr("map")
        name = f"{folder}/{base}.{suffix}"
        kind = f"{suffix.upper()} (*.{suffix})"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, self.windowTitle(), name, kind)
        return path

    def export(self, path: str | Path | None = None) -> Job | None:
        """Print to `path` (asked when None); the job, or None when the user cancelled."""
        suffix = self.fmt.currentData()
        chosen = str(path) if path is not None else self.ask_path(suffix)
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != f".{suffix}":
            target = target.with_name(target.name + f".{suffix}")
        self.services.settings.setValue("map_export/folder", str(target.parent))
        req = self.request(target)
        ws = self.services.ws

        def work(_ctx: JobContext) -> Any:
            from riskmap.brief.printmap import print_map

            return print_map(ws, req)

        self.export_button.setEnabled(False)
        #: 正在导出地图…
        self.status.setText(self.tr("Exporting the map…"))
        self.job = self.services.run(work, self._done, self._failed, label="map export")
        return self.job

    def _done(self, done: PrintedMap) -> None:
        self.last = done
        self.export_button.setEnabled(True)
        #: 已导出地图：{0}
        text = self.tr("Map exported: {0}").format(done.path)
        self.status.setText(text)
        self.services.message(text)
        self.sigExported.emit(done)

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(message)
        self.services.show_error(message)
        self.sigFailed.emit(message)
