"""The main window's actions, menus, toolbars, filter bar and status bar, and their texts.

Built onto the window (tests, riskmap.ui.window_state and Services find them there); this
module owns how they are made and what they say, so MainWindow stays about the map and the
selection."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.ui.database_dialog import server_label
from riskmap.ui.date_field import DateField
from riskmap.ui.fonts import BundledFontAction
from riskmap.ui.icons import icon

# (tool name, shortcut) in toolbar order; the texts are in WindowActions.retranslate.
TOOLS = (
    ("pan", "H"),
    ("identify", "I"),
    ("rect", "R"),
    ("polygon", "P"),
    ("lasso", "L"),
    ("circle", "C"),
    ("district", "D"),
    ("buffer", "S"),  # click sites to select them (Shift adds) for "Buffer…"
)
STATUS_CHOICES = ("all", "open", "overdue", "closed")
LEVEL_CHOICES = ("", "general", "major")


class WindowActions(QtCore.QObject):
    """Builds the window's chrome in `build()` and names it in `retranslate()`."""

    def __init__(self, win: Any):
        # `win` is the MainWindow; typed loosely so this module never imports it.
        super().__init__(win)
        self.win = win

    def build(self) -> None:
        self._build_actions()
        self._build_filter_bar()
        self._build_status_bar()

    def _build_actions(self) -> None:
        w = self.win
        w.tool_group = QtGui.QActionGroup(w)
        w.tool_actions = {}
        for name, key in TOOLS:
            act = QtGui.QAction(w)
            act.setCheckable(True)
            act.setShortcut(QtGui.QKeySequence(key))
            act.setData(name)
            act.triggered.connect(lambda _checked=False, n=name: w.set_tool(n))
            w.tool_group.addAction(act)
            w.tool_actions[name] = act
        # The map's commands (buffer, basemap) are connected by the window once they exist.
        w.act_buffer = QtGui.QAction(w, shortcut=QtGui.QKeySequence("B"))
        w.act_pick_district = QtGui.QAction(w, shortcut=QtGui.QKeySequence("Ctrl+D"))
        w.act_pick_district.triggered.connect(w.pick_district)
        w.act_clear = QtGui.QAction(w, shortcut=QtGui.QKeySequence("Ctrl+Backspace"))
        w.act_clear.triggered.connect(w.clear_region)
        w.act_extent = QtGui.QAction(w, shortcut=QtGui.QKeySequence("Home"))
        w.act_extent.triggered.connect(w.canvas.zoom_to_extent)
        w.act_basemap = QtGui.QAction(w)
        w.act_export_csv = QtGui.QAction(w)
        w.act_export_csv.triggered.connect(w.dossier_panel.export_csv_dialog)
        w.act_export_xlsx = QtGui.QAction(w)
        w.act_export_xlsx.triggered.connect(w.dossier_panel.export_xlsx_dialog)
        w.act_documents = QtGui.QAction(w)
        w.act_documents.setObjectName("act_documents")
        w.act_documents.triggered.connect(self.open_documents)
        w.act_quit = QtGui.QAction(w, shortcut=QtGui.QKeySequence.StandardKey.Quit)
        w.act_quit.triggered.connect(w.close)
        w.act_about = QtGui.QAction(w)
        w.act_about.triggered.connect(self._about)
        w.act_bundled_font = BundledFontAction(w)
        w.lang_group = QtGui.QActionGroup(w)
        w.lang_actions = {}
        for lang, label in (("zh", "中文"), ("en", "English")):
            act = QtGui.QAction(label, w, checkable=True)
            act.triggered.connect(lambda _c=False, lg=lang: w.set_language(lg))
            w.lang_group.addAction(act)
            w.lang_actions[lang] = act
        w.lang_actions[w.lang].setChecked(True)

        bar = w.menuBar()
        w.menu_file = bar.addMenu("")
        w.menu_file.addActions([w.act_export_csv, w.act_export_xlsx])
        w.menu_file.addSeparator()
        w.menu_file.addAction(w.act_documents)
        w.menu_file.addSeparator()
        w.menu_file.addAction(w.act_quit)
        w.menu_view = bar.addMenu("")
        w.menu_view.addAction(w.act_extent)
        w.menu_view.addAction(w.act_basemap)
        w.menu_view.addAction(w.act_bundled_font)
        w.menu_view.addSeparator()
        for dock in (w.layer_dock, w.dossier_dock, w.detail_dock):
            w.menu_view.addAction(dock.toggleViewAction())
        w.menu_select = bar.addMenu("")
        w.menu_select.addActions(list(w.tool_actions.values()))
        w.menu_select.addSeparator()
        w.menu_select.addActions([w.act_pick_district, w.act_buffer, w.act_clear])
        w.menu_lang = bar.addMenu("")
        w.menu_lang.addActions(list(w.lang_actions.values()))
        w.menu_help = bar.addMenu("")
        w.menu_help.addAction(w.act_about)

        # Three groups of icons (select, analyse, draw) and the filters: everything, the as-of
        # date included, on one row of a 1366 px laptop screen.
        w.toolbar = self._tool_bar("toolbar_tools")
        w.toolbar.addAction(w.act_extent)
        w.toolbar.addActions(list(w.tool_actions.values()))
        w.toolbar.addAction(w.act_clear)
        w.analysis_bar = self._tool_bar("toolbar_analysis")
        w.analysis_bar.addActions([w.act_pick_district, w.act_buffer])
        w.draw_bar = self._tool_bar("toolbar_draw")  # patrols and incidents add theirs
        for name, act in w.tool_actions.items():
            act.setIcon(icon(name if name != "buffer" else "select_sites"))
        named = {"extent": w.act_extent, "clear": w.act_clear,
                 "pick_district": w.act_pick_district, "buffer": w.act_buffer}  # fmt: skip
        for name, act in named.items():
            act.setIcon(icon(name))
        w.act_reset_layout = QtGui.QAction(w)
        w.act_reset_layout.setObjectName("act_reset_layout")
        w.act_reset_layout.triggered.connect(w.reset_layout)
        w.menu_view.addAction(w.act_reset_layout)

    def _tool_bar(self, name: str) -> QtWidgets.QToolBar:
        bar = QtWidgets.QToolBar(self.win)
        bar.setObjectName(name)
        bar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.win.addToolBar(bar)
        return bar

    def _build_filter_bar(self) -> None:
        w = self.win
        w.filter_bar = self._tool_bar("toolbar_filters")
        w.level_label = QtWidgets.QLabel()
        w.level_combo = QtWidgets.QComboBox()
        w.status_label = QtWidgets.QLabel()
        w.status_combo = QtWidgets.QComboBox()
        w.asof_label = QtWidgets.QLabel()
        # Validated, never coerced: a date that is not one leaves every figure as it was.
        w.asof_edit = DateField(date=w.today)
        w.asof_edit.setObjectName("asof_edit")
        for x in (w.level_label, w.level_combo, w.status_label, w.status_combo,
                  w.asof_label, w.asof_edit):  # fmt: skip
            w.filter_bar.addWidget(x)

    def _build_status_bar(self) -> None:
        w = self.win
        sb = w.statusBar()
        w.coord_label = QtWidgets.QLabel()
        w.coord_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        w.progress = QtWidgets.QProgressBar()
        w.progress.setMaximumWidth(w.fontMetrics().averageCharWidth() * 24)
        w.progress.setVisible(False)
        w.cancel_button = QtWidgets.QPushButton()
        w.cancel_button.setVisible(False)
        w.cancel_button.clicked.connect(w.jobs.cancel_all)
        sb.addPermanentWidget(w.progress)
        sb.addPermanentWidget(w.cancel_button)
        sb.addPermanentWidget(w.coord_label)

    def _about(self) -> None:
        from riskmap import __version__

        QtWidgets.QMessageBox.about(
            self.win,
            self.tr("About riskmap"),
            self.tr("riskmap {0}\nA work-safety risk map for command centers.\n"
                    "Database: {1}").format(__version__, self.win.ws.store.url),
        )  # fmt: skip

    def open_documents(self) -> QtWidgets.QDialog:
        """File → 文书设置, for the current user (read-only unless an admin)."""
        from riskmap.ui.documents_dialog import DocumentSettingsDialog

        w = self.win
        dlg = DocumentSettingsDialog(w.ws.store, w.state.actor, w, today=w.state.as_of)
        dlg.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        w.documents_dialog = dlg
        dlg.open()
        return dlg

    def retranslate(self) -> None:
        """The window's title and its chrome's texts in the current language."""
        w = self.win
        city = w.ws.store.city_name or self.tr("riskmap")
        fictional = self.tr(" (fictional demo city)") if w.ws.store.fictional else ""
        title = self.tr("riskmap — {0}{1}").format(city, fictional)
        if w.ws.store.is_postgis:  # which server a seat works on, at a glance
            title += f" — {server_label(w.ws.store.url)}"
        w.setWindowTitle(title)
        texts = {
            "pan": self.tr("Pan"),
            "identify": self.tr("Identify"),
            "rect": self.tr("Rectangle"),
            "polygon": self.tr("Polygon"),
            "lasso": self.tr("Lasso"),
            "circle": self.tr("Circle"),
            "district": self.tr("District"),
            "buffer": self.tr("Select sites"),
        }
        for name, act in w.tool_actions.items():
            act.setText(texts[name])
        w.act_buffer.setText(self.tr("Buffer…"))
        w.act_pick_district.setText(self.tr("Pick district…"))
        w.act_clear.setText(self.tr("Clear selection"))
        w.act_extent.setText(self.tr("Whole city"))
        for act in (*w.tool_actions.values(), w.act_buffer, w.act_pick_district,
                    w.act_clear, w.act_extent):  # fmt: skip
            act.setToolTip(tool_tip(act))
        #: 重置布局
        w.act_reset_layout.setText(self.tr("Reset layout"))
        w.act_basemap.setText(self.tr("Basemap tiles…"))
        w.act_export_csv.setText(self.tr("Export current list as CSV…"))
        w.act_export_xlsx.setText(self.tr("Export dossier as XLSX…"))
        #: 文书设置…
        w.act_documents.setText(self.tr("Document settings…"))
        w.act_quit.setText(self.tr("Quit"))
        w.act_about.setText(self.tr("About riskmap"))
        w.act_bundled_font.retranslate()
        w.menu_file.setTitle(self.tr("&File"))
        w.menu_view.setTitle(self.tr("&View"))
        w.menu_select.setTitle(self.tr("&Select"))
        w.menu_lang.setTitle(self.tr("&Language"))
        w.menu_help.setTitle(self.tr("&Help"))
        w.toolbar.setWindowTitle(self.tr("Selection tools"))
        #: 分析
        w.analysis_bar.setWindowTitle(self.tr("Analysis"))
        #: 绘制
        w.draw_bar.setWindowTitle(self.tr("Drawing"))
        w.filter_bar.setWindowTitle(self.tr("Filters"))
        w.layer_dock.setWindowTitle(self.tr("Layers"))
        w.dossier_dock.setWindowTitle(self.tr("Dossier"))
        w.detail_dock.setWindowTitle(self.tr("Site detail"))
        w.level_label.setText(self.tr(" Level "))
        w.status_label.setText(self.tr(" Status "))
        w.asof_label.setText(self.tr(" As of "))
        w.cancel_button.setText(self.tr("Cancel"))
        _refill(w.level_combo, [self.tr("all levels"), self.tr("general"), self.tr("major")])
        _refill(
            w.status_combo,
            [self.tr("all"), self.tr("open"), self.tr("overdue"), self.tr("closed")],
        )


def tool_tip(act: QtGui.QAction) -> str:
    """An icon's tooltip: what it does, and its shortcut when it has one."""
    key = act.shortcut().toString(QtGui.QKeySequence.SequenceFormat.NativeText)
    text = act.text().replace("&", "")
    return f"{text} ({key})" if key else text


def _refill(combo: QtWidgets.QComboBox, texts: list[str]) -> None:
    index = combo.currentIndex()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(texts)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)
