"""What a feature package may use of the main window (QGIS hands a plugin `iface`; this is ours).

A feature package (ledger, patrol, importer, briefing, incident, wall, database) receives one
`Services` instead of the window: it adds its menus, actions, toolbars and docks in named places,
says things in the status bar, shows errors, runs jobs off the GUI thread, and reads or follows
what is shown through `state` (riskmap.ui.state.AppState). The window builds it and keeps its
widgets to itself, so a feature never imports riskmap.ui.main_window (an import-linter contract
holds it to that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.ui.errors import show_error

if TYPE_CHECKING:
    from riskmap.core.region import Region
    from riskmap.core.workspace import Workspace
    from riskmap.ui.ledger.controller import LedgerController
    from riskmap.ui.map.canvas import MapCanvas
    from riskmap.ui.panels.dossier_dock import DossierPanel
    from riskmap.ui.panels.layer_panel import LayerPanel
    from riskmap.ui.panels.site_detail import SiteDetailPanel
    from riskmap.ui.state import AppState
    from riskmap.ui.workers import Job, JobContext, JobRunner

STATUS_MS = 10000  # how long a status-bar message stays


@dataclass(frozen=True)
class Commands:
    """The window's own steps a feature may ask for (each keeps the state true)."""

    show_site: Callable[..., None]  # (site_id, fly=True): detail dock, highlight, fly to it
    set_region: Callable[..., None]  # (region, zoom=False): draw it, build its dossier
    run_dossier: Callable[[], None]  # the current region's dossier again (data changed)
    set_tool: Callable[[str], None]  # a map tool by name ("pan", "identify", …)
    close: Callable[[], bool]  # close the window (False: the user kept it open)


