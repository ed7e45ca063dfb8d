"""File → 导入底图…: the city's own roads, water and land use as the grey basemap under the risk
layers (riskmap.io.importer.basemap; `riskmap import --basemap` on the command line).

The same file panel and datum check as the other imports; instead of a column mapping, what the
file holds (found by its OSM tags, or roads, water or land use throughout). Importing the same
file (and layer) again replaces what it imported before. Basemap features are not sites: they
carry no hazards and no dossier counts them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from riskmap.core.database import Actor
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.io.importer import ImportReport, import_basemap
from riskmap.ui.importer.datum import RetriesOffset, offset_refusal
from riskmap.ui.importer.parts import RunBar
from riskmap.ui.importer.source_panel import SourcePanel
from riskmap.ui.workers import JobContext, JobRunner

KINDS = ("auto", "road", "water", "landuse")


class BasemapDialog(RetriesOffset, QDialog):
    """Roads, water or land use from a vector file into the basemap, all of them or none."""

    sigImported = Signal(object)  # ImportReport of a written import

    def __init__(
        self,
        ws: Workspace,
        actor: Actor,
        jobs: JobRunner,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BasemapDialog")
        self.ws, self.actor, self.jobs, self.lang = ws, actor, jobs, lang
        self.run_bar = RunBar(self)
        self.panel = SourcePanel(jobs, self.run_bar, self)
        self.kind_combo = QComboBox(self)
        for kind in KINDS:
            self.kind_combo.addItem("", kind)
        self.outside_box = QCheckBox(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.kind_caption = QLabel(self)

        def rows(form: QFormLayout) -> None:
            form.addRow(self.kind_caption, self.kind_combo)
            form.addRow(self.hint)
            form.addRow(self.outside_box)

        self._build_frame(rows, (900, 680))
        self.report_view.sigImportGood.connect(lambda: self.run(False, skip_rejected=True))

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        #: 导入底图
        self.setWindowTitle(self.tr("Import basemap"))
        #: 1 · 文件
        self.file_box.setTitle(self.tr("1 · File"))
        #: 2 · 要素类别
        self.form_box.setTitle(self.tr("2 · What the file holds"))
        #: 类别
        self.kind_caption.setText(self.tr("Kind"))
        texts = (
            #: 自动识别（按 OSM 属性 highway、waterway、natural、landuse）
            self.tr("Recognise by the OSM tags (highway, waterway, natural, landuse)"),
            #: 道路
            self.tr("Roads"),
            #: 水系（河流、湖泊、水库）
            self.tr("Water (rivers, lakes, reservoirs)"),
            #: 土地利用（建成区、耕地、林地等）
            self.tr("Land use (built-up, farmland, forest, …)"),
        )
        for i, text in enumerate(texts):
            self.kind_combo.setItemText(i, text)
        lines = (
            #: 底图要素只用于显示，以浅灰色绘制在风险图层之下。
            self.tr("Basemap features are only drawn, in quiet greys under the risk layers."),
            #: 它们不是风险点，不关联隐患，也不计入统计。
            self.tr("They are not sites: they carry no hazards and are never counted."),
            #: 再次导入同一文件（同一图层）会替换上次导入的内容。
            self.tr("Importing the same file (and layer) again replaces what it imported before."),
        )
        self.hint.setText("\n".join(lines))
        #: 本市范围以外的要素也导入（坐标系确认无误时）
        self.outside_box.setText(
            self.tr("Import features lying outside the city too (the coordinate system is right)")
        )
        self.datum_choice.retranslate()
        #: 检查（试运行）
        self.check_button.setText(self.tr("Check (dry run)"))
        #: 导入
        self.import_button.setText(self.tr("Import"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        self.panel.retranslate()
        self.run_bar.retranslate()
        self.report_view.retranslate(lang)
        self._update()

    def open_file(self, path: str) -> None:
        self.panel.open_file(path)

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))

    def _source_read(self) -> None:
        self.report_view.clear()
        self.datum_choice.clear()
        self._keep_as_given = False
        self._update()

    def _update(self) -> None:
        problem = ""
        if not self.actor.may_write("basemap"):
            #: 导入底图需要管理员角色。
            problem = self.tr("Importing the basemap needs the admin role.")
        elif self.panel.problem:
            problem = self.panel.problem
        busy = self.run_bar.busy() or self.panel.reading
        ready = not problem and self.panel.source is not None and not busy
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.status_label.setText(problem)

    def run(self, dry_run: bool, skip_rejected: bool = False) -> None:
        src = self.panel.source
        if src is None or self.run_bar.busy():
            return
        store, actor = self.ws.store, self.actor
        kind = str(self.kind_combo.currentData())
        allow_outside = self.outside_box.isChecked()
        src = self._source_for(src, dry_run)

        def work(_ctx: JobContext) -> ImportReport | RiskmapError:
            return offset_refusal(
                lambda: import_basemap(
                    store,
                    actor,
                    src,
                    kind,
                    dry_run=dry_run,
                    skip_rejected=skip_rejected,
                    allow_outside=allow_outside,
                )
            )

        #: 检查中…
        checking = self.tr("Checking…")
        #: 导入中…
        importing = self.tr("Importing…")
        self._start(work, checking if dry_run else importing)
