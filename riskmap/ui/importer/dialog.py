"""The Import dialog: a city's own file into a risk layer, checked before anything is written.

One window, top to bottom as the work goes: the file and how to read it (`SourcePanel`), the
offset verdict (coordinates copied from Amap or Baidu sit a few hundred metres off; one click
converts them, another keeps them as they are: the core stores offset-looking coordinates only
once one of the two is said), the target layer and its column mapping beside the first rows,
then Check (a dry run) and Import with a progress bar, Cancel and the report (added, updated,
unchanged and gone when the file was imported before). The core does every step
(riskmap.io.importer); this window only gathers the choices and shows the answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.database import Actor
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.io.importer import (
    ImportCancelled,
    ImportPlan,
    ImportReport,
    OffsetVerdict,
    detect_offset,
    import_features,
    plan_import,
)
from riskmap.io.importer.source import DATUM_NAMES
from riskmap.ui.errors import error_text
from riskmap.ui.importer.datum import offset_refusal
from riskmap.ui.importer.mapping import MappingTable, PreviewTable, guess_layer
from riskmap.ui.importer.parts import ERROR_STYLE, ReportView, RunBar
from riskmap.ui.importer.refresh import layer_counts
from riskmap.ui.importer.source_panel import SourcePanel
from riskmap.ui.screen_fit import body_above_buttons, keep_on_screen
from riskmap.ui.workers import Cancelled, JobContext, JobRunner

VERDICT_STYLE = {
    "offset": "background: #fff3e0; border: 1px solid #ef6c00; border-radius: 4px;",
    "fine": "background: #e8f5e9; border: 1px solid #66bb6a; border-radius: 4px;",
    "none": "background: #f5f5f5; border: 1px solid #bdbdbd; border-radius: 4px;",
}


class ImportDialog(QDialog):
    """Import one file into a risk layer (all features or none; the report says which)."""

    sigImported = Signal(object)  # ImportReport of a written import
    sigReport = Signal(object)  # every report shown (dry runs and refusals too)
    sigVerdict = Signal(object)  # OffsetVerdict, once the background check has one

    def __init__(
        self,
        ws: Workspace,
        actor: Actor,
        jobs: JobRunner,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ImportDialog")
        self.ws, self.actor, self.jobs, self.lang = ws, actor, jobs, lang
        self.plan: ImportPlan | None = None
        self.verdict: OffsetVerdict | None = None
        self._verdict_problem = ""
        self._checking_offset = False
        self._offset_generation = 0  # bumped by every read: a late verdict is for another file
        self._imported = False  # this file is in: a second Import would duplicate it
        self._keep_as_given = False  # the user saw the offset verdict and keeps the coordinates
        self._target_chosen = False

        self.run_bar = RunBar(self)
        self.panel = SourcePanel(jobs, self.run_bar, self)
        self.verdict_frame = QFrame(self)
        self.verdict_label = QLabel(self.verdict_frame)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.convert_button = QPushButton(self.verdict_frame)
        self.convert_button.clicked.connect(self.convert_offset)
        self.keep_button = QPushButton(self.verdict_frame)
        self.keep_button.clicked.connect(self.keep_offset)
        vl = QHBoxLayout(self.verdict_frame)
        vl.addWidget(self.verdict_label, 1)
        vl.addWidget(self.convert_button)
        vl.addWidget(self.keep_button)

        self.target_caption = QLabel(self)
        self.layer_combo = QComboBox(self)
        for key, spec in ws.catalog.items():
            self.layer_combo.addItem(spec.name(lang), key)
        self.layer_combo.setCurrentIndex(-1)
        self.layer_combo.currentIndexChanged.connect(self._target_changed)
        self.target_info = QLabel(self)
        self.mapping = MappingTable(self)
        self.mapping.sigChanged.connect(self._mapping_changed)
        self.preview = PreviewTable(self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.report_view = ReportView(self)
        self.report_view.sigImportGood.connect(lambda: self.run_import(skip_rejected=True))
        self.check_button = QPushButton(self)
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.run_import())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        self.append_box = QCheckBox(self)
        self.outside_box = QCheckBox(self)

        self.file_box = QGroupBox(self)
        QVBoxLayout(self.file_box).addWidget(self.panel)
        self.target_box = QGroupBox(self)
        tl = QVBoxLayout(self.target_box)
        row = QHBoxLayout()
        row.addWidget(self.target_caption)
        row.addWidget(self.layer_combo)
        row.addWidget(self.target_info, 1)
        tl.addLayout(row)
        tables = QSplitter(Qt.Orientation.Horizontal, self.target_box)
        tables.addWidget(self.mapping)
        tables.addWidget(self.preview)
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 1)
        tl.addWidget(tables, 1)
        tl.addWidget(self.status_label)
        self.result_box = QGroupBox(self)
        rl = QVBoxLayout(self.result_box)
        options = QHBoxLayout()
        options.addWidget(self.append_box)
        options.addWidget(self.outside_box)
        options.addStretch(1)
        rl.addLayout(options)
        rl.addWidget(self.run_bar)
        rl.addWidget(self.report_view, 1)
        self.split = split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.target_box)
        split.addWidget(self.result_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        body = QVBoxLayout()
        body.addWidget(self.file_box)
        body.addWidget(self.verdict_frame)
        body.addWidget(split, 1)
        body_above_buttons(self, body, [self.check_button, self.import_button], [self.close_button])

        self.run_bar.sigEnded.connect(self._update)
        self.panel.sigRead.connect(self._source_read)
        self.panel.sigChanged.connect(self._source_changed)
        self.retranslate(lang)
        keep_on_screen(self, 1400, 900)

    # -- text --------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        self.lang = lang
        #: 导入数据
        self.setWindowTitle(self.tr("Import data"))
        #: 1 · 文件
        self.file_box.setTitle(self.tr("1 · File"))
        #: 2 · 目标图层与字段对应
        self.target_box.setTitle(self.tr("2 · Target layer and columns"))
        #: 3 · 检查与导入
        self.result_box.setTitle(self.tr("3 · Check and import"))
        #: 导入到
        self.target_caption.setText(self.tr("Import into"))
        #: 检查（试运行）
        self.check_button.setText(self.tr("Check (dry run)"))
        #: 导入
        self.import_button.setText(self.tr("Import"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        #: 全部作为新场所导入（不更新此前从同一来源导入的场所）
        self.append_box.setText(
            self.tr("Import all as new sites (do not update those imported from this file before)")
        )
        #: 本市范围以外的要素也导入（坐标系确认无误时）
        self.outside_box.setText(
            self.tr("Import features lying outside the city too (the coordinate system is right)")
        )
        #: 按原样导入
        self.keep_button.setText(self.tr("Keep as they are"))
        for i in range(self.layer_combo.count()):
            spec = self.ws.catalog[self.layer_combo.itemData(i)]
            self.layer_combo.setItemText(i, spec.name(lang))
        for part in (self.panel, self.mapping, self.run_bar):
            part.retranslate()
        self.report_view.retranslate(lang)
        self._show_verdict()
        self._show_target()
        self._update()

    # -- the file ----------------------------------------------------------------------------
    def open_file(self, path: str) -> None:
        if self.run_bar.busy() and not self.panel.reading:
            #: 正在导入：请等待完成或先取消。
            self.status_label.setText(self.tr("An import is running: wait for it or cancel it."))
            self.status_label.setStyleSheet(ERROR_STYLE)
            return
        self.panel.open_file(path)

    def _source_read(self) -> None:
        """A new read (another file, layer or encoding): columns start again."""
        src = self.panel.source
        self._imported = False
        self._keep_as_given = False
        self.report_view.clear()
        self.preview.set_source(self.panel.base)
        if src is not None and not self._target_chosen:
            key = guess_layer(src, self.ws.catalog)
            if key is not None:
                self._set_target_quietly(key)
        self._detect_offset()
        self._replan(None)
        self._show_verdict()

    def _source_changed(self) -> None:
        """The CRS or datum changed (same columns): keep the user's mapping. No source: a
        read begins (or failed), and the verdict of the file before is gone."""
        if self.panel.source is None:
            self.verdict = None
            self._verdict_problem = ""
            self._offset_generation += 1
            self._checking_offset = False
        self._replan(self.mapping.mapping() if self.mapping.combos else None)
        self._detect_offset()  # a CRS just given may have made them lon/lat
        self._show_verdict()

    def _detect_offset(self) -> None:
        """Test the lon/lat against the city in the background, once per read."""
        src = self.panel.source
        if src is None or not src.geographic or self.verdict is not None:
            return
        if self._checking_offset or self._verdict_problem:
            return
        store = self.ws.store
        as_given = src.with_datum(None)
        generation = self._offset_generation
        self._checking_offset = True

        def work(_ctx: JobContext) -> OffsetVerdict:
            return detect_offset(as_given, store)

        def done(verdict: OffsetVerdict) -> None:
            if generation != self._offset_generation:
                return  # another file or layer by now
            self._checking_offset = False
            self.verdict = verdict
            self._show_verdict()
            self.sigVerdict.emit(verdict)

        def failed(text: str) -> None:
            if generation != self._offset_generation:
                return
            self._checking_offset = False
            self._verdict_problem = text
            self._show_verdict()

        self.jobs.submit(work, done, failed, label="offset check")

    def convert_offset(self) -> None:
        """Read the coordinates as the offset datum the verdict found."""
        if self.verdict is not None and self.verdict.datum:
            self._keep_as_given = False
            self.panel.set_datum(self.verdict.datum)

    def keep_offset(self) -> None:
        """Import the coordinates as given although they look offset (the user says so)."""
        self._keep_as_given = True
        self._show_verdict()

    def _show_verdict(self) -> None:
        v, src = self.verdict, self.panel.source
        self.convert_button.setVisible(False)
        self.keep_button.setVisible(False)
        style = "none"
        if src is None or src.crs is None:
            text = ""  # the file panel says what is missing
        elif not src.geographic:
            #: 投影坐标：不涉及 GCJ-02、BD-09 偏移。
            text = self.tr("Projected coordinates: GCJ-02 and BD-09 offsets do not apply.")
        elif self._verdict_problem:
            #: 偏移检查失败：{0}
            text = self.tr("The offset check failed: {0}").format(self._verdict_problem)
        elif v is None:
            #: 正在检查坐标是否有偏移（对照本库的场所、道路和镇办）…
            text = self.tr(
                "Checking whether the coordinates are offset (against the database's sites, "
                "roads and townships)…"
            )
        elif v.looks_offset and v.datum:
            style = "offset"
            name = DATUM_NAMES[v.datum]
            if self.panel.datum() == v.datum:
                #: 导入时将从 {0} 转换为 CGCS2000。
                done = self.tr("They will be converted from {0} to CGCS2000 on import.")
                text = v.message(self.lang) + "\n" + done.format(name)
            elif self._keep_as_given:
                #: 将按原样导入，不作转换。
                text = v.message(self.lang) + "\n" + self.tr("They will be imported as they are.")
                #: 从 {0} 转换
                self.convert_button.setText(self.tr("Convert from {0}").format(name))
                self.convert_button.setVisible(True)
            else:
                text = v.message(self.lang)
                self.convert_button.setText(self.tr("Convert from {0}").format(name))
                self.convert_button.setVisible(True)
                self.keep_button.setVisible(True)
        else:
            style = "fine" if v.confident else "none"
            text = v.message(self.lang)
        self.verdict_frame.setStyleSheet(f"QFrame {{ {VERDICT_STYLE[style]} }}")
        self.verdict_label.setStyleSheet("border: none;")
        self.verdict_label.setText(text)
        self.verdict_frame.setVisible(bool(text))

    # -- the target and its columns ----------------------------------------------------------
    def set_target(self, key: str) -> None:
        """Import into layer `key` (its columns mapped afresh)."""
        self.layer_combo.setCurrentIndex(self.layer_combo.findData(key))

    def target(self) -> str | None:
        key = self.layer_combo.currentData()
        return str(key) if key else None

    def _set_target_quietly(self, key: str) -> None:
        self.layer_combo.blockSignals(True)
        self.layer_combo.setCurrentIndex(self.layer_combo.findData(key))
        self.layer_combo.blockSignals(False)
        self._show_target()

    def _target_changed(self, _index: int) -> None:
        self._target_chosen = True
        self._show_target()
        self._replan(None)

    def _show_target(self) -> None:
        key = self.target()
        if key is None:
            self.target_info.setText("")
            return
        spec = self.ws.catalog[key]
        kinds = {
            #: 点
            "point": self.tr("points"),
            #: 线
            "line": self.tr("lines"),
            #: 面
            "polygon": self.tr("polygons"),
            #: 线和面
            "line+polygon": self.tr("lines and polygons"),
            #: 任意几何
            "any": self.tr("any geometry"),
        }
        n = layer_counts(self.ws).get(key, 0)
        #: 几何：{0}；现有 {1} 个
        text = self.tr("holds {0}; {1} sites now").format(kinds.get(spec.geometry, ""), f"{n:,}")
        self.target_info.setText(text)

    def _mapping_changed(self) -> None:
        self._replan(self.mapping.mapping())

    def _replan(self, mapping: dict[str, str] | None) -> None:
        """The plan from the mapping (None: matched afresh by the core) and its checks."""
        src, key = self.panel.source, self.target()
        self.plan = None
        if src is None or key is None:
            self.mapping.setRowCount(0)
            self.mapping.combos = {}
            self._update()
            return
        try:
            self.plan = plan_import(src, self.ws.catalog, key, mapping)
        except RiskmapError:
            mapping = None  # a column the file no longer has: match afresh
            self.plan = plan_import(src, self.ws.catalog, key)
        if mapping is None:
            self.mapping.set_plan(src, self.plan, self.lang)
        self.mapping.update_checks(src, self.plan)
        self._update()

    # -- running -----------------------------------------------------------------------------
    def may_import(self) -> bool:
        key = self.target()
        tables = ["sites"] + (["resources"] if key == "resources" else [])
        return all(self.actor.may_write(t) for t in tables)

    def _update(self) -> None:
        """Buttons and the status line from where the work stands."""
        busy = self.run_bar.busy() or self.panel.reading
        missing = self.mapping.missing() if self.plan is not None else []
        problem = ""
        if not self.may_import():
            #: 导入需要管理员角色。
            problem = self.tr("Importing needs the admin role.")
        elif self.panel.problem:
            problem = self.panel.problem
        elif self.panel.source is not None and self.target() is None:
            #: 请选择要导入到的图层。
            problem = self.tr("Choose the layer to import into.")
        elif missing:
            #: 请为必填项选择一列：{0}
            problem = self.tr("Choose a column for the required: {0}").format("、".join(missing))
        ready = not problem and self.plan is not None and self.plan.ok and not busy
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready and not self._imported)
        self.report_view.good_button.setEnabled(ready and not self._imported)
        if not problem and self._imported:
            #: 已导入。要再导入，请选择另一个文件。
            problem = self.tr("Imported. To import more, choose another file.")
            self.status_label.setStyleSheet("")
        else:
            self.status_label.setStyleSheet(ERROR_STYLE if problem else "")
        self.status_label.setText(problem)

    def check(self) -> None:
        """A dry run: every feature checked, nothing written."""
        self._run(dry_run=True, skip_rejected=False)

    def run_import(self, skip_rejected: bool = False) -> None:
        """Write the features (all, or with `skip_rejected` the good ones) in one transaction."""
        self._run(dry_run=False, skip_rejected=skip_rejected)

    def _run(self, dry_run: bool, skip_rejected: bool) -> None:
        src, plan = self.panel.source, self.plan
        if src is None or plan is None or self.run_bar.busy():
            return
        store, actor = self.ws.store, self.actor
        if self._keep_as_given and src.datum is None:
            src = src.with_datum(self.panel.datum())  # as given: CGCS2000 or WGS84
        append, allow_outside = self.append_box.isChecked(), self.outside_box.isChecked()

        def work(ctx: JobContext) -> ImportReport | RiskmapError:
            try:
                return offset_refusal(
                    lambda: import_features(
                        store,
                        actor,
                        src,
                        plan,
                        dry_run=dry_run,
                        skip_rejected=skip_rejected,
                        allow_outside=allow_outside,
                        append=append,
                        progress=lambda done, total, stage: ctx.progress(done, total, stage),
                        cancel=lambda: ctx.cancelled,
                    )
                )
            except ImportCancelled:
                raise Cancelled() from None  # one way to say it: the job was cancelled

        self.report_view.clear()
        #: 检查中…
        checking = self.tr("Checking…")
        #: 导入中…
        importing = self.tr("Importing…")
        what = checking if dry_run else importing
        self.run_bar.start(
            self.jobs, work, self._report_ready, self._failed, what, on_cancelled=self._cancelled
        )
        self._update()

    def _report_ready(self, report: ImportReport | RiskmapError) -> None:
        if isinstance(report, RiskmapError):  # the coordinates look offset: say how to read them
            if self.verdict is None or not self.verdict.looks_offset:
                p = report.params
                self.verdict = OffsetVerdict(p["key"], float(p["offset"]), True)
            self._show_verdict()
            self.report_view.show_message(error_text(report))
            return
        self.report_view.show_report(report, self.lang)
        top, bottom = self.split.sizes()
        if bottom < top:  # the report's problems need more room than the mapping now
            self.split.setSizes([(top + bottom) // 2, (top + bottom) - (top + bottom) // 2])
        if report.written:
            self._imported = True
            self.sigImported.emit(report)
        self.sigReport.emit(report)

    def _failed(self, text: str) -> None:
        self.report_view.show_message(text)

    def _cancelled(self) -> None:
        #: 已取消，未写入任何数据。
        self.report_view.show_message(self.tr("Cancelled: nothing was written."), error=False)

    def reject(self) -> None:
        # Close, Esc and the title bar all end here: a running import is rolled back rather
        # than left writing behind a window that is gone.
        self.run_bar.cancel()
        super().reject()
