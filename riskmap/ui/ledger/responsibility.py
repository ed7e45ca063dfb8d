"""The responsibility lists (部门监管责任清单, 企业主体责任清单) and the units, as editable tables.

Edits stay pending in the models until Save writes all of them, across the three tabs, in one
ledger transaction; a conflict or a refused row rolls everything back and keeps the edits, so
nothing typed is lost. Only an admin may change these lists: for anyone else the tables are
read-only and a banner says why (the core refuses such writes anyway).

An XLSX import does not go through the pending edits: it is its own transaction through
riskmap.io.duties_xlsx, all rows or none, with a report naming each bad row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.catalog import Catalog
from riskmap.core.database import Actor, DatabaseError, Store
from riskmap.core.ledger_records import people, units
from riskmap.core.site_detail import site_refs
from riskmap.errors import ConflictError, RiskmapError
from riskmap.io.duties_xlsx import (
    DutyImportReport,
    DutyRefs,
    export_duties,
    import_duties,
    load_duties,
)
from riskmap.io.tables import write_csv, write_xlsx
from riskmap.ui.errors import error_text
from riskmap.ui.ledger.editing import ChoiceCombo, ChoiceDelegate, _ListTab
from riskmap.ui.ledger.words import words as ledger_words
from riskmap.ui.models.duty_models import (
    DutyTableModel,
    EditableTableModel,
    SiteInfo,
    UnitListModel,
    write_pending,
)
from riskmap.ui.screen_fit import keep_on_screen

# ChoiceCombo and ChoiceDelegate live in riskmap.ui.ledger.editing; importable from here too.
__all__ = ["TABS", "ChoiceCombo", "ChoiceDelegate", "ResponsibilityDialog"]

TABS = ("department", "enterprise", "units")
_ERROR_STYLE = "color: #c62828;"
_BANNER_STYLE = "background: rgba(255, 193, 7, 70); padding: 6px; border-radius: 3px;"


class ResponsibilityDialog(QDialog):
    """Two responsibility lists and the units, editable by an admin; non-modal."""

    sigSaved = Signal()  # the lists changed in the database (a save or an import)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        catalog: Catalog,
        parent: QWidget | None = None,
        *,
        lang: str = "zh",
    ) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._store = store
        self._actor = actor
        self._catalog = catalog
        self._lang = lang
        self._editable = actor.may_write("duties") and actor.may_write("units")
        refs = DutyRefs({}, {}, {})  # filled by reload()
        names = self._layer_names()
        self._lists = {
            "department": DutyTableModel("department", refs, names, parent=self),
            "enterprise": DutyTableModel("enterprise", refs, names, self._all_sites, self),
        }
        self._units = UnitListModel(refs, self)
        self._models: dict[str, EditableTableModel] = {**self._lists, "units": self._units}
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.setVisible(not self._editable)
        self.tabs = QTabWidget(self)
        self._tabs: dict[str, _ListTab] = {}
        for name in TABS:
            model = self._models[name]
            model.set_editable(self._editable)
            tab = _ListTab(model, self.tabs)
            self._tabs[name] = tab
            self.tabs.addTab(tab, "")
            tab.add_button.clicked.connect(lambda _c=False, n=name: self.add_row(n))
            tab.delete_button.clicked.connect(lambda _c=False, n=name: self.delete_selected(n))
            tab.export_button.clicked.connect(lambda _c=False, n=name: self._export_clicked(n))
            tab.add_button.setVisible(self._editable)
            tab.delete_button.setVisible(self._editable)
            model.pendingChanged.connect(self._update_state)
            tab.proxy.rowsInserted.connect(self._update_counts)
            tab.proxy.rowsRemoved.connect(self._update_counts)
            tab.proxy.modelReset.connect(self._update_counts)
            tab.proxy.layoutChanged.connect(self._update_counts)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pending_label = QLabel(self)
        self.import_button = QPushButton(self)
        self.export_all_button = QPushButton(self)
        self.revert_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.import_button.setVisible(self._editable)
        self.save_button.setVisible(self._editable)
        self.revert_button.setVisible(self._editable)

        bottom = QHBoxLayout()
        bottom.addWidget(self.pending_label, 1)
        for b in (self.import_button, self.export_all_button):
            bottom.addWidget(b)
        bottom.addSpacing(self.fontMetrics().averageCharWidth() * 4)
        for b in (self.revert_button, self.save_button, self.close_button):
            bottom.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addLayout(bottom)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.close_button.clicked.connect(self.close)
        self.import_button.clicked.connect(self._import_clicked)
        self.export_all_button.clicked.connect(self._export_all_clicked)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)

        self.retranslate()
        self.reload()
        self._initial_size()

    # -- public API ---------------------------------------------------------------------------

    def tab(self, name: str) -> _ListTab:
        return self._tabs[name]

    def model(self, name: str) -> EditableTableModel:
        return self._models[name]

    def pending_count(self) -> int:
        return sum(m.pending_count() for m in self._models.values())

    def invalid_count(self) -> int:
        return sum(len(m.invalid_rows()) for m in self._models.values())

    def can_save(self) -> bool:
        return self._editable and self.pending_count() > 0 and self.invalid_count() == 0

    def message_text(self) -> str:
        return self.message.text()

    def reload(self) -> None:
        """Read the lists and units again; pending edits are dropped (Revert)."""
        refs = DutyRefs.load(self._store, self._catalog)
        records = load_duties(self._store)
        for model in self._lists.values():
            model.set_records(records, refs)
        self._units.set_records(units(self._store), refs)
        for tab in self._tabs.values():
            tab.fit_columns()
        self._update_state()

    def revert(self) -> None:
        self.reload()
        #: 已放弃未保存的修改
        self._say(self.tr("Unsaved changes discarded"))

    def add_row(self, name: str) -> int:
        """A new pending row in list `name`, opened for editing; its source row."""
        if not self._editable:
            return -1
        tab = self._tabs[name]
        row = tab.model.add_row()
        self.tabs.setCurrentWidget(tab)
        tab.edit_source_row(row)
        return row

    def delete_selected(self, name: str) -> None:
        if self._editable:
            rows = self._tabs[name].selected_rows()
            if rows:
                self._models[name].remove_rows(rows)

    def save(self) -> bool:
        """Write every pending edit of every tab in one transaction; False keeps them pending."""
        if not self._editable or not self.pending_count():
            return False
        if self.invalid_count():
            #: 有 {n} 行填写不完整（红色），改正后才能保存
            text = self.tr("{n} rows are incomplete (red); fix them before saving")
            self._say(text.format(n=self.invalid_count()), error=True)
            return False
        units = self._units.pending()
        duties = [r for m in self._lists.values() for r in m.pending()]
        count = len(units) + len(duties)
        try:
            write_pending(self._store, self._actor, units, duties)
        except ConflictError as exc:
            self._refused(ledger_words().changed_by(exc, people(self._store)))
            return False
        except RiskmapError as exc:
            self._refused(error_text(exc))
            return False
        except DatabaseError as exc:
            # A constraint the core does not check (e.g. a unit still named by a user).
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            self._refused(detail)
            return False
        self.reload()
        self.sigSaved.emit()
        #: 已保存 {n} 项修改
        self._say(self.tr("Saved {n} changes").format(n=count))
        return True

    def export_table(self, name: str, path: str | Path) -> bool:
        """The list as shown (filtered, sorted, pending edits included) to XLSX or CSV."""
        headers, rows = self._tabs[name].table_as_shown()
        path = Path(path)
        try:
            if path.suffix.lower() == ".csv":
                write_csv(path, headers, rows)
            else:
                write_xlsx(path, {self.tabs.tabText(TABS.index(name)): (headers, rows)})
        except RiskmapError as exc:
            self._say(error_text(exc), error=True)
            return False
        #: 已导出 {n} 行到 {path}
        self._say(self.tr("Exported {n} rows to {path}").format(n=len(rows), path=path))
        return True

    def export_lists(self, path: str | Path) -> bool:
        """Both lists as saved, in the workbook format the import reads."""
        try:
            n = export_duties(self._store, path, self._catalog)
        except RiskmapError as exc:
            self._say(error_text(exc), error=True)
            return False
        #: 已导出 {n} 行到 {path}
        self._say(self.tr("Exported {n} rows to {path}").format(n=n, path=path))
        return True

    def import_file(self, path: str | Path, replace: bool = False) -> DutyImportReport | None:
        """Import a workbook of the lists in its own transaction (all rows or none)."""
        if not self._editable:
            return None
        if self.pending_count():
            #: 请先保存或放弃未保存的修改，再导入
            self._say(self.tr("Save or revert your changes before importing"), error=True)
            return None
        try:
            report = import_duties(
                self._store, self._actor, path, replace=replace, catalog=self._catalog
            )
        except RiskmapError as exc:
            self._say(error_text(exc), error=True)
            return None
        if report.ok:
            self.reload()
            if report.written:
                self.sigSaved.emit()
            self._say(report.summary())
        else:
            problems = [*(str(e) for e in report.errors), *report.conflicts]
            lines = [report.summary(), *problems[:5]]
            if len(problems) > 5:
                lines.append("…")
            self._say("\n".join(lines), error=True)
        return report

    # -- Qt -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        #: 责任清单
        self.setWindowTitle(self.tr("Responsibility lists"))
        #: 只有管理员可以修改责任清单
        self.banner.setText(self.tr("Only an administrator can change the responsibility lists"))
        titles = {
            #: 部门监管责任清单
            "department": self.tr("Department responsibility list"),
            #: 企业主体责任清单
            "enterprise": self.tr("Enterprise responsibility list"),
            #: 责任单位
            "units": self.tr("Responsible units"),
        }
        for i, name in enumerate(TABS):
            self.tabs.setTabText(i, titles[name])
            tab = self._tabs[name]
            #: 搜索…
            tab.search.setPlaceholderText(self.tr("Search…"))
            #: 添加行
            tab.add_button.setText(self.tr("Add row"))
            #: 删除所选行
            tab.delete_button.setText(self.tr("Delete rows"))
            #: 再点一次可撤销删除
            tab.delete_button.setToolTip(self.tr("Click again to undo the deletion"))
            #: 导出…
            tab.export_button.setText(self.tr("Export…"))
        #: 从 XLSX 导入…
        self.import_button.setText(self.tr("Import XLSX…"))
        #: 导出两份清单…
        self.export_all_button.setText(self.tr("Export both lists…"))
        #: 放弃修改
        self.revert_button.setText(self.tr("Revert"))
        #: 保存
        self.save_button.setText(self.tr("Save"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        self.set_language(self._lang)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        names = self._layer_names()
        for model in self._lists.values():
            model.set_layer_names(names)
        self._units.retranslate()
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        # Close, the window's close button and Esc all end here (QDialog.closeEvent calls
        # reject()): a dialog with unsaved edits asks first, and stays open on Cancel.
        if self.pending_count() and not self._may_close():
            return
        super().reject()

    def _may_close(self) -> bool:
        """Ask what to do with pending edits: save, discard or stay."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        #: 有 {n} 项修改尚未保存。
        box.setText(self.tr("{n} changes are not saved.").format(n=self.pending_count()))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.reload()
            return True
        return False

    # -- internals ----------------------------------------------------------------------------

    def _layer_names(self) -> dict[str, str]:
        return {k: spec.name(self._lang) for k, spec in self._catalog.items()}

    def _all_sites(self) -> dict[int, SiteInfo]:
        return site_refs(self._store)

    def _refused(self, reason: str) -> None:
        #: 未保存：{reason}。您的修改仍保留；“放弃修改”会丢弃它们并重新读取。
        text = self.tr(
            "Not saved: {reason}. Your changes are kept; Revert discards them and reloads."
        )
        self._say(text.format(reason=reason.rstrip(".")), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else "")

    def _update_state(self) -> None:
        pending, invalid = self.pending_count(), self.invalid_count()
        if not self._editable:
            text = ""
        elif invalid:
            #: {n} 项修改未保存，其中 {bad} 行有错误
            text = self.tr("{n} unsaved changes, {bad} rows with errors")
            text = text.format(n=pending, bad=invalid)
        elif pending:
            #: {n} 项修改未保存
            text = self.tr("{n} unsaved changes").format(n=pending)
        else:
            text = ""
        self.pending_label.setText(text)
        self.pending_label.setStyleSheet(_ERROR_STYLE if invalid else "")
        self.save_button.setEnabled(self.can_save())
        self.revert_button.setEnabled(self._editable and pending > 0)
        self._update_counts()

    def _update_counts(self) -> None:
        for tab in self._tabs.values():
            #: {shown} / {total} 行
            text = self.tr("{shown} / {total} rows")
            tab.count.setText(text.format(shown=tab.proxy.rowCount(), total=tab.model.rowCount()))

    def _initial_size(self) -> None:
        # Font-relative, so the same dialog fits 1920×1080 at 100 % and 4K at 200 %.
        fm = self.fontMetrics()
        keep_on_screen(self, fm.horizontalAdvance("责") * 110, fm.height() * 46)

    def _export_clicked(self, name: str) -> None:
        #: 导出
        title = self.tr("Export")
        #: Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)
        filters = self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(self, title, "", filters)
        if path:
            if not Path(path).suffix:
                path += ".csv" if "csv" in chosen else ".xlsx"
            self.export_table(name, path)

    def _export_all_clicked(self) -> None:
        #: 导出两份清单
        title = self.tr("Export both lists")
        #: Excel 工作簿 (*.xlsx)
        filters = self.tr("Excel workbook (*.xlsx)")
        path, _f = QFileDialog.getSaveFileName(self, title, "", filters)
        if path:
            self.export_lists(path if Path(path).suffix else path + ".xlsx")

    def _import_clicked(self) -> None:
        if self.pending_count():
            #: 请先保存或放弃未保存的修改，再导入
            self._say(self.tr("Save or revert your changes before importing"), error=True)
            return
        #: 导入责任清单
        title = self.tr("Import responsibility lists")
        #: Excel 工作簿 (*.xlsx)
        filters = self.tr("Excel workbook (*.xlsx)")
        path, _f = QFileDialog.getOpenFileName(self, title, "", filters)
        if not path:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        #: 追加到现有清单，还是替换文件中所含清单的全部条目？
        box.setText(self.tr("Add the rows to the lists, or replace the lists the file holds?"))
        #: 追加
        add = box.addButton(self.tr("Add"), QMessageBox.ButtonRole.AcceptRole)
        #: 替换
        replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() not in (add, replace):
            return
        report = self.import_file(path, replace=box.clickedButton() is replace)
        if report is not None and not report.ok:
            warn = QMessageBox(self)
            warn.setIcon(QMessageBox.Icon.Warning)
            warn.setWindowTitle(title)
            warn.setText(report.summary())
            warn.setDetailedText("\n".join(str(e) for e in report.errors))
            warn.exec()
