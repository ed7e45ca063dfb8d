"""The file half of the import dialogs: which file and layer, and how to read its coordinates.

Reading runs on the window's job pool (a 10^5-feature GeoPackage takes a moment); the user's
corrections then make changed copies of what was read — another CRS (`with_crs`), a datum
(`with_datum`) — without reading again. Only another layer or text encoding reads the file again.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from riskmap.errors import RiskmapError
from riskmap.io.importer import FeatureSource, SourceError, list_layers, read_features
from riskmap.io.importer.source import (
    DATUM_NAMES,
    TABLE_SUFFIXES,
    check_encoding,
    describe_crs,
)
from riskmap.ui.errors import error_text, notes_text
from riskmap.ui.importer.parts import ERROR_STYLE, RunBar
from riskmap.ui.workers import Job, JobContext, JobRunner

# What the dialogs accept (a dropped file of another kind is refused with these named).
SUFFIXES = (
    ".gpkg",
    ".shp",
    ".zip",
    ".geojson",
    ".json",
    ".kml",
    ".kmz",
    ".gpx",
    ".fgb",
    ".csv",
    ".xlsx",
)
ENCODINGS = ("UTF-8", "GBK", "GB18030", "BIG5", "UTF-16")
DATUMS = ("wgs84", "cgcs2000", "gcj02", "bd09")
_EPSG = re.compile(r"^(?:epsg:)?(\d{4,6})$", re.IGNORECASE)


def file_filter(all_files: str, data_files: str) -> str:
    """The open dialog's filter: the supported suffixes, then everything."""
    patterns = " ".join(f"*{s}" for s in SUFFIXES)
    return f"{data_files} ({patterns});;{all_files} (*)"


