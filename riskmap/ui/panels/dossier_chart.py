"""The dossier's chart: open hazards by layer and by county, as horizontal stacked bars."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

# Bar colours, consistent with the tables: major = orange, overdue = red.
SERIES = (("general", "#5b8fc9"), ("major", "#ef6c00"), ("overdue", "#c62828"))


class _DossierChart(QWidget):
    """Open hazards by layer and by county: horizontal stacked bars, so names stay readable."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        pal = self.palette()
        fg = pal.color(QPalette.ColorRole.WindowText)
        self._titles = [QLabel(self), QLabel(self)]
        self._plots = [
            pg.PlotWidget(self, background=pal.color(QPalette.ColorRole.Base)) for _ in range(2)
        ]
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
        lay = QVBoxLayout(self)
        lay.addLayout(legend)
        lay.addWidget(self._empty)
        for title, plot in zip(self._titles, self._plots, strict=True):
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            lay.addWidget(title)
            lay.addWidget(plot, 1)
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
        self._data: list[list[tuple[str, tuple[int, int, int]]]] = [[], []]

    def retranslate(self) -> None:
        self._titles[0].setText(self.tr("Open hazards by layer"))
        self._titles[1].setText(self.tr("Open hazards by county"))
        self._empty.setText(self.tr("No open hazards in this region"))
        words = (self.tr("General, open"), self.tr("Major, open"), self.tr("Overdue"))
        for label, word in zip(self._legend, words, strict=True):
            label.setText(word)

    def set_data(
        self,
        by_layer: list[tuple[str, tuple[int, int, int]]],
        by_county: list[tuple[str, tuple[int, int, int]]],
    ) -> None:
        """Each list: (label, (general open, major open, overdue)), drawn top to bottom."""
        self._data = [by_layer, by_county]
        empty = not by_layer and not by_county
        self._empty.setVisible(empty)
        for title, plot, rows in zip(self._titles, self._plots, self._data, strict=True):
            title.setVisible(not empty)
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
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        for plot, rows in zip(self._plots, self._data, strict=True):
            lay.setStretchFactor(plot, max(1, len(rows)))
            plot.setMinimumHeight(round(self.fontMetrics().height() * 1.6 * (len(rows) + 2)))

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
        item.setXRange(0, max(1, max(left)) * 1.05, padding=0)
        item.setYRange(-0.6, len(rows) - 0.4, padding=0)
