"""The ledger's files in the window: 台账 XLSX export and import, 督办通知 PDF, and the windows of
the responsibility lists and the users.

Reading and writing files runs on the window's job pool, so a 1,600-row ledger or a notice with
its embedded font never freezes the map; the core does the work and its one-line refusals are
shown as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.dossier import UnitRow
from riskmap.core.figures import open_orders_per_unit
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.i18n import Retranslating
from riskmap.ui.screen_fit import keep_on_screen
from riskmap.ui.workers import JobContext

if TYPE_CHECKING:
    from riskmap.io.ledger_xlsx import ImportReport
    from riskmap.ui.ledger.responsibility import ResponsibilityDialog
    from riskmap.ui.ledger.users_dialog import UsersDialog
    from riskmap.ui.ledger.window import LedgerActions
    from riskmap.ui.services import Services


class UnitPickerDialog(QDialog):
    """Pick the unit a 督办通知 goes to: units with open rectifications first, searchable."""

    def __init__(self, units: list[tuple[int, str, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: 选择责任单位
        self.setWindowTitle(self.tr("Choose the responsible unit"))
        self.search = QLineEdit(self)
        #: 搜索单位名称…
        self.search.setPlaceholderText(self.tr("Search unit names…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        for uid, name, n_open in units:
            #: {0}（未销号 {1} 项）
            item = QListWidgetItem(self.tr("{0} ({1} open)").format(name, n_open))
            item.setData(Qt.ItemDataRole.UserRole, uid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.search.textChanged.connect(self._filter)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.list)
        lay.addWidget(buttons)
        keep_on_screen(self, 520, 560)

    def _filter(self, text: str) -> None:
        text = text.strip()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = bool(text) and text not in item.text()
            item.setHidden(hide)
            if not hide and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def unit_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole))


class ReportDialog(QDialog):
    """What an import did or refused, row by row, with Save report…; for a file that would
    overwrite others' newer changes, Overwrite with this file… (after a confirmation)."""

    def __init__(
        self,
        report: ImportReport,
        lang: str,
        parent: QWidget | None = None,
        force: Callable[[], None] | None = None,
        create: Callable[[str | None], None] | None = None,
        read_as: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self._force = force
        self._create = create
        self._read_as = read_as
        self.confirm: QMessageBox | None = None  # the open confirmation (tests answer it)
        #: 台账导入报告
        self.setWindowTitle(self.tr("Ledger import report"))
        self.summary = QLabel(report.summary(lang), self)
        self.summary.setWordWrap(True)
        if report.problems:
            self.summary.setStyleSheet("color: #c62828; font-weight: bold;")
        self.text = QPlainTextEdit(report.to_text(lang), self)
        self.text.setReadOnly(True)
        self.problems = self._problem_table(report, lang)
        self.create_box = self._create_box(report, lang)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        #: 保存报告…
        self.save_button = QPushButton(self.tr("Save report…"), self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self._save)
        #: 用本文件覆盖…
        self.force_button = QPushButton(self.tr("Overwrite with this file…"), self)
        self.force_button.setObjectName("force_import")
        buttons.addButton(self.force_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.force_button.setVisible(force is not None and report.blocked and not report.problems)
        self.force_button.clicked.connect(self.ask_force)
        # Lon/lat that look copied from Amap or Baidu: convert them, or keep them as they are.
        datum = report.offset[0] if report.offset else ""
        names = {"gcj02": "GCJ-02", "bd09": "BD-09"}
        #: 从 {0} 转换后导入
        self.convert_button = QPushButton(
            self.tr("Convert from {0} and import").format(names.get(datum, "")), self
        )
        self.convert_button.setObjectName("convert_datum")
        #: 按原样导入
        self.keep_button = QPushButton(self.tr("Import as they are"), self)
        self.keep_button.setObjectName("keep_datum")
        for button, as_datum in ((self.convert_button, datum), (self.keep_button, "wgs84")):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setVisible(bool(datum) and read_as is not None)
            button.clicked.connect(lambda _c=False, d=as_datum: self._import_as(d))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        if report.problems:
            lay.addWidget(self.problems, 2)
        lay.addWidget(self.text, 1)
        if self.create_box is not None:
            lay.addWidget(self.create_box)
        lay.addWidget(buttons)
        keep_on_screen(self, 760, 520)

    def _problem_table(self, report: ImportReport, lang: str) -> QTableWidget:
        """The refused rows, one per line: the row, the column, the reason, the candidates."""
        zh = lang.startswith("zh")
        table = QTableWidget(len(report.problems), 4, self)
        table.setObjectName("problem_rows")
        #: 行号
        row = self.tr("Row")
        #: 列
        column = self.tr("Column")
        #: 问题
        problem = self.tr("Problem")
        #: 候选（相近的名称）
        candidates = self.tr("Candidates (closest names)")
        table.setHorizontalHeaderLabels([row, column, problem, candidates])
        for i, p in enumerate(report.problems):
            reason = p.reason if zh else p.reason_en
            # The candidates have their own column; the reason stops where they begin.
            for label in ("；候选：", "；相近的名称：", "；同名的风险点："):
                reason = reason.split(label)[0]
            for j, value in enumerate((str(p.row), p.column, reason, "\n".join(p.candidates))):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(i, j, item)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        return table

    def _create_box(self, report: ImportReport, lang: str) -> QWidget | None:
        """For a ledger naming enterprises or units the database lacks: create them, on which
        layer, and import again."""
        if self._create is None or not report.creatable:
            return None
        from riskmap.core.catalog import load_catalog
        from riskmap.io.ledger_xlsx.missing import POINT_GEOMETRIES

        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        #: 创建缺失的责任单位和风险点（风险点需有经纬度，或所属镇办为本市已有的乡镇、街道）
        self.create_missing = QCheckBox(
            self.tr(
                "Create the missing units and sites (a site needs lon/lat, or a township the "
                "city has)"
            ),
            box,
        )
        self.create_missing.setObjectName("create_missing")
        self.layer_combo = QComboBox(box)
        self.layer_combo.setObjectName("new_site_layer")
        #: 按已匹配企业最多的图层
        self.layer_combo.addItem(self.tr("The layer most matched sites are on"), None)
        for spec in load_catalog().values():
            if spec.geometry in POINT_GEOMETRIES:
                name = spec.name_zh if lang.startswith("zh") else spec.name_en
                self.layer_combo.addItem(name, spec.key)
        self.layer_combo.setEnabled(False)
        #: 再次导入
        self.again_button = QPushButton(self.tr("Import again"), box)
        self.again_button.setObjectName("import_again")
        self.again_button.setEnabled(False)
        self.create_missing.toggled.connect(self.layer_combo.setEnabled)
        self.create_missing.toggled.connect(self.again_button.setEnabled)
        self.again_button.clicked.connect(self._import_again)
        row = QWidget(box)
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        #: 新建风险点的图层：
        h.addWidget(QLabel(self.tr("Layer for new sites:"), row))
        h.addWidget(self.layer_combo, 1)
        h.addWidget(self.again_button)
        lay.addWidget(self.create_missing)
        lay.addWidget(row)
        return box

    def _import_as(self, datum: str) -> None:
        if self._read_as is not None:
            self.convert_button.setEnabled(False)
            self.keep_button.setEnabled(False)
            self._read_as(datum)
            self.close()

    def _import_again(self) -> None:
        if self._create is not None and self.create_missing.isChecked():
            self.again_button.setEnabled(False)
            self._create(self.layer_combo.currentData())
            self.close()

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            #: 保存导入报告
            self.tr("Save the import report"),
            str(Path.home() / f"{Path(self.report.path).stem}_报告.xlsx"),
            #: Excel 文件 (*.xlsx);;CSV 文件 (*.csv)
            self.tr("Excel files (*.xlsx);;CSV files (*.csv)"),
        )
        if path:
            self.save_report(path)

    def ask_force(self) -> QMessageBox:
        """Confirm overwriting, naming what is lost; Yes imports again, forced and audited."""
        box = QMessageBox(self)
        box.setObjectName("ConfirmForceImport")
        box.setIcon(QMessageBox.Icon.Warning)
        #: 用本文件覆盖
        box.setWindowTitle(self.tr("Overwrite with this file"))
        if self.report.foreign:
            #: 本文件不是从当前数据库导出的。仍要用它覆盖台账中的对应记录吗？
            text = self.tr(
                "This file was not exported from this database. Overwrite the ledger's records "
                "with it anyway?"
            )
        else:
            #: 他人在导出后对 {0} 条隐患的修改将被本文件覆盖（工作流不会退回）。确定覆盖吗？
            text = self.tr(
                "The changes others made to {0} hazards after the export will be replaced by "
                "this file (the workflow is never moved back). Overwrite?"
            ).format(len({c.hazard_id for c in self.report.conflicts}))
        #: 覆盖会记入审计日志。
        box.setInformativeText(self.tr("The audit trail records the overwrite."))
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes and self._force:
                self.force_button.setEnabled(False)
                self._force()
                self.close()

        box.buttonClicked.connect(answered)
        self.confirm = box
        box.open()
        return box

    def save_report(self, path: str | Path) -> Path | None:
        try:
            return self.report.write(Path(path))
        except (RiskmapError, OSError) as exc:
            self.summary.setText(error_text(exc))
            return None


class LedgerFiles(Retranslating, QObject):
    """The ledger's file actions and list windows, added to the Ledger menu."""

    def __init__(self, services: Services, actions: LedgerActions) -> None:
        super().__init__(services.parent)
        self.services = services
        self.ctl = ctl = services.ledger
        self.act_export = self._action("act_export_ledger", self.export_dialog)
        self.act_import = self._action("act_import_ledger", self.import_dialog)
        self.act_notice = self._action("act_notice", self.notice_dialog)
        self.act_lists = self._action("act_responsibility", self.show_lists)
        self.act_users = self._action("act_users", self.show_users)
        menu = actions.menu_ledger
        menu.addSeparator()
        menu.addActions([self.act_export, self.act_import, self.act_notice])
        menu.addSeparator()
        menu.addActions([self.act_lists, self.act_users])
        self.lists: ResponsibilityDialog | None = None
        self.users: UsersDialog | None = None
        self.report: ReportDialog | None = None
        self.last_path: Path | None = None  # the last file written (tests and messages)
        self.last_menu: QMenu | None = None
        ctl.sigActorChanged.connect(lambda _a: self._actor_changed())
        services.dossier_panel.sigRowMenuRequested.connect(self._row_menu_requested)
        self.retranslate()

    def _action(self, name: str, slot: Any) -> QAction:
        act = QAction(self.services.parent)
        act.setObjectName(name)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def retranslate(self) -> None:
        #: 导出隐患台账（XLSX）…
        self.act_export.setText(self.tr("Export the ledger (XLSX)…"))
        #: 导入隐患台账（XLSX、CSV）…
        self.act_import.setText(self.tr("Import a ledger (XLSX, CSV)…"))
        #: 督办通知（PDF）…
        self.act_notice.setText(self.tr("Supervision notice (PDF)…"))
        #: 责任清单…
        self.act_lists.setText(self.tr("Responsibility lists…"))
        #: 用户…
        self.act_users.setText(self.tr("Users…"))
        self.update_actions()

    def update_actions(self) -> None:
        reason = self.ctl.cannot_edit()
        self.act_import.setEnabled(not reason)
        self.act_import.setToolTip(reason)

    def _actor_changed(self) -> None:
        self.update_actions()
        # The list windows were opened for the previous user's role; they close with it.
        for dlg in (self.lists, self.users):
            if dlg is not None:
                dlg.close()
        self.lists = self.users = None

    # -- ledger XLSX ------------------------------------------------------------------------
    def _ask_save(self, title: str, name: str, filt: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.services.parent, title, str(Path.home() / name), filt
        )
        return path

    def export_dialog(self) -> None:
        path = self._ask_save(
            #: 导出隐患台账
            self.tr("Export the ledger"),
            f"隐患台账_{self.ctl.today:%Y%m%d}.xlsx",
            #: Excel 文件 (*.xlsx)
            self.tr("Excel files (*.xlsx)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        from riskmap.io.ledger_xlsx import export_ledger

        store, as_of, target = self.ctl.store, self.ctl.today, Path(path)

        def work(_ctx: JobContext) -> int:
            return export_ledger(store, target, as_of=as_of)

        def done(n: int) -> None:
            self.last_path = target
            #: 已导出 {0} 条隐患到 {1}
            self.services.message(self.tr("Exported {0} hazards to {1}").format(n, target))

        self.services.run(work, done, self.services.message, label="ledger export")

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.services.parent,
            #: 导入隐患台账
            self.tr("Import a ledger"),
            str(Path.home()),
            #: 台账文件 (*.xlsx *.csv)
            self.tr("Ledger files (*.xlsx *.csv)"),
        )
        if path:
            self.import_from(path)

    def import_from(
        self,
        path: str | Path,
        force: bool = False,
        create_missing: bool = False,
        layer: str | None = None,
        datum: str | None = None,
    ) -> None:
        """Import in the background; every row or none. The report window says which, and
        offers to overwrite (forced, audited) when others changed the rows since the export,
        or to create the units and sites a city's own 台账 names but the database lacks."""
        from riskmap.io.ledger_xlsx import import_ledger

        store, actor, today, source = self.ctl.store, self.ctl.actor, self.ctl.today, Path(path)

        def work(_ctx: JobContext) -> ImportReport:
            return import_ledger(
                store,
                actor,
                source,
                today=today,
                force=force,
                create_missing=create_missing,
                layer=layer,
                datum=datum,
            )

        self.services.run(work, self._imported, self._import_failed, label="ledger import")

    def _imported(self, report: ImportReport) -> None:
        if self.report is not None:
            self.report.close()
        source = Path(report.path)
        self.report = ReportDialog(
            report,
            self.services.lang,
            self.services.parent,
            force=lambda: self.import_from(source, force=True, datum=report.datum),
            # Creating sites and units is an admin's (the core refuses anyone else).
            create=(
                (
                    lambda layer: self.import_from(
                        source, create_missing=True, layer=layer, datum=report.datum
                    )
                )
                if self.ctl.actor.may_write("sites") and self.ctl.actor.may_write("units")
                else None
            ),
            read_as=lambda datum: self.import_from(source, datum=datum),
        )
        self.report.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        shown = self.report
        # Only this window's own end clears it: a forced re-import may have opened the next.
        self.report.destroyed.connect(
            lambda _o=None: setattr(self, "report", None) if self.report is shown else None
        )
        self.report.show()
        self.services.message(report.summary(self.services.lang))
        if report.written:
            self.ctl.sigChanged.emit([])

    def _import_failed(self, text: str) -> None:
        self.services.message(text)
        self.services.detail_panel.show_error(text)

    # -- 督办通知 ----------------------------------------------------------------------------
    def units_with_open_items(self) -> list[tuple[int, str, int]]:
        """(unit id, name, open rectifications), the busiest first."""
        return open_orders_per_unit(self.ctl.store)

    def notice_dialog(self, unit_id: int | None = None, draft: bool = False) -> None:
        if unit_id is None:
            picker = UnitPickerDialog(self.units_with_open_items(), self.services.parent)
            if picker.exec() != QDialog.DialogCode.Accepted or picker.unit_id() is None:
                return
            unit_id = picker.unit_id()
        assert unit_id is not None
        path = self._ask_save(
            #: 保存督办通知
            self.tr("Save the supervision notice"),
            f"督办通知_{unit_id}_{self.ctl.today:%Y%m%d}.pdf",
            #: PDF 文件 (*.pdf)
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.notice_to(unit_id, path, draft=draft)

    def notice_to(
        self, unit_id: int, path: str | Path, as_of: dt.date | None = None, draft: bool = False
    ) -> None:
        """Write the notice: issued under the register's next number, or as a draft (预览稿)
        that takes none; someone who may not issue numbers gets the draft."""
        from riskmap.brief.notice_pdf import issue_notice_pdf, write_notice_pdf
        from riskmap.core.notice import Notice, unit_notice

        store, day, target, actor = (
            self.ctl.store,
            as_of or self.ctl.today,
            Path(path),
            self.ctl.actor,
        )
        draft = draft or not actor.may_write("document_numbers")

        def work(_ctx: JobContext) -> tuple[Path, Notice]:
            if draft:
                notice = unit_notice(store, unit_id, day)
                return write_notice_pdf(notice, target), notice
            notice, written = issue_notice_pdf(store, unit_id, day, actor, target)
            return written, notice

        def done(result: tuple[Path, Notice]) -> None:
            written, notice = result
            self.last_path = written
            name, n = notice.unit.name, len(notice.items)
            if notice.draft:
                #: 已生成{0}的督办通知预览稿（{1} 项，未编文号）：{2}
                text = self.tr("Draft supervision notice for {0} ({1} items, no number): {2}")
                self.services.message(text.format(name, n, written))
            else:
                #: 已印发{0}的督办通知 {1}（{2} 项）：{3}
                text = self.tr("Supervision notice {1} for {0} ({2} items): {3}")
                self.services.message(text.format(name, notice.number, n, written))

        self.services.run(work, done, self.services.message, label="notice")

    def _row_menu_requested(self, table: str, row: object, where: QPoint) -> None:
        if not isinstance(row, UnitRow):
            return
        menu = QMenu(self.services.parent)
        menu.setObjectName("units_menu")
        #: 生成督办通知（PDF）…
        act = menu.addAction(self.tr("Write a supervision notice (PDF)…"))
        act.triggered.connect(lambda _c=False, uid=row.id: self.notice_dialog(uid))
        #: 预览督办通知（不占用文号）…
        act = menu.addAction(self.tr("Preview the supervision notice (no number taken)…"))
        act.triggered.connect(lambda _c=False, uid=row.id: self.notice_dialog(uid, draft=True))
        self.last_menu = menu
        menu.popup(where)

    # -- the list windows -------------------------------------------------------------------
    def show_lists(self) -> ResponsibilityDialog:
        from riskmap.ui.ledger.responsibility import ResponsibilityDialog

        if self.lists is None:
            ws = self.ctl.ws
            self.lists = ResponsibilityDialog(
                ws.store, self.ctl.actor, ws.catalog, self.services.parent, lang=self.services.lang
            )
            self.lists.sigSaved.connect(lambda: self.ctl.sigChanged.emit([]))
        _bring_up(self.lists)
        return self.lists

    def show_users(self) -> UsersDialog:
        from riskmap.ui.ledger.users_dialog import UsersDialog

        if self.users is None:
            self.users = UsersDialog(self.ctl.store, self.ctl.actor, self.services.parent)
        _bring_up(self.users)
        return self.users

    def set_language(self, lang: str) -> None:
        if self.lists is not None:
            self.lists.set_language(lang)


def _bring_up(dlg: QDialog) -> None:
    dlg.show()
    # A window opened before may sit behind the map; the offscreen platform (tests) has no
    # stacking and warns on raise().
    if QGuiApplication.platformName() != "offscreen":
        dlg.raise_()
        dlg.activateWindow()
