"""The Briefing dialog's previews: the key figures of the briefing context (before anything is
written), and a page of the PDF once it is."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.brief.context import Briefing, DistrictRow

TOP_UNITS = 8  # units listed with their overdue rectifications (the XLSX has them all)


def _item(value: str | int, left: bool = False) -> QtWidgets.QTableWidgetItem:
    item = QtWidgets.QTableWidgetItem(value if isinstance(value, str) else f"{value:,}")
    align = QtCore.Qt.AlignmentFlag.AlignLeft if left else QtCore.Qt.AlignmentFlag.AlignRight
    item.setTextAlignment(align | QtCore.Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(columns: int) -> QtWidgets.QTableWidget:
    t = QtWidgets.QTableWidget(0, columns)
    t.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    head = t.horizontalHeader()
    head.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
    for c in range(1, columns):
        head.setSectionResizeMode(c, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    return t


class FiguresView(QtWidgets.QWidget):
    """Counts per district, and the headline figures of the briefing."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefing_figures")
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("briefing_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.state = QtWidgets.QLabel(self)
        self.state.setWordWrap(True)
        self.districts = _table(5)
        self.districts.setObjectName("briefing_districts")
        self.facts = QtWidgets.QFormLayout()
        self.fact_labels: dict[str, tuple[QtWidgets.QLabel, QtWidgets.QLabel]] = {}
        for key in ("major", "overdue", "deadlines", "gaps"):
            name, value = QtWidgets.QLabel(self), QtWidgets.QLabel(self)
            value.setObjectName(f"fact_{key}")
            self.facts.addRow(name, value)
            self.fact_labels[key] = (name, value)
        self.units = _table(3)
        self.units.setObjectName("briefing_units")
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.state)
        lay.addWidget(self.districts)
        lay.addLayout(self.facts)
        self.units_title = QtWidgets.QLabel(self)
        lay.addWidget(self.units_title)
        lay.addWidget(self.units, 1)
        self.briefing: Briefing | None = None
        self.values: dict[str, int] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.districts.setHorizontalHeaderLabels([
            #: 县区
            self.tr("District"),
            #: 专题风险点
            self.tr("Focus sites"),
            #: 未销号隐患
            self.tr("Open"),
            #: 重大隐患
            self.tr("Major"),
            #: 逾期整改
            self.tr("Overdue"),
        ])  # fmt: skip
        names = {
            #: 重大隐患（未销号）：
            "major": self.tr("Major hazards (open):"),
            #: 逾期整改：
            "overdue": self.tr("Overdue rectifications:"),
            #: 期内到期整改：
            "deadlines": self.tr("Deadlines in the period:"),
            #: 巡查未覆盖的高风险点：
            "gaps": self.tr("High-risk sites no patrol covers:"),
        }
        for key, (name, _value) in self.fact_labels.items():
            name.setText(names[key])
        #: 逾期整改最多的责任单位
        self.units_title.setText(self.tr("Units with the most overdue rectifications"))
        self.units.setHorizontalHeaderLabels([
            #: 责任单位
            self.tr("Unit"),
            #: 逾期整改
            self.tr("Overdue"),
            #: 其中重大
            self.tr("Of them major"),
        ])  # fmt: skip
        if self.briefing is not None:
            self.set_briefing(self.briefing)

    def set_state(self, text: str, error: bool = False) -> None:
        """A line above the figures: computing…, or why there are none."""
        self.state.setText(text)
        self.state.setStyleSheet("color: #c62828;" if error else "color: palette(mid);")
        self.state.setVisible(bool(text))

    def set_briefing(self, b: Briefing) -> None:
        self.briefing = b
        self.title.setText(b.title)
        rows: list[DistrictRow] = [*b.districts, b.totals]
        self.districts.setRowCount(len(rows))
        for r, row in enumerate(rows):
            #: 合计
            name = self.tr("Total") if row is b.totals else row.name
            values = (row.sites, row.open, row.major_open, row.overdue)
            self.districts.setItem(r, 0, _item(name, left=True))
            for c, v in enumerate(values, start=1):
                self.districts.setItem(r, c, _item(v))
        self._fit_rows(self.districts)
        self.values = {
            "major": len(b.major),
            "overdue": b.overdue_total,
            "units": len(b.overdue_by_unit),
            "deadlines": len(b.deadlines),
            "gaps": len(b.gaps),
            "high_risk": b.high_risk,
            "patrols": b.patrols,
        }
        facts = {
            "major": str(len(b.major)),
            #: {0} 项，涉及 {1} 个责任单位
            "overdue": self.tr("{0} in {1} unit(s)").format(
                b.overdue_total, len(b.overdue_by_unit)
            ),
            "deadlines": str(len(b.deadlines)),
            #: {0} / {1}（期内巡查区域 {2} 个）
            "gaps": self.tr("{0} of {1} ({2} patrol area(s) in the window)").format(
                len(b.gaps), b.high_risk, b.patrols
            ),
        }
        for key, (_name, value) in self.fact_labels.items():
            value.setText(facts[key])
        units = b.overdue_by_unit[:TOP_UNITS]
        self.units.setRowCount(len(units))
        for r, u in enumerate(units):
            self.units.setItem(r, 0, _item(u.unit, left=True))
            self.units.setItem(r, 1, _item(u.count))
            self.units.setItem(r, 2, _item(u.major))

    @staticmethod
    def _fit_rows(t: QtWidgets.QTableWidget) -> None:
        """As tall as its rows (a county has up to ~20 townships): the units list below takes
        the rest of the height."""
        t.resizeRowsToContents()
        rows = sum(t.rowHeight(r) for r in range(t.rowCount()))
        natural = rows + t.horizontalHeader().height() + 2 * t.frameWidth() + 2
        t.setMaximumHeight(natural)
        t.setMinimumHeight(min(natural, 220))  # short of room it scrolls

    def cell(self, row: int, col: int) -> str:
        item = self.districts.item(row, col)
        return item.text() if item is not None else ""


