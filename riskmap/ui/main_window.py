"""The main window: map in the centre, layers on the left, dossier below, site detail right."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.database import Actor
from riskmap.core.dossier import Dossier, Filters, build
from riskmap.core.ledger import resolve_actor
from riskmap.core.region import Region
from riskmap.core.site_detail import site_detail
from riskmap.core.tiles import BasemapConfig
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.ui.briefing import BriefingActions
from riskmap.ui.database_dialog import DatabaseActions
from riskmap.ui.errors import error_text, note_text
from riskmap.ui.i18n import Translations, deliver_language_change
from riskmap.ui.importer import ImportActions
from riskmap.ui.incident import IncidentView
from riskmap.ui.ledger import LedgerActions, LedgerController
from riskmap.ui.ledger.files import LedgerFiles
from riskmap.ui.map.canvas import MapCanvas
from riskmap.ui.map.commands import MapCommands
from riskmap.ui.map.district_picker import DistrictPicker
from riskmap.ui.map_export import MapExportActions
from riskmap.ui.panels.dossier_dock import DossierPanel
from riskmap.ui.panels.layer_panel import LayerPanel
from riskmap.ui.panels.site_detail import SiteDetailPanel
from riskmap.ui.patrol import PatrolActions
from riskmap.ui.services import Commands, Services
from riskmap.ui.state import AppState
from riskmap.ui.wall import WallActions
from riskmap.ui.window_actions import LEVEL_CHOICES, STATUS_CHOICES, WindowActions
from riskmap.ui.window_state import reset_layout, restore_window, save_window
from riskmap.ui.workers import JobContext, JobRunner

if TYPE_CHECKING:
    from riskmap.ui.wall.watch import DbWatcher

RELISTEN_MS = 5000  # PostgreSQL: how often to try listening again while the server is away


class MainWindow(QtWidgets.QMainWindow):
    sigDossierReady = QtCore.Signal(object)

    def __init__(
        self,
        ws: Workspace,
        settings: QtCore.QSettings,
        translations: Translations,
        parent: QtWidgets.QWidget | None = None,
        *,
        actor: Actor | None = None,
        today: dt.date | None = None,
    ):
        """`actor`: the current user (default: resolve_actor's login name); `today`: the
        ledger's and the as-of date (default: the calendar's, asked at each edit)."""
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.translations = translations
        actor = actor or resolve_actor(ws.store)
        # What the window shows; `region`, `dossier`, `selected_site` and `lang` below are its
        # values, so every assignment here reaches the state's listeners.
        self.state = AppState(actor=actor, language=translations.lang, as_of=today, parent=self)
        self.jobs = JobRunner(self)
        self._query_job: Any = None
        self.setObjectName("MainWindow")
        self.today = today
        self.ledger = LedgerController(ws, actor, today, self)
        self.ledger.sigActorChanged.connect(self.state.set_actor)
        self.state.sigDossierChanged.connect(self._dossier_changed)  # feeds sigDossierReady
        self.undo_stack = self.ledger.undo_stack

        self.canvas = MapCanvas(ws, self, lang=self.lang, as_of=self.state.as_of)
        self.state.sigAsOfChanged.connect(self.canvas.set_as_of)  # the marks count on it
        self.ledger.sigChanged.connect(lambda _ids: self.canvas.refresh_risk())
        # a large city's vertex grid, for faster regions and nearest(), once the map is complete
        self.canvas.sigRiskLoaded.connect(lambda: self.canvas.ws.prepare_in_background())
        self.setCentralWidget(self.canvas)
        counts = _layer_counts(ws)
        self.layer_panel = LayerPanel(ws.catalog, counts, self.lang, self)
        self.dossier_panel = DossierPanel(self)
        self.detail_panel = SiteDetailPanel(self)
        self.identify_combo = QtWidgets.QComboBox()
        detail_box = QtWidgets.QWidget()
        dl = QtWidgets.QVBoxLayout(detail_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.identify_combo)
        dl.addWidget(self.detail_panel, 1)

        # The dock keeps the height the user (or the first layout) gave it: a new dossier's
        # size hint must not push the map aside.
        self.dossier_panel.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Ignored
        )
        self.layer_dock = self._dock(
            "layers", self.layer_panel, QtCore.Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.dossier_dock = self._dock(
            "dossier", self.dossier_panel, QtCore.Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.detail_dock = self._dock(
            "detail", detail_box, QtCore.Qt.DockWidgetArea.RightDockWidgetArea
        )

        self.chrome = WindowActions(self)  # actions, menus, toolbars, filter and status bars
        self.chrome.build()
        self.services = self._services()
        self.ledger_ui = LedgerActions(self.services)
        self.ledger_ui.install()
        self.ledger_files = LedgerFiles(self.services, self.ledger_ui)
        self.patrol_ui = PatrolActions(self.services)
        self.incident_view = IncidentView.install(self.services)
        self.briefing_ui = BriefingActions(self.services)  # File → Briefing…
        self.map_export_ui = MapExportActions(self.services)  # File → Export map…
        self.wall_ui = WallActions(self.services)  # View → Wall display
        self.import_ui = ImportActions(self.services)  # File → Import/Export…; files dropped on it
        self.database_ui = DatabaseActions(self.services, ws.store.url)  # File → Database…
        self._connect()
        # Another seat's commit (PostgreSQL, LISTEN/NOTIFY) refreshes the site detail and the
        # dossier as the window's own edits do; those it leaves out, having refreshed already.
        self.db_watcher: DbWatcher | None = None
        if ws.store.is_postgis:
            from riskmap.ui.wall.watch import DbWatcher

            self.db_watcher = DbWatcher(
                ws.store, RELISTEN_MS, self, ignore_own=True, fallback=False
            )
            self.db_watcher.sigChanged.connect(self._other_seat_changed)
        self.retranslate()
        self._restore()
        self.identify_combo.setVisible(False)

    # ----------------------------------------------------------------- state
    @property
    def region(self) -> Region | None:
        return self.state.region

    @region.setter
    def region(self, region: Region | None) -> None:
        self.state.set_region(region)

    @property
    def dossier(self) -> Dossier | None:
        return self.state.dossier

    @dossier.setter
    def dossier(self, dossier: Dossier | None) -> None:
        self.state.set_dossier(dossier)

    @property
    def selected_site(self) -> int | None:
        return self.state.selected_site

    @selected_site.setter
    def selected_site(self, site_id: int | None) -> None:
        self.state.set_selected_site(site_id)

    @property
    def lang(self) -> str:
        return self.state.language

    @property
    def _district_names(self) -> dict[str, str]:
        # Asked each time: an import may bring new boundaries into the one workspace.
        return {d.code: d.name for d in self.ws.districts}

    # ----------------------------------------------------------------- construction
    def _services(self) -> Services:
        """What the feature packages get instead of the window (riskmap.ui.services)."""
        menus = {"file": self.menu_file, "view": self.menu_view, "select": self.menu_select,
                 "language": self.menu_lang, "help": self.menu_help}  # fmt: skip
        toolbars = {"tools": self.toolbar, "analyse": self.analysis_bar,
                    "draw": self.draw_bar, "filters": self.filter_bar}  # fmt: skip
        docks = {"layers": self.layer_dock, "dossier": self.dossier_dock,
                 "detail": self.detail_dock}  # fmt: skip
        actions = {"export_csv": self.act_export_csv, "quit": self.act_quit}
        commands = Commands(show_site=self.show_site, set_region=self.set_region,
                            run_dossier=self.run_dossier, set_tool=self.set_tool,
                            close=self.close)  # fmt: skip
        return Services(
            parent=self,
            ws=self.ws,
            settings=self.settings,
            state=self.state,
            jobs=self.jobs,
            canvas=self.canvas,
            ledger=self.ledger,
            menus=menus,
            toolbars=toolbars,
            layer_panel=self.layer_panel,
            dossier_panel=self.dossier_panel,
            detail_panel=self.detail_panel,
            docks=docks,
            actions=actions,
            tool_group=self.tool_group,
            commands=commands,
            today=self.today,
        )

    def _dock(
        self, name: str, widget: QtWidgets.QWidget, area: QtCore.Qt.DockWidgetArea
    ) -> QtWidgets.QDockWidget:
        dock = QtWidgets.QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        self.map_commands = MapCommands(self.services, self.identify_combo)
        self.act_buffer.triggered.connect(self.map_commands.buffer_dialog)
        self.act_basemap.triggered.connect(self.map_commands.basemap_dialog)
        c = self.canvas
        c.sigRegionSelected.connect(self.set_region)
        c.sigCursorMoved.connect(self._cursor)
        c.sigMessage.connect(self.message)
        c.sigToolChanged.connect(self._tool_changed)
        self.dossier_panel.sigSiteActivated.connect(self.show_site)
        self.dossier_panel.sigMessage.connect(self.message)
        self.level_combo.currentIndexChanged.connect(self._filters_changed)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.asof_edit.dateChanged.connect(lambda d: self.state.set_as_of(d.toPython()))
        self.asof_edit.dateChanged.connect(self._filters_changed)
        self.asof_edit.textEdited.connect(self._asof_validity)
        self.asof_edit.editingFinished.connect(self._asof_validity)
        self.jobs.sigBusyChanged.connect(self._busy)

    # ----------------------------------------------------------------- text
    def retranslate(self) -> None:
        self.chrome.retranslate()
        for panel in (self.layer_panel, self.dossier_panel, self.detail_panel):
            panel.retranslate()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        # The feature packages' objects are the window's children: Qt passes them the same
        # event, and each retranslates itself (riskmap.ui.i18n.Retranslating).
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        if not self.translations.set_language(lang):
            self.message(self.translations.problem)
        self.state.set_language(self.translations.lang)
        self.lang_actions[self.lang].setChecked(True)
        self.layer_panel.set_language(self.lang)
        self.canvas.set_language(self.lang)
        self.ledger_files.set_language(self.lang)
        deliver_language_change()  # every text in the new language before going on
        if self.dossier is not None:
            self.dossier_panel.set_dossier(
                self.dossier, self.ws.catalog, self._district_names, self.lang
            )
        if self.selected_site is not None:
            self.show_site(self.selected_site)
        self.settings.setValue("language", self.lang)

    # ----------------------------------------------------------------- tools and regions
    def set_tool(self, name: str) -> None:
        self.canvas.set_tool(name)
        self.settings.setValue("tool", name)

    def _tool_changed(self, name: str) -> None:
        act = self.tool_actions.get(name)
        if act is not None:
            act.setChecked(True)

    def filters(self) -> Filters:
        """The filter bar's and the layer panel's choices, also made the state's."""
        level = LEVEL_CHOICES[max(0, self.level_combo.currentIndex())]
        status = STATUS_CHOICES[max(0, self.status_combo.currentIndex())]
        visible = [k for k in self.layer_panel.visible_layers() if k in self.ws.catalog]
        filters = Filters(
            layers=tuple(visible),
            levels=(level,) if level else (),
            status=status,
            as_of=self.asof_edit.date().toPython(),
        )
        self.state.set_as_of(filters.as_of)
        self.state.set_filters(filters)
        return filters

    def set_region(self, region: Region, zoom: bool = False) -> None:
        """A new selection: draw it, and build its dossier off the GUI thread."""
        self.region = region
        self.canvas.show_region(region)
        self.show_dossier()
        if zoom:
            minx, miny, maxx, maxy = region.geom.bounds
            pad = 0.08 * max(maxx - minx, maxy - miny)
            self.canvas.set_view_rect(
                QtCore.QRectF(minx - pad, miny - pad, maxx - minx + 2 * pad, maxy - miny + 2 * pad)
            )
        for note in region.notes:
            self.message(note_text(note))
        self.run_dossier()

    def show_dossier(self) -> None:
        """The dossier dock in front of the lists tabbed with it (patrols, incident)."""
        self.dossier_dock.show()
        self.dossier_dock.raise_()

    def clear_region(self) -> None:
        self.region = None
        self.dossier = None
        self.canvas.clear_region()
        self.canvas.highlight([])
        self.dossier_panel.clear()

    def run_dossier(self) -> None:
        try:
            filters = self.filters()  # the state's filters follow the bar with no region too
        except RiskmapError as exc:
            self.message(error_text(exc))
            return
        if self.region is None:
            return
        region = self.region
        if self._query_job is not None:
            self._query_job.cancel()
        if not filters.layers:  # an empty layer list would mean "every layer" to the core
            self.dossier = None
            self.dossier_panel.clear()
            self.message(self.tr("No layer is visible: the selection finds nothing."))
            return
        ws = self.ws

        def work(ctx: JobContext) -> Dossier:
            ctx.progress(10, 100)
            return build(ws, region, filters)

        self._query_job = self.jobs.submit(work, self._dossier_done, self.message, label="query")

    def _dossier_done(self, dossier: Dossier) -> None:
        if dossier.region is not self.region:
            return  # a newer selection is on its way
        self._query_job = None
        self.dossier_panel.set_dossier(dossier, self.ws.catalog, self._district_names, self.lang)
        t = dossier.totals.overall
        #: 选区内风险点 {0} 个，隐患 {1} 条（未销号 {2} 条，逾期 {3} 条），截至 {4}
        self.message(
            self.tr(
                "{0} sites, {1} hazards ({2} open, {3} overdue) in the selection, as of {4}"
            ).format(t.sites, t.hazards, t.open, t.overdue, dossier.filters.as_of.isoformat())
        )
        # Last: the state's listeners (and sigDossierReady's) find the window showing it.
        self.dossier = dossier

    def _dossier_changed(self, dossier: Dossier | None) -> None:
        if dossier is not None:
            self.sigDossierReady.emit(dossier)

    def _asof_validity(self, *_args: Any) -> None:
        """A date that is not one says so where the figures' line is; the figures stay."""
        if not self.asof_edit.is_valid():
            self.message(self.asof_edit.problem())

    def _filters_changed(self) -> None:
        self.settings.setValue("filters", json.dumps(self.filter_state()))
        if self.selected_site is not None:  # its overdue days count to the as-of date too
            self.show_site(self.selected_site, fly=False)
        self.run_dossier()

    def pick_district(self) -> None:
        dlg = DistrictPicker(self.ws, self)
        if dlg.exec() == QtWidgets.QDialog.DialogCode.Accepted and dlg.code():
            self.select_district(dlg.code())

    def select_district(self, code: str) -> None:
        try:
            region = Region.from_district(self.ws.districts, code, crs=self.ws.crs)
        except RiskmapError as exc:
            self.message(error_text(exc))
            return
        self.set_region(region, zoom=True)

    def _other_seat_changed(self) -> None:
        """Another seat committed: the ledger views refresh; new or moved sites and boundaries
        also reload the map (in the background, as after an import)."""
        tables = self.db_watcher.tables if self.db_watcher is not None else set()
        if tables & {"sites", "districts"}:
            self.import_ui.refresher.refresh()  # ends with run_dossier, which covers the rest
        else:
            self.ledger.sigChanged.emit([])

    # ----------------------------------------------------------------- map: riskmap.ui.map.commands
    def buffer_sites(self, site_ids: list[int], distance_m: float) -> None:
        self.map_commands.buffer_sites(site_ids, distance_m)

    def set_basemap(self, config: BasemapConfig | None) -> None:
        self.map_commands.set_basemap(config)

    def apply_layer_order(self, keys: list[str]) -> None:
        self.map_commands.apply_layer_order(keys)

    # ----------------------------------------------------------------- sites
    def show_site(self, site_id: int, fly: bool = True) -> None:
        try:
            detail = site_detail(self.ws, site_id, self.lang, self.asof_edit.date().toPython())
        except RiskmapError as exc:
            self.message(error_text(exc))
            return
        self.selected_site = site_id
        self.detail_panel.show_site(detail, self.ledger.site_ledger(site_id))
        self.detail_dock.raise_()
        if fly:
            self.canvas.fly_to(site_id)
        self.canvas.highlight([site_id])
        self.ledger_ui.update_actions()

    # ----------------------------------------------------------------- ledger
    def set_user(self, name: str, password: str) -> Actor | None:
        """Work as another user of the database, given their password (File → Switch user…)."""
        return self.ledger_ui.switch_user(name, password)

    # ----------------------------------------------------------------- misc
    def _cursor(self, x: float, y: float, lon: float, lat: float) -> None:
        self.coord_label.setText(f"{lon:.5f}°E {lat:.5f}°N  |  X {x:,.0f} m  Y {y:,.0f} m")

    def message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setRange(0, 0 if busy else 100)

    # ----------------------------------------------------------------- state
    def filter_state(self) -> dict[str, Any]:
        return {
            "level": self.level_combo.currentIndex(),
            "status": self.status_combo.currentIndex(),
        }

    def _restore(self) -> None:
        restore_window(self)

    def reset_layout(self) -> None:
        """View → Reset layout: the docks and toolbars where and as large as on a first start."""
        reset_layout(self)

    def save_state(self) -> None:
        save_window(self)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.db_watcher is not None:
            self.db_watcher.stop()  # its listening connection closes with the window
        self.jobs.cancel_all()
        self.jobs.wait(5000)
        self.save_state()
        self.canvas.shutdown()  # its render threads must not outlive the window
        super().closeEvent(event)


def _layer_counts(ws: Workspace) -> dict[str, int]:
    from riskmap.ui.importer.refresh import layer_counts

    return layer_counts(ws)


def _site_names(ws: Workspace, ids: list[int]) -> dict[int, tuple[str, str]]:
    from riskmap.core.site_detail import site_names

    return site_names(ws.store, ids)
