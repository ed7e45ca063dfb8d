"""The 事故周边 dock: the incident's settings, what each ring holds, the nearest resources.

The ring distances are typed as people say them ("1, 3, 5" km; Chinese commas too) and checked
here: a bad entry says why under the field and changes nothing, the rings already drawn stay.
"""

from __future__ import annotations

import math
import re

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.brief.incident import ring_label
from riskmap.brief.incident.words import KIND_LAYERS, bearing_text, compass_name, ordered_layers
from riskmap.core.catalog import Catalog
from riskmap.core.incident import (
    COMPASS_EN,
    COMPASS_ZH,
    DEFAULT_RINGS_M,
    MAX_RING_M,
    IncidentReport,
)
from riskmap.ui.models.dossier_models import terms

SITE_ROLE = QtCore.Qt.ItemDataRole.UserRole
COUNT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1  # (sites, people) on ring and layer rows
MAX_K = 20
_SPLIT = re.compile(r"[,，、;；\s]+")
Tree = QtWidgets.QTreeWidget
Item = QtWidgets.QTreeWidgetItem


class IncidentPanel(QtWidgets.QWidget):
    """Settings and results of one incident; the view (IncidentView) does the work."""

    sigDropToggled = QtCore.Signal(bool)
    sigUseSite = QtCore.Signal()
    sigApply = QtCore.Signal()
    sigClear = QtCore.Signal()
    sigExportPdf = QtCore.Signal()
    sigExportHtml = QtCore.Signal()
    sigSiteActivated = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incident_panel")
        self.lang = "zh"  # the window's language (retranslate): the wind directions' names
        self.drop_button = QtWidgets.QToolButton(self, checkable=True)
        self.drop_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.site_button = QtWidgets.QPushButton(self)
        self.rings_label = QtWidgets.QLabel(self)
        self.rings_edit = QtWidgets.QLineEdit(self)
        self.rings_edit.setObjectName("incident_rings")
        self.rings_edit.setText(", ".join(f"{r / 1000:g}" for r in DEFAULT_RINGS_M))
        self.rings_edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22)
        self.k_label = QtWidgets.QLabel(self)
        self.k_spin = QtWidgets.QSpinBox(self, minimum=1, maximum=MAX_K, value=3)
        # 风向: where the wind blows from, a 16-point name or degrees; empty: no sector.
        self.wind_label = QtWidgets.QLabel(self)
        self.wind_combo = QtWidgets.QComboBox(self)
        self.wind_combo.setObjectName("incident_wind")
        self.wind_combo.setEditable(True)
        self.wind_combo.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.wind_combo.setMinimumContentsLength(6)
        self.apply_button = QtWidgets.QPushButton(self)
        self.clear_button = QtWidgets.QPushButton(self)
        self.pdf_button = QtWidgets.QPushButton(self)
        self.html_button = QtWidgets.QPushButton(self)
        self.error = QtWidgets.QLabel(self)
        self.error.setObjectName("incident_error")
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.setVisible(False)
        self.summary = QtWidgets.QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rings_tree = Tree(self)
        self.rings_tree.setObjectName("incident_rings_tree")
        self.resources_tree = Tree(self)
        self.resources_tree.setObjectName("incident_resources_tree")
        mode = QtWidgets.QHeaderView.ResizeMode
        for tree in (self.rings_tree, self.resources_tree):
            tree.setAlternatingRowColors(True)
            tree.setUniformRowHeights(True)
            tree.setColumnCount(5 if tree is self.rings_tree else 4)
            tree.itemDoubleClicked.connect(self._activated)
            # Names take the room; numbers and kinds keep just what they need.
            header = tree.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, mode.Stretch)
            for col in range(1, tree.columnCount()):
                header.setSectionResizeMode(col, mode.ResizeToContents)

        bar = QtWidgets.QHBoxLayout()
        for w in (self.drop_button, self.site_button, self.rings_label, self.rings_edit,
                  self.k_label, self.k_spin, self.wind_label, self.wind_combo,
                  self.apply_button, self.clear_button):  # fmt: skip
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.html_button)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        split.addWidget(self.rings_tree)
        split.addWidget(self.resources_tree)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

        self.drop_button.toggled.connect(self.sigDropToggled)
        self.site_button.clicked.connect(self.sigUseSite)
        self.apply_button.clicked.connect(self.sigApply)
        self.rings_edit.returnPressed.connect(self.sigApply)
        self.k_spin.valueChanged.connect(lambda _v: self.sigApply.emit())
        self.wind_combo.activated.connect(lambda _i: self.sigApply.emit())
        line = self.wind_combo.lineEdit()
        assert line is not None
        line.returnPressed.connect(self.sigApply)
        self.clear_button.clicked.connect(self.sigClear)
        self.pdf_button.clicked.connect(self.sigExportPdf)
        self.html_button.clicked.connect(self.sigExportHtml)
        self.set_exportable(False)
        self.retranslate()

    # -- text ---------------------------------------------------------------------------
    def retranslate(self, lang: str | None = None) -> None:
        if lang is not None:
            self.lang = "zh" if lang.startswith("zh") else "en"
        #: 地图选点
        self.drop_button.setText(self.tr("Drop a point"))
        #: 在地图上点击事发地点
        self.drop_button.setToolTip(self.tr("Click the incident's location on the map"))
        #: 以所选风险点为事发点
        self.site_button.setText(self.tr("Use the selected site"))
        #: 研判半径（公里）：
        self.rings_label.setText(self.tr("Rings (km):"))
        #: 用逗号分隔，例如 1, 3, 5（每个不超过 100 公里）
        self.rings_edit.setToolTip(self.tr("Comma-separated, e.g. 1, 3, 5 (each at most 100 km)"))
        #: 每类最近资源：
        self.k_label.setText(self.tr("Nearest of each kind:"))
        #: 风向：
        self.wind_label.setText(self.tr("Wind from:"))
        self._fill_winds()
        #: 风的来向：十六方位（如“东北风”）或度数（45 为东北风）；留空则不划下风向扇区
        self.wind_combo.setToolTip(self.tr(
            "Where the wind blows from: a 16-point direction (e.g. NE) or degrees (0–360, 45 = "
            "from the north-east); empty: no downwind sector"
        ))  # fmt: skip
        #: 更新
        self.apply_button.setText(self.tr("Apply"))
        #: 清除
        self.clear_button.setText(self.tr("Clear"))
        #: 导出 PDF…
        self.pdf_button.setText(self.tr("Export PDF…"))
        #: 导出 HTML…
        self.html_button.setText(self.tr("Export HTML…"))
        self.rings_tree.setHeaderLabels(
            [
                #: 范围 / 图层 / 场所
                self.tr("Ring / layer / site"),
                #: 类别
                self.tr("Category"),
                #: 距离(公里)
                self.tr("Distance (km)"),
                #: 涉及人数
                self.tr("People"),
                #: 方位
                self.tr("Bearing"),
            ]
        )
        self.resources_tree.setHeaderLabels(
            [
                #: 最近应急资源
                self.tr("Nearest resources"),
                #: 距离(公里)
                self.tr("Distance (km)"),
                #: 能力
                self.tr("Capacity"),
                #: 联系电话
                self.tr("Contact"),
            ]
        )
        if not self.rings_tree.topLevelItemCount():
            #: 点击“地图选点”后在地图上点击事发地点，或选择一个风险点后点击“以所选风险点为事发点”。
            self.summary.setText(self.tr(
                "Press “Drop a point” and click the map where the incident is, or select a "
                "site and press “Use the selected site”."
            ))  # fmt: skip

    # -- input --------------------------------------------------------------------------
    def rings_m(self) -> tuple[float, ...] | None:
        """The ring radii in metres, sorted; None (and the reason under the field) if bad."""
        text = self.rings_edit.text().strip()
        parts = [p for p in _SPLIT.split(text) if p]
        if not parts:
            #: 请至少填写一个半径（公里）。
            return self._bad(self.tr("Give at least one ring distance in km."))
        values = []
        for part in parts:
            try:
                km = float(part)
            except ValueError:
                #: “{0}”不是数字：请用逗号分隔的公里数，例如 1, 3, 5。
                msg = self.tr("“{0}” is not a number: give km separated by commas, e.g. 1, 3, 5.")
                return self._bad(msg.format(part))
            if not math.isfinite(km) or km <= 0:
                #: 半径须大于 0：{0}
                return self._bad(self.tr("A ring distance must be above 0: {0}").format(part))
            if km * 1000 > MAX_RING_M:
                #: 半径不能超过 {0} 公里：{1}
                msg = self.tr("A ring distance can be at most {0} km: {1}")
                return self._bad(msg.format(f"{MAX_RING_M / 1000:g}", part))
            values.append(km * 1000)
        self.show_error("")
        return tuple(sorted(set(values)))

    def _bad(self, text: str) -> None:
        self.show_error(text)
        return None

    def k(self) -> int:
        return int(self.k_spin.value())

    def _fill_winds(self) -> None:
        """The 16 points in the window's language (东北风 / NE); what was typed stays."""
        keep = self.wind_combo.currentText()
        names = [f"{n}风" for n in COMPASS_ZH] if self.lang == "zh" else list(COMPASS_EN)
        self.wind_combo.blockSignals(True)
        self.wind_combo.clear()
        self.wind_combo.addItems(["", *names])
        self.wind_combo.setCurrentText(keep)
        self.wind_combo.blockSignals(False)

    def wind(self) -> str | None:
        """The wind direction as typed or picked (the core reads it); None when empty."""
        return self.wind_combo.currentText().strip() or None

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def set_exportable(self, on: bool) -> None:
        for b in (self.pdf_button, self.html_button, self.clear_button):
            b.setEnabled(on)

    def _activated(self, item: Item, _column: int) -> None:
        sid = item.data(0, SITE_ROLE)
        if sid is not None:
            self.sigSiteActivated.emit(int(sid))

    # -- results ------------------------------------------------------------------------
    def set_report(self, report: IncidentReport, catalog: Catalog, lang: str) -> None:
        self.set_exportable(True)
        total = sum(r.people for r in report.rings)
        #: 地图选点
        place = report.site_name or self.tr("point on the map")
        #: 事发点：{0}（{1:.5f}°E，{2:.5f}°N）。{3} 公里内 {4} 处场所，涉及约 {5} 人。
        text = self.tr("Incident: {0} ({1:.5f}°E, {2:.5f}°N). Within {3} km: {4} sites, "
                       "about {5} people.")  # fmt: skip
        outer = f"{report.rings[-1].outer_m / 1000:g}" if report.rings else "0"
        summary = text.format(
            place, report.lon, report.lat, outer, report.total_sites, f"{total:,}"
        )
        if report.downwind_deg is not None:
            n = sum(len(report.downwind_sites(r)) for r in report.rings)
            #: 下风向（{0}）扇区内 {1} 处场所。
            wind = self.tr("Downwind ({0}) sector: {1} sites.")
            summary += " " + wind.format(compass_name(report.downwind_deg, lang), n)
        self.summary.setText(summary)
        self._fill_rings(report, catalog, lang)
        self._fill_resources(report)

    def _fill_rings(self, report: IncidentReport, catalog: Catalog, lang: str) -> None:
        tree = self.rings_tree
        tree.clear()
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        bold = QtGui.QFont(tree.font())
        bold.setBold(True)
        for ring in report.rings:
            #: {0} 处
            n_text = self.tr("{0} sites")
            top = Item([ring_label(ring), n_text.format(len(ring.sites)), "", _people(ring.people)])
            top.setData(0, COUNT_ROLE, (len(ring.sites), ring.people))
            for col in range(4):
                top.setFont(col, bold)
            top.setTextAlignment(3, right)
            tree.addTopLevelItem(top)
            for group in ordered_layers(ring):
                spec = catalog.get(group.layer)
                name = spec.name(lang) if spec is not None else group.layer
                layer = Item([name, n_text.format(len(group.sites)), "", _people(group.people)])
                layer.setData(0, COUNT_ROLE, (len(group.sites), group.people))
                layer.setTextAlignment(3, right)
                top.addChild(layer)
                for s in group.sites:
                    kind = terms().choice(s.kind) if s.layer in KIND_LAYERS and s.kind else name
                    bearing = bearing_text(s, lang)
                    row = Item(
                        [s.name, kind, f"{s.distance_m / 1000:.2f}", _people(s.people), bearing]
                    )
                    if s.downwind:
                        row.setForeground(4, QtGui.QBrush(QtGui.QColor("#6a1b9a")))
                        row.setFont(4, bold)
                    row.setData(0, SITE_ROLE, s.site_id)
                    row.setTextAlignment(2, right)
                    row.setTextAlignment(3, right)
                    layer.addChild(row)
                # Schools and hospitals are what a commander asks for first: open their list.
                layer.setExpanded(group.layer == "dense_venues")
            top.setExpanded(True)

    def _fill_resources(self, report: IncidentReport) -> None:
        tree = self.resources_tree
        tree.clear()
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        for kind, items in report.resources.items():
            if not items:
                continue
            top = Item([terms().choice(kind), "", "", ""])
            tree.addTopLevelItem(top)
            for res in items:
                cap = f"{res.capacity:,} {res.capacity_unit}".strip() if res.capacity else ""
                row = Item([res.name, f"{res.distance_m / 1000:.2f}", cap, res.contact])
                row.setData(0, SITE_ROLE, res.site_id)
                row.setTextAlignment(1, right)
                row.setTextAlignment(2, right)
                top.addChild(row)
            top.setExpanded(True)

    def clear(self) -> None:
        self.rings_tree.clear()
        self.resources_tree.clear()
        self.show_error("")
        self.set_exportable(False)
        self.retranslate()

    def ring_counts(self) -> list[tuple[int, int]]:
        """(sites, people) per ring as the panel shows them (tests, scripts)."""
        tree = self.rings_tree
        return [
            tuple(tree.topLevelItem(i).data(0, COUNT_ROLE))  # type: ignore[misc]
            for i in range(tree.topLevelItemCount())
        ]


def _people(n: int) -> str:
    return f"{n:,}" if n else ""
