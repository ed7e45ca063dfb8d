"""The wall's parts: KPI tiles, the ticker of overdue major hazards, the district table and the
map legend. Colours and sizes come from the theme (dark.qss); these widgets only lay out."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.style import LegendEntry
from riskmap.core.wall import Kpis
from riskmap.ui.map.layers import qcolor
from riskmap.ui.map.render import symbol_stamp

CHANGED_MS = 15_000  # a tile whose figure changed stays marked this long
TICKER_FPS = 60
TICKER_SPEED = 2.5  # line heights per second: about two seconds per character pair at 5 m


class KpiTile(QtWidgets.QFrame):
    """One figure with its caption; `tone` picks its colour in the theme."""

    def __init__(self, tone: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_tile")
        self.setProperty("tone", tone)
        self.setProperty("changed", False)
        self.tone = tone
        self.caption = QtWidgets.QLabel(self)
        self.caption.setObjectName("kpi_caption")
        self.value = QtWidgets.QLabel("–", self)
        self.value.setObjectName("kpi_value")
        # The date the figure counts to (overdue depends on it): "截至 2026-11-01".
        self.as_of = QtWidgets.QLabel(self)
        self.as_of.setObjectName("kpi_asof")
        for label in (self.caption, self.value, self.as_of):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setMinimumWidth(1)  # a long caption is cut, never widens the wall
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(self.caption)
        lay.addWidget(self.value, 1)
        lay.addWidget(self.as_of)
        self._shown: int | None = None
        self._scope: str | None = None
        self._calm = QtCore.QTimer(self, singleShot=True, interval=CHANGED_MS)
        self._calm.timeout.connect(lambda: self._mark(False))

    def set_value(self, value: int, scope: str) -> None:
        """Show `value`; mark the tile when it changed while showing the same scope (a change
        in the data, not the sequence moving on)."""
        if self._shown is not None and self._scope == scope and value != self._shown:
            self._mark(True)
            self._calm.start()
        self._shown, self._scope = value, scope
        self.value.setText(f"{value:,}")

    def number(self) -> int | None:
        return self._shown

    def _mark(self, on: bool) -> None:
        self.setProperty("changed", on)
        self.style().unpolish(self)
        self.style().polish(self)


class Ticker(QtWidgets.QWidget):
    """A line of text that scrolls right to left when it is wider than the widget (and stands
    still, centred, when it fits). Time-based, so a slow frame does not slow the text.

    The line is rendered once into a pixmap and each frame only blits it: at 4K, drawing the
    glyphs anew sixty times a second took over half a core; the blit takes a few percent."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wall_ticker")
        # paints every pixel itself: the styled parents are not repainted under each frame
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._items: list[str] = []
        self._text = ""
        self._gap = "      ◆      "
        self._strip: QtGui.QPixmap | None = None
        self._clock = QtCore.QElapsedTimer()
        self._clock.start()
        self._timer = QtCore.QTimer(self, interval=1000 // TICKER_FPS)
        self._timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.update)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )

    def set_items(self, items: Sequence[str]) -> None:
        items = list(items)
        if items == self._items:
            return  # a refresh with the same list keeps its place
        self._items = items
        self._text = self._gap.join(items) + self._gap if len(items) > 1 else "".join(items)
        self._clock.restart()
        self._sync()

    def items(self) -> list[str]:
        return list(self._items)

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QtCore.QSize:
        fm = self.fontMetrics()
        return QtCore.QSize(fm.height() * 10, round(fm.height() * 1.5))

    def _scrolls(self) -> bool:
        return self._strip is not None and self._strip_width() > self.width()

    def _strip_width(self) -> float:
        assert self._strip is not None
        return self._strip.width() / self._strip.devicePixelRatio()

    def _sync(self) -> None:
        """Render the line for the current text, font, colour and screen."""
        self._strip = None
        if self._text:
            fm = self.fontMetrics()
            dpr = self.devicePixelRatioF()
            w, h = max(1, math.ceil(fm.horizontalAdvance(self._text))), max(1, self.height())
            strip = QtGui.QPixmap(math.ceil(w * dpr), math.ceil(h * dpr))
            strip.setDevicePixelRatio(dpr)
            strip.fill(self._background())
            p = QtGui.QPainter(strip)
            p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
            p.setFont(self.font())
            p.setPen(self.palette().color(QtGui.QPalette.ColorRole.WindowText))
            p.drawText(QtCore.QRectF(0, 0, w, h), QtCore.Qt.AlignmentFlag.AlignVCenter, self._text)
            p.end()
            self._strip = strip
        if self._scrolls() and self.isVisible():
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def _background(self) -> QtGui.QColor:
        """The colour behind the ticker (its bar's, from the theme)."""
        w: QtWidgets.QWidget | None = self.parentWidget()
        while w is not None and not w.testAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground):
            w = w.parentWidget()
        return (w or self).palette().color(QtGui.QPalette.ColorRole.Window)

    def changeEvent(self, ev: QtCore.QEvent) -> None:
        super().changeEvent(ev)
        if ev.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.PaletteChange,
                         QtCore.QEvent.Type.StyleChange):  # fmt: skip
            self._sync()

    def showEvent(self, ev: QtGui.QShowEvent) -> None:
        super().showEvent(ev)
        self._sync()

    def hideEvent(self, ev: QtGui.QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(ev)

    def resizeEvent(self, ev: QtGui.QResizeEvent) -> None:
        super().resizeEvent(ev)
        self._sync()

    def paintEvent(self, _ev: QtGui.QPaintEvent) -> None:
        p = QtGui.QPainter(self)
        p.fillRect(self.rect(), self._background())
        if self._strip is None:
            return
        cycle = self._strip_width()
        if not self._scrolls():
            p.drawPixmap(QtCore.QPointF((self.width() - cycle) / 2, 0), self._strip)
            return
        speed = TICKER_SPEED * self.fontMetrics().height()
        # whole device pixels: a blit at a fractional offset would be resampled every frame
        dpr = self.devicePixelRatioF()
        x = -round((self._clock.elapsed() / 1000 * speed % cycle) * dpr) / dpr
        while x < self.width():  # the text repeats seamlessly (it ends with the separator)
            p.drawPixmap(QtCore.QPointF(x, 0), self._strip)
            x += cycle


class DistrictTable(QtWidgets.QTableWidget):
    """Counties (the city's step) or townships (a county's step) with their four figures.
    Read-only: no editing, no selection, no focus."""

    COLUMNS = 5

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.setObjectName("wall_table")
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        head = self.horizontalHeader()
        head.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.COLUMNS):
            head.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        # rows share the height: a county with 16 townships still fits without scrolling
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumSectionSize(1)

    def set_headers(self, texts: Sequence[str]) -> None:
        self.setHorizontalHeaderLabels(list(texts))

    def set_rows(self, rows: Sequence[tuple[str, Kpis]]) -> None:
        """(name, figures) per row."""
        self.setRowCount(len(rows))
        colours = (None, "#40c4ff", "#ffb300", "#ff5252", "#69f0ae")
        for r, (name, k) in enumerate(rows):
            values = (name, k.open, k.major, k.overdue, k.closed_week)
            for c, v in enumerate(values):
                item = QtWidgets.QTableWidgetItem(v if isinstance(v, str) else f"{v:,}")
                align = QtCore.Qt.AlignmentFlag.AlignVCenter | (
                    QtCore.Qt.AlignmentFlag.AlignLeft
                    if c == 0
                    else QtCore.Qt.AlignmentFlag.AlignRight
                )
                item.setTextAlignment(align)
                colour = colours[c]
                if colour is not None and v:  # a zero stays plain: nothing to look at there
                    item.setForeground(QtGui.QColor(colour))
                self.setItem(r, c, item)

    def cell_text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""


