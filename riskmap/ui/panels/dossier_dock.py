"""The dossier of a selected region: header counts, the three lists, a chart, and exports.

The lists are QTableViews on the models in riskmap.ui.models; exports reuse
riskmap.textout.dossier_tables, so a CSV from the desktop equals one from `riskmap query`.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.catalog import Catalog
from riskmap.core.dossier import BASIS_DISTRICT, Counts, Dossier, HazardRow
from riskmap.core.figures import is_major
from riskmap.errors import RiskmapError
from riskmap.io.tables import write_csv, write_xlsx
from riskmap.textout import dossier_tables
from riskmap.ui.errors import error_text, notes_text, show_error
from riskmap.ui.models.dossier_models import (
    ROLES,
    ROW_ROLE,
    SITE_ID_ROLE,
    DossierFilterProxy,
    DossierTableModel,
    HazardTableModel,
    RectificationTableModel,
    UnitTableModel,
    terms,
)
from riskmap.ui.panels.dossier_chart import _DossierChart

OVERDUE_RED = "#d32f2f"
TABLES = ("hazards", "units", "rectifications")
# Free-text columns get at most this many CJK characters of width before eliding.
_LONG_COLUMN_CHARS = 22
_FIT_SAMPLE_ROWS = 100
_CROSSING_TIP = 30  # crossing sites named in the tooltip


class _ListTab(QWidget):
    """Search box, preset combo (and role combo for units), row count, and the table view.

    Holds no texts of its own: DossierPanel sets them, so all words share one tr() context.
    """

    def __init__(self, model: DossierTableModel, with_roles: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = DossierFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.preset = QComboBox(self)
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.role = QComboBox(self) if with_roles else None
        self.count = QLabel(self)
        self.view = QTableView(self)

        v = self.view
        v.setModel(self.proxy)
        v.setAlternatingRowColors(True)
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        v.setWordWrap(False)
        v.setTextElideMode(Qt.TextElideMode.ElideRight)
        v.verticalHeader().hide()
        fm = self.fontMetrics()
        v.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Compact rows, as in a spreadsheet: a CJK face's line height is already generous.
        v.verticalHeader().setDefaultSectionSize(round(fm.height() * 1.35))
        h = v.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        h.setHighlightSections(False)
        h.setSortIndicatorClearable(True)  # a third click goes back to the dossier's own order
        # Keep the dossier's order (overdue first, then major) until someone sorts.
        h.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        v.setSortingEnabled(True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.preset)
        if self.role is not None:
            self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            top.addWidget(self.role)
        top.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(v, 1)

        self.search.textChanged.connect(self.proxy.set_search)
        self.preset.currentIndexChanged.connect(self._on_preset)
        if self.role is not None:
            self.role.currentIndexChanged.connect(self._on_role)

    def _on_preset(self, _i: int) -> None:
        self.proxy.set_preset(self.preset.currentData() or "all")

    def _on_role(self, _i: int) -> None:
        assert self.role is not None
        self.proxy.set_role(self.role.currentData() or "")

    def fit_columns(self) -> None:
        """Columns sized to the header and a sample of rows, free text capped.

        Measured here from font metrics: QTableView.resizeColumnsToContents asks the model
        for every cell of the sample through Python and took ~0.5 s for the demo city.
        """
        v, proxy = self.view, self.proxy
        body = QFont(v.font())
        body.setBold(True)  # major rows are bold: measure the wider face
        fm = QFontMetrics(body)
        head = v.horizontalHeader().fontMetrics()
        pad = 2 * fm.averageCharWidth()
        cap = fm.horizontalAdvance("隐" * _LONG_COLUMN_CHARS)
        rows = range(min(proxy.rowCount(), _FIT_SAMPLE_ROWS))
        long_columns = self.model.LONG_COLUMNS
        for col, key in enumerate(self.model.column_keys()):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            # Room for the sort arrow beside the header text.
            width = head.horizontalAdvance(title) + head.height() + pad
            for r in rows:
                text = proxy.index(r, col).data()
                if text:
                    width = max(width, fm.horizontalAdvance(text) + pad)
            v.setColumnWidth(col, min(width, cap) if key in long_columns else width)


class DossierPanel(QWidget):
    """Header counts, hazards / units / rectifications tables, a chart, CSV and XLSX export."""

    sigSiteActivated = Signal(int)
    sigMessage = Signal(str)
    # A right click on a hazard or rectification row: (table name, the dossier row, global
    # position). The main window builds the menu: it knows the user and what they may do.
    sigRowMenuRequested = Signal(str, object, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dossier: Dossier | None = None
        self._catalog: Catalog | None = None
        self._districts: dict[str, str] = {}
        self._lang = "zh"
        self._click_guard = False
        self._last_error = ""

        self._title = QLabel(self)
        bold = self._title.font()
        bold.setBold(True)
        self._title.setFont(bold)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._meta = QLabel(self)
        self._counts = QLabel(self)
        self._counts.setTextFormat(Qt.TextFormat.RichText)
        # A district answers for its own sites; the others crossing into it are named apart.
        self._crossing = QLabel(self)
        self._crossing.setObjectName("dossier_crossing")
        self._crossing.setTextFormat(Qt.TextFormat.PlainText)
        self._crossing.setWordWrap(True)
        self._export = QPushButton(self)
        menu = QMenu(self._export)
        self._act_csv = menu.addAction("")
        self._act_xlsx = menu.addAction("")
        self._export.setMenu(menu)
        self._act_csv.triggered.connect(self.export_csv_dialog)
        self._act_xlsx.triggered.connect(self.export_xlsx_dialog)

        head = QHBoxLayout()
        head.addWidget(self._title)
        head.addWidget(self._meta, 1)
        head.addWidget(self._export)

        self._tabs = QTabWidget(self)
        self._lists = {
            "hazards": _ListTab(HazardTableModel(self), False, self),
            "units": _ListTab(UnitTableModel(self), True, self),
            "rectifications": _ListTab(RectificationTableModel(self), False, self),
        }
        for tab in self._lists.values():
            self._tabs.addTab(tab, "")
            tab.view.clicked.connect(self._on_clicked)
            tab.view.activated.connect(self._on_activated)
            tab.proxy.rowsInserted.connect(self._update_row_counts)
            tab.proxy.rowsRemoved.connect(self._update_row_counts)
            tab.proxy.modelReset.connect(self._update_row_counts)
            tab.proxy.layoutChanged.connect(self._update_row_counts)
        for name in ("hazards", "rectifications"):
            view = self._lists[name].view
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, n=name: self._row_menu_requested(n, pos)
            )
        self._chart = _DossierChart(self)
        self._tabs.addTab(self._chart, "")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self._counts)
        lay.addWidget(self._crossing)
        lay.addWidget(self._tabs, 1)
        self.retranslate()

    # -- public API -----------------------------------------------------------------------
    def height_for_rows(self, rows: int) -> int:
        """The panel's height that shows `rows` rows of a list (the layout's first size)."""
        tab = self._lists["hazards"]
        v = tab.view
        lay = self.layout()
        view = (
            v.verticalHeader().defaultSectionSize() * rows
            + v.horizontalHeader().sizeHint().height()
            + v.horizontalScrollBar().sizeHint().height()  # a wide list scrolls sideways
            + 2 * v.frameWidth()
        )
        in_tab = tab.layout().itemAt(0).sizeHint().height() + tab.layout().spacing()
        tabs = self._tabs.tabBar().sizeHint().height() + 2 * self._tabs.style().pixelMetric(
            QStyle.PixelMetric.PM_DefaultFrameWidth
        )
        # Everything above the tabs; the crossing-sites line is kept room for even while hidden,
        # so that a district selection does not push rows out of sight.
        crossing = self._crossing.fontMetrics().height()
        above = lay.itemAt(0).sizeHint().height() + self._counts.sizeHint().height() + crossing
        return view + in_tab + tabs + above + 3 * lay.spacing()

    def set_dossier(
        self,
        dossier: Dossier,
        ws_catalog: Catalog,
        district_names: dict[str, str],
        lang: str = "zh",
    ) -> None:
        """Show a dossier; `district_names` maps county codes to names for the tables and chart."""
        self._dossier = dossier
        self._catalog = ws_catalog
        self._districts = dict(district_names)
        self._lang = lang
        names = self._layer_names()
        self._lists["hazards"].model.set_rows(dossier.hazards, names, self._districts)
        self._lists["units"].model.set_rows(dossier.units, names, self._districts)
        self._lists["rectifications"].model.set_rows(dossier.rectifications, names, self._districts)
        for tab in self._lists.values():
            tab.fit_columns()
        self._refresh_texts()

    def clear(self) -> None:
        """Back to "no region selected": empty tables and chart, exports disabled."""
        self._dossier = None
        for tab in self._lists.values():
            tab.model.set_rows([])
        self._refresh_texts()

    def dossier(self) -> Dossier | None:
        return self._dossier

    def counts(self) -> Counts | None:
        """The overall counts the header shows (sites, hazards, open, major open, overdue)."""
        return None if self._dossier is None else self._dossier.totals.overall

    def counts_text(self) -> str:
        """The header's counts as plain text."""
        doc = QTextDocument()
        doc.setHtml(self._counts.text())
        return doc.toPlainText()

    def set_language(self, lang: str) -> None:
        """Layer names in `lang` ("zh" or "en"), then every tr() text."""
        self._lang = lang
        names = self._layer_names()
        for tab in self._lists.values():
            tab.model.set_layer_names(names)
        self.retranslate()

    def table_view(self, name: str) -> QTableView:
        """The view of "hazards", "units" or "rectifications" (for the main window and tests)."""
        return self._lists[name].view

    def list_tab(self, name: str) -> _ListTab:
        return self._lists[name]

    def current_table(self) -> str:
        """The table the current tab shows; the chart tab exports the totals."""
        w = self._tabs.currentWidget()
        return next((name for name, tab in self._lists.items() if tab is w), "totals")

    def export_csv(self, path: str | Path, table_name: str) -> bool:
        """Write one dossier table (hazards, units, rectifications, sites, totals) as CSV."""
        tables = self._tables()
        if tables is None:
            return False
        if table_name not in tables:
            self._fail(self.tr("Unknown table: {0}").format(table_name))
            return False
        headers, rows = tables[table_name]
        try:
            out = write_csv(path, headers, rows)
        except (RiskmapError, OSError) as exc:
            self._fail(error_text(exc))
            return False
        self.sigMessage.emit(self.tr("Exported {0} rows to {1}").format(len(rows), out))
        return True

    def export_xlsx(self, path: str | Path) -> bool:
        """Write every dossier list as one sheet of an XLSX workbook."""
        tables = self._tables()
        if tables is None:
            return False
        try:
            out = write_xlsx(path, tables)
        except (RiskmapError, OSError) as exc:
            self._fail(error_text(exc))
            return False
        self.sigMessage.emit(self.tr("Exported the dossier to {0}").format(out))
        return True

    def retranslate(self) -> None:
        """Re-set every text after a language switch."""
        self._export.setText(self.tr("Export"))
        self._export.setToolTip(self.tr("Export the dossier lists"))
        self._act_csv.setText(self.tr("Current table as CSV…"))
        self._act_xlsx.setText(self.tr("All lists as XLSX…"))
        t = terms()
        for tab in self._lists.values():
            tab.search.setPlaceholderText(self.tr("Search…"))
            tab.search.setToolTip(self.tr("Show rows containing this text in any column"))
            _fill_combo(tab.preset, [(t.preset(p), p) for p in tab.model.PRESETS])
            if tab.role is not None:
                roles = [(self.tr("All roles"), ""), *((t.role(r), r) for r in ROLES)]
                _fill_combo(tab.role, roles)
            tab.model.retranslate()
        self._chart.retranslate()
        self._refresh_texts()

    # -- internals ------------------------------------------------------------------------
    def _layer_names(self) -> dict[str, str]:
        if self._catalog is None:
            return {}
        return {k: spec.name(self._lang) for k, spec in self._catalog.items()}

    def _tables(self) -> dict[str, tuple[list, list]] | None:
        if self._dossier is None or self._catalog is None:
            self._fail(self.tr("Nothing to export: select a region first"))
            return None
        return dossier_tables(self._dossier, self._catalog, self._lang)

    def _refresh_texts(self) -> None:
        d = self._dossier
        self._act_csv.setEnabled(d is not None)
        self._act_xlsx.setEnabled(d is not None)
        self._export.setEnabled(d is not None)
        if d is None:
            self._title.setText(self.tr("No region selected"))
            self._meta.setText(self.tr("Select a region on the map to see its dossier"))
            self._meta.setToolTip("")
            self._counts.setText("")
            self._show_crossing(None)
            self._chart.set_data([], [])
        else:
            self._title.setText(self._region_title(d))
            area = self.locale().toString(float(d.region.area_km2), "f", 1)
            self._meta.setText(
                self.tr("{0} km² · as of {1}").format(area, d.filters.as_of.isoformat())
            )
            self._meta.setToolTip(
                notes_text(d.region.notes, "\n")
            )  # e.g. "repaired self-intersection"
            self._counts.setText(self._counts_html(d))
            self._show_crossing(d)
            self._update_chart(d)
        self._update_row_counts()

    def _region_title(self, d: Dossier) -> str:
        """The region in the UI language (the core's label is English, made for the CLI)."""
        r, p = d.region, d.region.params
        if r.kind == "city":
            return self.tr("Whole city")
        if r.kind == "district" and "name" in p:
            return self.tr("District: {0}").format(p["name"])
        if r.kind == "patrol" and "name" in p:
            return self.tr("Patrol area: {0}").format(p["name"])
        if r.kind == "circle" and "radius_m" in p:
            km = self.locale().toString(float(p["radius_m"]) / 1000, "f", 1)
            return self.tr("Circle, radius {0} km").format(km)
        if r.kind == "buffer" and "distance_m" in p:
            return self.tr("Buffer of {0} m").format(self.locale().toString(int(p["distance_m"])))
        words = {
            "rect": self.tr("Rectangle"),
            "polygon": self.tr("Polygon"),
            "lasso": self.tr("Freehand selection"),
        }
        return words.get(r.kind, r.label)

    def _counts_html(self, d: Dossier) -> str:
        c = d.totals.overall
        loc = self.locale()
        parts = [
            (self.tr("Sites"), c.sites, ""),
            (self.tr("Hazards"), c.hazards, ""),
            (self.tr("Open"), c.open, ""),
            (self.tr("Major open"), c.major_open, ""),
            (self.tr("Overdue"), c.overdue, OVERDUE_RED if c.overdue else ""),
        ]
        cells = []
        for word, n, color in parts:
            text = f"{html.escape(word)} <b>{loc.toString(n)}</b>"
            cells.append(f'<span style="color:{color}">{text}</span>' if color else text)
        return "&nbsp;&nbsp;·&nbsp;&nbsp;".join(cells)

    def crossing_text(self) -> str:
        """The line under the counts (empty unless a district is selected)."""
        return self._crossing.text() if self._crossing.isVisibleTo(self) else ""

    def _show_crossing(self, d: Dossier | None) -> None:
        if d is None or d.basis != BASIS_DISTRICT:
            self._crossing.hide()
            self._crossing.setText("")
            self._crossing.setToolTip("")
            return
        loc = self.locale()
        #: 按属地（风险点所在镇办）统计 · 途经本区的外区风险点 {0} 个（未销号隐患 {1} 项，未计入）
        text = self.tr(
            "Counted by the township that owns each site · {0} sites of other districts "
            "crossing it ({1} open hazards, not counted)"
        )
        self._crossing.setText(
            text.format(loc.toString(len(d.crossing)), loc.toString(d.crossing_counts.open))
        )
        names = self._layer_names()
        lines = [
            #: {0}（{1}，{2}）未销号 {3}
            self.tr("{0} ({1}, {2}): {3} open").format(
                c.name,
                names.get(c.layer, c.layer),
                self._districts.get(c.county_code or "", c.county_code or ""),
                loc.toString(c.counts.open),
            )
            for c in d.crossing[:_CROSSING_TIP]
        ]
        if len(d.crossing) > _CROSSING_TIP:
            #: 另有 {0} 个
            lines.append(self.tr("and {0} more").format(len(d.crossing) - _CROSSING_TIP))
        self._crossing.setToolTip("\n".join(lines))
        self._crossing.show()

    def _update_row_counts(self) -> None:
        titles = {
            "hazards": self.tr("Hazards"),
            "units": self.tr("Units"),
            "rectifications": self.tr("Rectifications"),
        }
        for i, (name, tab) in enumerate(self._lists.items()):
            total = tab.model.rowCount()
            shown = tab.proxy.rowCount()
            tab.count.setText(self.tr("{0} of {1}").format(shown, total))
            self._tabs.setTabText(i, self.tr("{0} ({1})").format(titles[name], total))
        self._tabs.setTabText(len(self._lists), self.tr("Chart"))

    def _update_chart(self, d: Dossier) -> None:
        by_layer: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        by_county: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for h in d.hazards:
            if not h.is_open:
                continue
            slot = _series_slot(h)
            by_layer[h.layer][slot] += 1
            by_county[h.county_code or ""][slot] += 1
        names = self._layer_names()
        outside = self.tr("(outside the counties)")
        layers = [(names.get(k, k), tuple(v)) for k, v in by_layer.items()]
        counties = [(self._districts.get(k, k) or outside, tuple(v)) for k, v in by_county.items()]
        layers.sort(key=lambda r: -sum(r[1]))
        counties.sort(key=lambda r: -sum(r[1]))
        self._chart.set_data(layers, counties)  # type: ignore[arg-type]

    def _site_of(self, index: QModelIndex) -> int | None:
        value = index.data(SITE_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def _on_clicked(self, index: QModelIndex) -> None:
        site = self._site_of(index)
        if site is None:
            return
        # Styles that activate on a single click send `activated` right after `clicked`.
        self._click_guard = True
        QTimer.singleShot(0, self._release_click_guard)
        self.sigSiteActivated.emit(site)

    def _on_activated(self, index: QModelIndex) -> None:
        site = self._site_of(index)
        if site is not None and not self._click_guard:
            self.sigSiteActivated.emit(site)

    def _row_menu_requested(self, name: str, pos: QPoint) -> None:
        view = self._lists[name].view
        index = view.indexAt(pos)
        if not index.isValid():
            return
        view.selectRow(index.row())
        row = index.data(ROW_ROLE)
        if row is not None:
            self.sigRowMenuRequested.emit(name, row, view.viewport().mapToGlobal(pos))

    def _release_click_guard(self) -> None:
        self._click_guard = False

    def export_csv_dialog(self) -> None:
        """Ask for a file and export the current tab's table (the chart tab: the totals)."""
        if self._dossier is None:
            return
        name = self.current_table()
        suggested = str(Path.home() / f"{name}_{self._dossier.filters.as_of.isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export CSV"), suggested, self.tr("CSV files (*.csv)")
        )
        if path and not self.export_csv(path, name):
            self._warn(path)

    def export_xlsx_dialog(self) -> None:
        """Ask for a file and export every list, one sheet each."""
        if self._dossier is None:
            return
        stamp = self._dossier.filters.as_of.isoformat()
        suggested = str(Path.home() / f"dossier_{stamp}.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export XLSX"), suggested, self.tr("Excel workbooks (*.xlsx)")
        )
        if path and not self.export_xlsx(path):
            self._warn(path)

    def _fail(self, reason: str) -> None:
        self._last_error = reason
        self.sigMessage.emit(self.tr("Export failed: {0}").format(reason))

    def _warn(self, path: str) -> None:
        # The dialog path: a message box, since the person is waiting for the file.
        show_error(
            self,
            self.tr("Could not write {0}:\n{1}").format(path, self._last_error),
            self.tr("Export failed"),
        )


def _series_slot(h: HazardRow) -> int:
    """0 general open, 1 major open, 2 overdue: a partition, so stacked bars add up to open."""
    if h.overdue:
        return 2
    return 1 if is_major(h.level) else 0


def _fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace a combo's items (new words) while keeping the chosen data value."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    i = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(0, i))
    combo.blockSignals(False)
