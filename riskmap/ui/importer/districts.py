"""Import administrative boundaries (行政区划): a city loads its official outline, counties or
townships.

The same file panel as the Import dialog; instead of a layer mapping, the level and the code,
name and parent columns (found by their headers, changeable). The core checks everything first
and writes all districts or none; townships imported, every site is placed in its township again.
Boundaries that look offset (GCJ-02, BD-09) against what the city holds are shown with one click
to convert them (the import runs again) or to keep them as they are.
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
from riskmap.io.importer import FeatureSource, ImportReport, import_districts
from riskmap.io.importer.coords import norm_header
from riskmap.ui.importer.datum import RetriesOffset, offset_refusal
from riskmap.ui.importer.parts import RunBar
from riskmap.ui.importer.source_panel import SourcePanel
from riskmap.ui.workers import JobContext, JobRunner

LEVELS = ("city", "county", "township")  # in the order a city loads them
# Headers that name each column, normalised like the importer's (official files use pinyin
# initials: XZQDM 行政区代码, XZQMC 行政区名称).
HEADERS = {
    "code": ("代码", "编码", "区划代码", "行政区划代码", "行政区代码", "code", "adcode", "xzqdm"),
    "name": ("名称", "行政区名称", "区划名称", "name", "xzqmc"),
    "parent": ("上级代码", "上级区划代码", "父级代码", "parent", "parentcode", "sjdm"),
    "name_en": ("英文名", "英文名称", "nameen", "englishname"),
    "population": ("人口", "常住人口", "population", "pop"),
}
OPTIONAL = ("parent", "name_en", "population")


def guess_column(source: FeatureSource, role: str) -> str:
    words = {norm_header(w) for w in HEADERS[role]}
    return next((c for c in source.columns if norm_header(c) in words), "")


class DistrictsDialog(RetriesOffset, QDialog):
    """Counties or townships from a polygon file, all of them or none."""

    sigImported = Signal(object)  # ImportReport of a written import
    sigReport = Signal(object)

    def __init__(
        self,
        ws: Workspace,
        actor: Actor,
        jobs: JobRunner,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DistrictsDialog")
        self.ws, self.actor, self.jobs, self.lang = ws, actor, jobs, lang
        self.run_bar = RunBar(self)
        self.panel = SourcePanel(jobs, self.run_bar, self)
        self.level_combo = QComboBox(self)
        for level in LEVELS:
            self.level_combo.addItem("", level)
        # The first level the city does not hold yet (townships once it has all three).
        held = {d.level for d in ws.districts}
        first = next((lv for lv in LEVELS if lv not in held), "township")
        self.level_combo.setCurrentIndex(LEVELS.index(first))
        self.columns = {role: QComboBox(self) for role in HEADERS}
        for combo in self.columns.values():
            combo.currentIndexChanged.connect(lambda _i: self._update())
        self.replace_box = QCheckBox(self)
        self.outside_box = QCheckBox(self)
        self.captions = {k: QLabel(self) for k in ("level", *HEADERS)}

        def rows(form: QFormLayout) -> None:
            form.addRow(self.captions["level"], self.level_combo)
            for role, combo in self.columns.items():
                form.addRow(self.captions[role], combo)
            form.addRow(self.replace_box)
            form.addRow(self.outside_box)

        self._build_frame(rows, (1000, 760), partial=False)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        #: 导入行政区划
        self.setWindowTitle(self.tr("Import administrative boundaries"))
        #: 1 · 文件
        self.file_box.setTitle(self.tr("1 · File"))
        #: 2 · 级别与字段
        self.form_box.setTitle(self.tr("2 · Level and columns"))
        captions = {
            #: 级别
            "level": self.tr("Level"),
            #: 区划代码列
            "code": self.tr("Code column"),
            #: 名称列
            "name": self.tr("Name column"),
            #: 上级区划代码列
            "parent": self.tr("Parent code column"),
            #: 英文名列
            "name_en": self.tr("English name column"),
            #: 人口列
            "population": self.tr("Population column"),
        }
        for key, label in self.captions.items():
            label.setText(captions[key])
        #: 市（城市边界）
        self.level_combo.setItemText(0, self.tr("The city (its outline)"))
        #: 区县
        self.level_combo.setItemText(1, self.tr("Counties and districts (区县)"))
        #: 乡镇街道
        self.level_combo.setItemText(2, self.tr("Townships and streets (乡镇街道)"))
        #: 替换该级别（删除文件中不再有的区划；其上仍有单位、责任或检查时拒绝）
        text = self.tr(
            "Replace this level (remove the districts the file no longer names; refused while "
            "units, duties or inspections name them)"
        )
        self.replace_box.setText(text)
        #: 本市范围以外的区划也导入（坐标系确认无误时）
        self.outside_box.setText(
            self.tr("Import boundaries lying outside the city too (the coordinate system is right)")
        )
        self.datum_choice.retranslate()
        #: 检查（试运行）
        self.check_button.setText(self.tr("Check (dry run)"))
        #: 导入
        self.import_button.setText(self.tr("Import"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        self._fill_columns(self.panel.source)
        self.panel.retranslate()
        self.run_bar.retranslate()
        self.report_view.retranslate(lang)
        self._update()

    def open_file(self, path: str) -> None:
        self.panel.open_file(path)

    def _source_read(self) -> None:
        self.report_view.clear()
        self.datum_choice.clear()
        self._keep_as_given = False
        self._fill_columns(self.panel.source, guess=True)
        self._update()

    def _fill_columns(self, src: FeatureSource | None, guess: bool = False) -> None:
        for role, combo in self.columns.items():
            current = str(combo.currentData() or "")
            combo.blockSignals(True)
            combo.clear()
            if role in OPTIONAL:
                if role == "parent":
                    #: —— 按位置：所占面积最大的上级区划 ——
                    combo.addItem(self.tr("— by location: the district holding most of it —"), "")
                else:
                    #: —— 不导入 ——
                    combo.addItem(self.tr("— not imported —"), "")
            else:
                #: —— 请选择 ——
                combo.addItem(self.tr("— choose —"), "")
            for c in src.columns if src is not None else []:
                combo.addItem(c, c)
            chosen = guess_column(src, role) if guess and src is not None else current
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def column(self, role: str) -> str | None:
        return str(self.columns[role].currentData() or "") or None

    def set_column(self, role: str, column: str) -> None:
        combo = self.columns[role]
        combo.setCurrentIndex(max(0, combo.findData(column)))

    def _update(self) -> None:
        problem = ""
        if not (self.actor.may_write("districts") and self.actor.may_write("sites")):
            #: 导入行政区划需要管理员角色。
            problem = self.tr("Importing boundaries needs the admin role.")
        elif self.panel.problem:
            problem = self.panel.problem
        elif self.panel.source is not None and not (self.column("code") and self.column("name")):
            #: 请选择区划代码列和名称列。
            problem = self.tr("Choose the code column and the name column.")
        busy = self.run_bar.busy() or self.panel.reading
        ready = not problem and self.panel.source is not None and not busy
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.status_label.setText(problem)

    def run(self, dry_run: bool) -> None:
        src = self.panel.source
        code, name = self.column("code"), self.column("name")
        if src is None or code is None or name is None or self.run_bar.busy():
            return
        store, actor = self.ws.store, self.actor
        level = str(self.level_combo.currentData())
        parent, name_en = self.column("parent"), self.column("name_en")
        pop = self.column("population")
        replace = self.replace_box.isChecked()
        allow_outside = self.outside_box.isChecked()
        src = self._source_for(src, dry_run)

        def work(_ctx: JobContext) -> ImportReport | RiskmapError:
            return offset_refusal(
                lambda: import_districts(
                    store,
                    actor,
                    src,
                    level,
                    code,
                    name,
                    parent,
                    replace,
                    name_en_field=name_en,
                    population_field=pop,
                    dry_run=dry_run,
                    allow_outside=allow_outside,
                )
            )

        #: 检查中…
        checking = self.tr("Checking…")
        #: 导入中…
        importing = self.tr("Importing…")
        self._start(work, checking if dry_run else importing)

    def _report_ready(self, report: ImportReport | RiskmapError) -> None:
        super()._report_ready(report)
        self.sigReport.emit(report)