class PagePreview(QtWidgets.QWidget):
    """One page of the written PDF, with ◀ ▶ to ask for another (`sigPageWanted`)."""

    sigPageWanted = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefing_page")
        self.image = QtWidgets.QLabel(self)
        self.image.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(240, 320)
        self.image.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Ignored
        )
        self.image.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.image.setWordWrap(True)
        self.prev = QtWidgets.QToolButton(self)
        self.prev.setArrowType(QtCore.Qt.ArrowType.LeftArrow)
        self.next = QtWidgets.QToolButton(self)
        self.next.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.label = QtWidgets.QLabel(self)
        self.label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        nav = QtWidgets.QHBoxLayout()
        nav.addWidget(self.prev)
        nav.addWidget(self.label, 1)
        nav.addWidget(self.next)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.image, 1)
        lay.addLayout(nav)
        self.page = 0
        self.pages = 0
        self._pixmap: QtGui.QPixmap | None = None
        self.prev.clicked.connect(lambda: self._want(self.page - 1))
        self.next.clicked.connect(lambda: self._want(self.page + 1))
        self.clear("")

    def clear(self, text: str) -> None:
        self._pixmap = None
        self.page = self.pages = 0
        self.image.setPixmap(QtGui.QPixmap())
        self.image.setText(text)
        self._nav()

    def set_page(self, png: bytes | None, page: int, pages: int, missing: str = "") -> None:
        """Show page `page` of `pages` (PNG bytes; None: say `missing` instead)."""
        self.page, self.pages = page, pages
        image = QtGui.QImage.fromData(png) if png else QtGui.QImage()
        if image.isNull():
            self._pixmap = None
            self.image.setPixmap(QtGui.QPixmap())
            self.image.setText(missing)
        else:
            self._pixmap = QtGui.QPixmap.fromImage(image)
            self._fit()
        self._nav()

    def shown(self) -> bool:
        return self._pixmap is not None

    def _want(self, page: int) -> None:
        if 1 <= page <= self.pages:
            self.sigPageWanted.emit(page)

    def _nav(self) -> None:
        self.prev.setEnabled(self.page > 1)
        self.next.setEnabled(0 < self.page < self.pages)
        #: 第 {0} / {1} 页
        self.label.setText(self.tr("Page {0} of {1}").format(self.page, self.pages) if self.pages
                           else "")  # fmt: skip

    def _fit(self) -> None:
        if self._pixmap is None:
            return
        dpr = self.devicePixelRatioF()
        size = self.image.contentsRect().size() * dpr
        pm = self._pixmap.scaled(size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                                 QtCore.Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        pm.setDevicePixelRatio(dpr)
        self.image.setPixmap(pm)

    def resizeEvent(self, ev: QtGui.QResizeEvent) -> None:
        super().resizeEvent(ev)
        self._fit()