def _same_encoding(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str:
        return re.sub(r"[-_\s]", "", (s or "").lower())

    return norm(a) == norm(b)


class SourcePanel(QWidget):
    """File, layer or sheet, format, feature count, CRS, datum, encoding and the reader's notes.

    `source` is the file as read with the user's CRS and datum (None until read or when it
    cannot be); `problem` says what stops an import (unreadable file, no or a bad CRS).
    """

    sigChanged = Signal()  # `source` or `problem` changed
    sigRead = Signal()  # a read finished or failed: the columns may be different

    def __init__(self, jobs: JobRunner, run_bar: RunBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.run_bar = run_bar  # the dialog's: reading shows there, with Cancel
        self._job: Job | None = None
        self.path: Path | None = None
        self.base: FeatureSource | None = None  # as read
        self.source: FeatureSource | None = None  # with the user's CRS and datum
        self.problem = ""
        self._read_problem = ""
        self._encoding: str | None = None  # the encoding asked for (None: the file's own)
        self._generation = 0
        self.reading = False

        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        # Read-only: the first focus goes to what can be changed, not to a selected path.
        self.path_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.browse)
        self.layer_combo = QComboBox(self)
        self.layer_combo.currentIndexChanged.connect(self._layer_chosen)
        self.format_label = QLabel(self)
        self.count_label = QLabel(self)
        self.crs_edit = QLineEdit(self)
        self.crs_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"(?i)(e(p(s(g(:)?)?)?)?)?\d{0,6}"))
        )
        self.crs_edit.setPlaceholderText("EPSG:4490")
        self.crs_edit.textEdited.connect(lambda _t: self._derive())
        self.crs_info = QLabel(self)
        self.crs_info.setWordWrap(True)
        self.datum_combo = QComboBox(self)
        for d in DATUMS:
            self.datum_combo.addItem(DATUM_NAMES[d], d)
        self.datum_combo.currentIndexChanged.connect(lambda _i: self._derive())
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setEditable(True)
        self.encoding_combo.addItems(ENCODINGS)
        self.encoding_combo.activated.connect(lambda _i: self._encoding_chosen())
        line = self.encoding_combo.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._encoding_chosen)
        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        keys = ("file", "layer", "format", "count", "crs", "datum", "encoding", "notes")
        self.captions = {k: QLabel(self) for k in keys}

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        c = self.captions
        grid.addWidget(c["file"], 0, 0)
        grid.addLayout(file_row, 0, 1, 1, 3)
        grid.addWidget(c["layer"], 1, 0)
        grid.addWidget(self.layer_combo, 1, 1)
        grid.addWidget(c["format"], 1, 2)
        grid.addWidget(self.format_label, 1, 3)
        grid.addWidget(c["count"], 2, 0)
        grid.addWidget(self.count_label, 2, 1)
        grid.addWidget(c["encoding"], 2, 2)
        grid.addWidget(self.encoding_combo, 2, 3)
        crs_row = QHBoxLayout()
        crs_row.addWidget(self.crs_edit)
        crs_row.addWidget(self.crs_info, 1)
        grid.addWidget(c["crs"], 3, 0)
        grid.addLayout(crs_row, 3, 1)
        grid.addWidget(c["datum"], 3, 2)
        grid.addWidget(self.datum_combo, 3, 3)
        grid.addWidget(c["notes"], 4, 0)
        grid.addWidget(self.notes_label, 4, 1, 1, 3)
        grid.addWidget(self.error_label, 5, 0, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        self.retranslate()
        self._show()

    def retranslate(self) -> None:
        #: 浏览…
        self.browse_button.setText(self.tr("Browse…"))
        texts = {
            #: 文件
            "file": self.tr("File"),
            #: 图层/工作表
            "layer": self.tr("Layer or sheet"),
            #: 格式
            "format": self.tr("Format"),
            #: 要素数
            "count": self.tr("Features"),
            #: 坐标系
            "crs": self.tr("Coordinate system"),
            #: 坐标基准
            "datum": self.tr("Datum"),
            #: 文字编码
            "encoding": self.tr("Text encoding"),
            #: 说明
            "notes": self.tr("Notes"),
        }
        for key, label in self.captions.items():
            label.setText(texts[key])
        #: 经纬度坐标才有偏移（高德、腾讯为 GCJ-02，百度为 BD-09）
        tip = self.tr("Only longitude/latitude can be offset (GCJ-02: Amap, Tencent; BD-09: Baidu)")
        self.datum_combo.setToolTip(tip)
        #: 文件所用坐标系的 EPSG 代码，如 EPSG:4490（CGCS2000 经纬度）
        tip = self.tr("The EPSG code of the file's coordinates, e.g. EPSG:4490 (CGCS2000 degrees)")
        self.crs_edit.setToolTip(tip)
        self._show()

    # -- reading ---------------------------------------------------------------------------
    def browse(self) -> None:
        start = str(self.path.parent if self.path else Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            #: 选择要导入的文件
            self.tr("Choose the file to import"),
            start,
            file_filter(
                #: 所有文件
                self.tr("All files"),
                #: 数据文件
                self.tr("Data files"),
            ),
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        """Read `path` (its only layer with features, or the first of several)."""
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self._encoding = None
        self._read(None, None)

    def _read(self, layer: str | None, encoding: str | None) -> None:
        path = self.path
        if path is None:
            return
        self._generation += 1
        generation = self._generation
        self.base = self.source = None
        self._read_problem = ""
        self.reading = True
        self._derive()

        def work(ctx: JobContext) -> FeatureSource:
            chosen = layer
            if chosen is None and path.suffix.lower() not in TABLE_SUFFIXES:
                # A file of several layers: the first with features, the others to choose from.
                try:
                    full = [li for li in list_layers(path) if li.features != 0]
                except RiskmapError:
                    full = []  # read_features says precisely what is wrong with the file
                if len(full) > 1:
                    chosen = full[0].name
            return read_features(
                path,
                layer=chosen,
                encoding=encoding,
                progress=lambda done, total, _stage: ctx.progress(done, total),
            )

        if self._job is not None:
            self._job.cancel()  # an earlier read nobody waits for any more
        #: 已取消读取。
        cancelled = self.tr("Reading was cancelled.")
        #: 正在读取 {0}…
        what = self.tr("Reading {0}…").format(path.name)
        self._job = self.run_bar.start(
            self.jobs,
            work,
            lambda src: self._read_done(generation, src),
            lambda text: self._read_failed(generation, text),
            what,
            on_cancelled=lambda: self._read_failed(generation, cancelled),
        )

    def _read_done(self, generation: int, src: FeatureSource) -> None:
        if generation != self._generation:
            return  # the user chose another file, layer or encoding meanwhile
        self._job = None
        self.reading = False
        self.base = src
        self._encoding = src.encoding
        if src.crs and _EPSG.match(src.crs):
            self.crs_edit.setText(src.crs)
        else:
            self.crs_edit.clear()  # not an EPSG code: the description says what the file has
        datum = src.datum or ("wgs84" if src.crs == "EPSG:4326" else "cgcs2000")
        self.datum_combo.blockSignals(True)
        self.datum_combo.setCurrentIndex(DATUMS.index(datum))
        self.datum_combo.blockSignals(False)
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for li in src.layers:
            n = "" if li.features is None else f" ({li.features:,})"
            self.layer_combo.addItem(f"{li.name}{n}", li.name)
        self.layer_combo.setCurrentIndex(max(0, self.layer_combo.findData(src.layer)))
        self.layer_combo.blockSignals(False)
        self.encoding_combo.setCurrentText(src.encoding or "")
        self._derive()
        self.sigRead.emit()

    def _read_failed(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self._job = None
        self.reading = False
        self.base = None
        self._read_problem = text
        self._derive()
        self.sigRead.emit()

    def _layer_chosen(self, _index: int) -> None:
        name = self.layer_combo.currentData()
        if self.base is not None and name and name != self.base.layer:
            given = self._encoding if self.base.encoding_origin == "given" else None
            self._read(str(name), given)

    def _encoding_chosen(self) -> None:
        text = self.encoding_combo.currentText().strip()
        if self.base is None or self.base.encoding is None or not text:
            return
        if _same_encoding(text, self._encoding):
            return
        try:
            check_encoding(text)
        except SourceError as exc:
            self._read_problem = error_text(exc)
            self._show()
            return
        self._encoding = text
        self._read(self.base.layer, text)

    # -- the user's corrections -------------------------------------------------------------
    def set_crs(self, text: str) -> None:
        """Type a CRS into the field (as the user would)."""
        self.crs_edit.setText(text)
        self._derive()

    def set_datum(self, datum: str) -> None:
        self.datum_combo.setCurrentIndex(DATUMS.index(datum))

    def datum(self) -> str:
        return str(self.datum_combo.currentData())

    def _derive(self) -> None:
        """`source` from what was read and the user's CRS and datum; `problem` if any."""
        base = self.base
        self.problem = self._read_problem
        if base is None:
            self.source = None
            if not self.problem and self.path is None:
                #: 请选择文件，或把文件拖到窗口上。
                self.problem = self.tr("Choose a file, or drop one on the window.")
            self._show()
            self.sigChanged.emit()
            return
        src = base
        text = self.crs_edit.text().strip()
        match = _EPSG.match(text)
        if text and match is None:
            #: 请输入 EPSG 代码，如 EPSG:4490。
            self.problem = self.tr("Type an EPSG code such as EPSG:4490.")
        elif match is not None:
            crs = f"EPSG:{match.group(1)}"
            if crs != base.crs:
                try:
                    src = base.with_crs(crs)
                except SourceError:
                    #: 未知的坐标系 {0}。
                    self.problem = self.tr("Unknown coordinate system {0}.").format(crs)
        elif base.crs is None:
            #: 文件没有说明坐标系：请输入其 EPSG 代码。
            self.problem = self.tr("The file names no coordinate system: type its EPSG code.")
        datum = self.datum()
        if src.geographic:
            src = src.with_datum(datum if datum in ("gcj02", "bd09") else None)
        self.source = src
        self._show()
        self.sigChanged.emit()

    # -- display ---------------------------------------------------------------------------
    def _show(self) -> None:
        base, src = self.base, self.source
        self.layer_combo.setEnabled(base is not None and len(base.layers) > 1)
        self.encoding_combo.setEnabled(base is not None and base.encoding is not None)
        self.datum_combo.setEnabled(src is not None and bool(src.geographic))
        self.crs_edit.setEnabled(base is not None)
        if self.reading:
            #: 读取中…
            self.format_label.setText(self.tr("reading…"))
        else:
            self.format_label.setText(base.format if base is not None else "")
        if base is None:
            self.count_label.setText("")
            self.notes_label.setText("")
            self.crs_info.setText("")
        else:
            types = ", ".join(f"{k} {v:,}" for k, v in base.geometry.type_counts().items())
            #: {0} 个（{1}）
            self.count_label.setText(self.tr("{0} ({1})").format(f"{base.count:,}", types))
            self.notes_label.setText(notes_text((src or base).notes) or "—")
            self.crs_info.setText(self._crs_text(src or base))
        self.error_label.setText(self.problem)
        self.error_label.setVisible(bool(self.problem) and not self.reading)

    def _crs_text(self, src: FeatureSource) -> str:
        if src.crs is None:
            #: 未知
            return self.tr("unknown")
        origins = {
            #: 文件所写
            "file": self.tr("from the file"),
            #: 手动指定
            "given": self.tr("as given"),
            #: 推定
            "assumed": self.tr("assumed"),
        }
        try:
            name = describe_crs(src.crs)
        except SourceError:
            name = src.crs
        origin = origins.get(src.crs_origin, "")
        return f"{name} ({origin})" if origin else name