LEGEND_ROWS = 6


class Legend(QtWidgets.QFrame):
    """The style engine's legend rows (`legend_entries`) of what the map shows, under the
    preset's name: the swatches drawn as the map draws them."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wall_legend")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._lay = QtWidgets.QGridLayout(self)
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("wall_legend_title")
        self.title.setWordWrap(True)
        self._entries: list[LegendEntry] = []

    def event(self, ev: QtCore.QEvent) -> bool:
        # not in a layout: follow its own contents when the theme's fonts arrive or change
        if ev.type() == QtCore.QEvent.Type.LayoutRequest:
            self.adjustSize()
        return super().event(ev)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.adjustSize()

    def set_entries(self, entries: Sequence[LegendEntry], swatch: int) -> None:
        """A row per entry; `swatch` px square."""
        self._entries = list(entries)
        while self._lay.count():
            w = self._lay.takeAt(0).widget()
            if w is not None and w is not self.title:
                w.hide()  # deleteLater waits for the event loop; a grab before must not see it
                w.deleteLater()
        # past LEGEND_ROWS rows the legend takes two columns: it stays clear of the scale bar
        rows = (
            len(self._entries) if len(self._entries) <= LEGEND_ROWS else -(-len(self._entries) // 2)
        )
        cols = 1 if rows == len(self._entries) else 2
        self._lay.addWidget(self.title, 0, 0, 1, 2 * cols)
        # the title wraps at the width of about 22 characters instead of widening the legend
        self.title.setMaximumWidth(swatch * 22 * cols)
        dpr = self.devicePixelRatioF()
        for i, entry in enumerate(self._entries):
            icon = QtWidgets.QLabel(self)
            icon.setPixmap(_swatch(entry, swatch, dpr))
            label = QtWidgets.QLabel(entry.label, self)
            row, col = 1 + i % rows, 2 * (i // rows)
            self._lay.addWidget(icon, row, col)
            self._lay.addWidget(label, row, col + 1)
        self.adjustSize()

    def texts(self) -> list[str]:
        return [e.label for e in self._entries]

    def rows(self) -> list[LegendEntry]:
        return list(self._entries)


def _swatch(entry: LegendEntry, size: int, dpr: float) -> QtGui.QPixmap:
    """The entry's symbol as the map draws it: a point's symbol, a line, a filled area, a
    hazard ring, a counted disc."""
    pm = QtGui.QPixmap(round(size * dpr), round(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(pm)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    inset = size * 0.15
    rect = QtCore.QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    stroke, fill = qcolor(entry.stroke), qcolor(entry.fill or entry.stroke)
    g = entry.geometry
    if g == "ring":
        p.setPen(QtGui.QPen(stroke, max(2.0, size * 0.12)))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawEllipse(rect)
    elif g == "line":
        pen = QtGui.QPen(stroke, max(2.0, size * 0.14))
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(rect.bottomLeft(), rect.topRight())
    elif g in ("point", "cluster"):
        fill.setAlpha(255)
        name = entry.symbol if g == "point" else "o"
        # a copy: the map's cached stamp keeps its own pixel ratio
        stamp = QtGui.QImage(symbol_stamp(name, size * 0.7 * dpr, fill, QtGui.QColor("white")))
        stamp.setDevicePixelRatio(dpr)
        at = (size - stamp.width() / dpr) / 2
        p.drawImage(QtCore.QPointF(at, at), stamp)
    else:
        fill.setAlpha(max(fill.alpha(), 160))  # a pale fill on the wall's dark ground
        p.setPen(QtGui.QPen(stroke, max(1.0, size * 0.06)))
        p.setBrush(fill)
        p.drawRoundedRect(rect, size * 0.1, size * 0.1)
    p.end()
    return pm


class Header(QtWidgets.QWidget):
    """The top line: city and title, the demo badge, the scope and step, the preset, the clock
    and when the figures were last read."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wall_header")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = self._label("wall_title")
        self.badge = self._label("wall_badge")
        self.scope = self._label("wall_scope")
        self.step = self._label("wall_step")
        self.preset = self._label("wall_preset")
        self.clock = self._label("wall_clock")
        self.updated = self._label("wall_updated")
        stack = QtWidgets.QVBoxLayout()
        stack.setSpacing(0)
        for label in (self.clock, self.updated):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
            stack.addWidget(label)
        lay = QtWidgets.QHBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.badge)
        lay.addStretch(1)
        lay.addWidget(self.scope)
        lay.addWidget(self.step)
        lay.addStretch(1)
        lay.addWidget(self.preset)
        lay.addLayout(stack)

    def _label(self, name: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self)
        label.setObjectName(name)
        # a long text (an English county name, an error) is cut, never widens the wall
        label.setMinimumWidth(1)
        return label

    def set_updated(self, text: str, error: bool) -> None:
        self.updated.setText(text)
        if self.updated.property("error") != error:
            set_state(self.updated, "error", error)


def set_state(widget: QtWidgets.QWidget, name: str, value: object) -> None:
    """Set a property the theme selects on (e.g. [error="true"]) and restyle the widget."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
