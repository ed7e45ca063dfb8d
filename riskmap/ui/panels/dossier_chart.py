"""The dossier's chart: open hazards by layer and by county, as horizontal stacked bars.

Counts are whole numbers, so the count axis ticks only integers (`integer_ticks`); every bar
keeps a row tall enough for its name, and the charts scroll rather than drop rows when the dock
is short.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

# Bar colours, consistent with the tables: major = orange, overdue = red.
SERIES = (("general", "#5b8fc9"), ("major", "#ef6c00"), ("overdue", "#c62828"))
MAX_TICKS = 6


def integer_ticks(top: float, max_ticks: int = MAX_TICKS) -> list[int]:
    """Ticks for a count axis from 0 to at least `top`: integers 1, 2 or 5 × 10^k apart, at most
    `max_ticks` + 1 of them (a count of 0.5 hazards means nothing)."""
    top = max(1, math.ceil(top))
    step = 1
    while math.ceil(top / step) > max_ticks:
        step = _next_step(step)
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _next_step(step: int) -> int:
    """1 → 2 → 5 → 10 → 20 → 50 → …"""
    k = 10 ** int(math.log10(step))
    m = step // k
    return {1: 2 * k, 2: 5 * k}.get(m, 10 * k)


class _DossierChart(QWidget):
    """Open hazards by layer and by county: horizontal stacked bars, so names stay readable.

    The two plots are made when the chart is first shown (or asked for its ticks): the chart is
    the dossier's last tab, which the window's first frame does not show, and two pyqtgraph
    PlotWidgets are ~40 ms of its start (issue 20). Until then `set_data` only keeps the rows.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._titles = [QLabel(self), QLabel(self)]
        self._plots: list[pg.PlotWidget] = []
        self._empty = QLabel(self)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._legend = [QLabel(self) for _ in SERIES]
        legend = QHBoxLayout()
        h = self.fontMetrics().height()
        for (_key, color), label in zip(SERIES, self._legend, strict=True):
            swatch = QLabel(self)
            pm = QPixmap(QSize(h, h))
            pm.fill(QColor(color))
            swatch.setPixmap(pm)
            legend.addWidget(swatch)
            legend.addWidget(label)
            legend.addSpacing(h)
        legend.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addLayout(legend)
        outer.addWidget(self._empty)
        # the bars scroll under the legend when the dock is too short for every row
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self._scroll)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        self._scroll.setWidget(body)
        outer.addWidget(self._scroll, 1)
        self._body = lay
        for title in self._titles:
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            lay.addWidget(title)
        self._data: list[list[tuple[str, tuple[int, int, int]]]] = [[], []]

    def showEvent(self, event: QShowEvent) -> None:
        self._make_plots()
        super().showEvent(event)

    def _make_plots(self) -> list[pg.PlotWidget]:
        """The two plots, made (and drawn with the rows kept so far) on first use."""
        if self._plots:
            return self._plots
        pal = self.palette()
        fg = pal.color(QPalette.ColorRole.WindowText)
        body = self._body.parentWidget()
        self._plots = [
            pg.PlotWidget(body, background=pal.color(QPalette.ColorRole.Base)) for _ in range(2)
        ]
        for title, plot in zip(self._titles, self._plots, strict=True):
            self._body.insertWidget(self._body.indexOf(title) + 1, plot, 1)
            item = plot.getPlotItem()
            item.setMenuEnabled(False)
            item.hideButtons()
            item.setMouseEnabled(x=False, y=False)
            item.invertY(True)  # the largest bar at the top
            item.showGrid(x=True, y=False, alpha=0.15)
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                axis.setTickFont(self.font())
                axis.setTextPen(fg)
                axis.setPen(fg)
        self._label_plots()
        self._draw_plots()
        return self._plots

    def retranslate(self) -> None:
        self._titles[0].setText(self.tr("Open hazards by layer"))
        self._titles[1].setText(self.tr("Open hazards by county"))
        self._label_plots()
        self._empty.setText(self.tr("No open hazards in this region"))
        words = (self.tr("General, open"), self.tr("Major, open"), self.tr("Overdue"))
        for label, word in zip(self._legend, words, strict=True):
            label.setText(word)

    def _label_plots(self) -> None:
        for plot in self._plots:
            #: 未销号隐患（项）
            plot.getPlotItem().setLabel("bottom", self.tr("Open hazards"))

    def set_data(
        self,
        by_layer: list[tuple[str, tuple[int, int, int]]],
        by_county: list[tuple[str, tuple[int, int, int]]],
    ) -> None:
        """Each list: (label, (general open, major open, overdue)), drawn top to bottom."""
        self._data = [by_layer, by_county]
        empty = not by_layer and not by_county
        self._empty.setVisible(empty)
        self._scroll.setVisible(not empty)
        for title in self._titles:
            title.setVisible(not empty)
        self._draw_plots()

    def _draw_plots(self) -> None:
        if not self._plots:
            return
        empty = not any(self._data)
        for plot, rows in zip(self._plots, self._data, strict=True):
            plot.setVisible(not empty)
            self._draw(plot, rows)
        # pyqtgraph drops tick labels wider than the axis: size the axis to the longest name,
        # the same on both charts so their bars start at one line.
        fm = self.fontMetrics()
        labels = [label for rows in self._data for label, _v in rows] or [""]
        width = max(fm.horizontalAdvance(label) for label in labels) + 2 * fm.averageCharWidth()
        for plot in self._plots:
            plot.getPlotItem().getAxis("left").setWidth(width)
        # Vertical room in proportion to the number of bars, so both charts keep equal bar height.
        # (+ 3 rows: the count axis, its ticks and its title)
        for plot, rows in zip(self._plots, self._data, strict=True):
            self._body.setStretchFactor(plot, max(1, len(rows)))
            plot.setMinimumHeight(round(self.fontMetrics().height() * 1.8 * (len(rows) + 3)))

    def count_ticks(self, chart: int = 0) -> list[float]:
        """The values ticked on a chart's count axis (0: by layer, 1: by county)."""
        ticks = self._make_plots()[chart].getPlotItem().getAxis("bottom")._tickLevels
        return [float(v) for level in ticks or [] for v, _text in level]

    def _draw(self, plot: pg.PlotWidget, rows: list[tuple[str, tuple[int, int, int]]]) -> None:
        item = plot.getPlotItem()
        item.clear()
        if not rows:
            return
        ys = list(range(len(rows)))
        left = [0] * len(rows)
        for i, (_key, color) in enumerate(SERIES):
            widths = [values[i] for _label, values in rows]
            bar = pg.BarGraphItem(
                x0=list(left),
                y=ys,
                height=0.7,
                width=widths,
                brush=QColor(color),
                pen=pg.mkPen(None),
            )
            item.addItem(bar)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        item.getAxis("left").setTicks(
            [[(y, label) for y, (label, _v) in zip(ys, rows, strict=True)]]
        )
        ticks = integer_ticks(max(left))
        item.getAxis("bottom").setTicks([[(t, str(t)) for t in ticks], []])
        # a little room past the last tick, so its label is not cut at the plot's edge
        item.setXRange(0, ticks[-1] * 1.08, padding=0)
        item.setYRange(-0.6, len(rows) - 0.4, padding=0)