class Services:
    """The narrow interface a feature package gets instead of the main window."""

    def __init__(
        self,
        *,
        parent: QtWidgets.QMainWindow,
        ws: Workspace,
        settings: QtCore.QSettings,
        state: AppState,
        jobs: JobRunner,
        canvas: MapCanvas,
        ledger: LedgerController,
        menus: dict[str, QtWidgets.QMenu],
        toolbars: dict[str, QtWidgets.QToolBar],
        layer_panel: LayerPanel,
        dossier_panel: DossierPanel,
        detail_panel: SiteDetailPanel,
        docks: dict[str, QtWidgets.QDockWidget],
        actions: dict[str, QtGui.QAction],
        tool_group: QtGui.QActionGroup,
        commands: Commands,
        today: dt.date | None = None,
    ) -> None:
        self._main = parent
        self.ws = ws
        self.settings = settings
        self.state = state
        self.jobs = jobs
        self.canvas = canvas
        self.ledger = ledger
        self.layer_panel = layer_panel
        self.dossier_panel = dossier_panel
        self.detail_panel = detail_panel
        self.commands = commands
        # None: the calendar's date, asked at each use (a window left open over midnight).
        self.today = today
        self._menus = menus
        self._toolbars = toolbars
        self._docks = docks
        self._actions = actions
        self._tool_group = tool_group

    # ----------------------------------------------------------------- places
    @property
    def parent(self) -> QtWidgets.QWidget:
        """The parent for a feature's dialogs and actions (they close with the window)."""
        return self._main

    @property
    def lang(self) -> str:
        return self.state.language

    def menu(self, name: str) -> QtWidgets.QMenu:
        """A menu by name: "file", "view", "select", "language", "help", or one a feature added
        with add_menu ("ledger", "patrol", "incident")."""
        return self._menus[name]

    def add_menu(
        self, name: str, before: str | None = None, menu: QtWidgets.QMenu | None = None
    ) -> QtWidgets.QMenu:
        """A top-level menu (a new one unless `menu` is given; its title is the feature's),
        before the menu `before` or last."""
        bar = self._main.menuBar()
        if menu is None:
            menu = QtWidgets.QMenu(bar)
            menu.setObjectName(f"menu_{name}")
        if before is not None:
            bar.insertMenu(self._menus[before].menuAction(), menu)
        else:
            bar.addMenu(menu)
        self._menus[name] = menu
        return menu

    def action(self, name: str) -> QtGui.QAction:
        """One of the window's own actions by name: "export_csv", "quit"."""
        return self._actions[name]

    def add_menu_action(
        self, menu: str, action: QtGui.QAction, before: str | None = None, separate: bool = False
    ) -> QtGui.QAction:
        """Put `action` in the menu `menu`: before the window action named `before` (last when
        None), with a separator after it when `separate`."""
        target = self._menus[menu]
        anchor = self._actions[before] if before is not None else None
        target.insertAction(anchor, action)  # type: ignore[arg-type]
        if separate:
            target.insertSeparator(anchor)  # type: ignore[arg-type]
        return action

    def add_menu_separator(self, menu: str) -> None:
        self._menus[menu].addSeparator()

    def toolbar(self, name: str) -> QtWidgets.QToolBar:
        """A toolbar by name: "tools" (selection), "analyse", "draw", "filters"."""
        return self._toolbars[name]

    def add_toolbar_action(self, toolbar: str, action: QtGui.QAction) -> QtGui.QAction:
        self._toolbars[toolbar].addAction(action)
        return action

    def add_map_tool(self, action: QtGui.QAction) -> QtGui.QAction:
        """A checkable map-tool action, exclusive with the window's selection tools."""
        self._tool_group.addAction(action)
        return action

    def add_window_action(self, action: QtGui.QAction) -> None:
        """A shortcut that works anywhere in the window, in no menu."""
        self._main.addAction(action)

    def remove_window_action(self, action: QtGui.QAction) -> None:
        self._main.removeAction(action)

    def dock(self, name: str) -> QtWidgets.QDockWidget:
        """A dock by name: "layers", "dossier", "detail", or one a feature added."""
        return self._docks[name]

    def add_dock(
        self,
        name: str,
        dock: QtWidgets.QDockWidget,
        area: QtCore.Qt.DockWidgetArea = QtCore.Qt.DockWidgetArea.BottomDockWidgetArea,
        tabify_with: str | None = None,
    ) -> QtWidgets.QDockWidget:
        """Dock `dock` in `area`, as a tab behind the dock `tabify_with` when given."""
        dock.setObjectName(dock.objectName() or f"dock_{name}")
        self._main.addDockWidget(area, dock)
        if tabify_with is not None:
            self._main.tabifyDockWidget(self._docks[tabify_with], dock)
        self._docks[name] = dock
        return dock

    def show_dossier(self) -> None:
        """The dossier dock in front of the lists tabbed with it."""
        dock = self._docks["dossier"]
        dock.show()
        dock.raise_()

    def watch_window(self, obj: QtCore.QObject) -> None:
        """`obj.eventFilter` sees the window's events (its Close: to close its own windows)."""
        self._main.installEventFilter(obj)

    def route_drops(self, obj: QtCore.QObject) -> None:
        """Files dropped anywhere on the window go to `obj.eventFilter`. Widgets that take drops
        themselves (the map's view) would swallow them: their drags pass through `obj` first."""
        self._main.setAcceptDrops(True)
        for w in [self._main, *self._main.findChildren(QtWidgets.QWidget)]:
            if w is self._main or w.acceptDrops():
                w.installEventFilter(obj)

    def is_main_window(self, obj: QtCore.QObject) -> bool:
        return obj is self._main

    def screen(self) -> QtGui.QScreen:
        return self._main.screen()

    # ----------------------------------------------------------------- saying things
    def message(self, text: str) -> None:
        """A line in the status bar (for a while)."""
        self._main.statusBar().showMessage(text, STATUS_MS)

    def status_bar(self) -> QtWidgets.QStatusBar:
        return self._main.statusBar()

    def show_error(self, error: BaseException | str, title: str = "") -> QtWidgets.QMessageBox:
        return show_error(self._main, error, title)

    # ----------------------------------------------------------------- work
    def run(
        self,
        fn: Callable[[JobContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        label: str = "",
    ) -> Job:
        """Run `fn` off the GUI thread (the status bar shows progress and a Cancel button)."""
        return self.jobs.submit(fn, on_done, on_error, label=label)

    # The window's own steps, by name (see Commands).
    def show_site(self, site_id: int, fly: bool = True) -> None:
        self.commands.show_site(site_id, fly=fly)

    def set_region(self, region: Region, zoom: bool = False) -> None:
        self.commands.set_region(region, zoom=zoom)

    def run_dossier(self) -> None:
        self.commands.run_dossier()

    def set_tool(self, name: str) -> None:
        self.commands.set_tool(name)

    def close_window(self) -> bool:
        return self.commands.close()
