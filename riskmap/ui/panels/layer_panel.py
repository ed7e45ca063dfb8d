"""The layer panel: visibility, opacity, drawing order and legend swatches of every layer.

Groups (top to bottom): patrol areas, risk layers, emergency resources, base map. One rule for the
whole list: a row higher up is drawn on top, across groups too, so `order()` (bottom-first) is the
list read from the bottom. Patrol areas lie over the risk layers (translucent: the planner draws
them over the sites they are meant to cover). Rows move only within their own group: a risk layer
under the district outlines would make no sense.
"""

from __future__ import annotations

from typing import Any

from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.catalog import Catalog, Style
from riskmap.core.patrol import STYLE as PATROL_STYLE
from riskmap.core.style import BASEMAP, parse_color
from riskmap.ui.models.dossier_models import terms

DISTRICTS_KEY = "_districts"
BASEMAP_KEY = "_basemap"  # the city's roads, water and land use (riskmap.ui.map.citybase)
PATROLS_KEY = "_patrols"
# Tree order, top first; drawing order is the reverse.
GROUP_KEYS = ("patrols", "risk", "resources", "base")
_KIND_ROLE = Qt.ItemDataRole.UserRole  # "group" | "layer" | "class"
_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # group key or layer key
# The app's own layers: not in layers/*.toml, drawn by the map from the districts table and the
# saved patrol areas (riskmap.ui.patrol.items: areas filled, routes as a line over a corridor,
# in a blue no risk layer uses). Styles chosen to stay quiet under the risk layers.
_SYNTHETIC = {
    BASEMAP_KEY: ("base", "line", Style(color=BASEMAP.road_casing.hex, width=2.4)),
    DISTRICTS_KEY: ("base", "polygon", Style(color="#546e7a", width=1.2)),
    PATROLS_KEY: ("patrols", "line+polygon", PATROL_STYLE),
}


def qcolor(text: str) -> QColor:
    """'#rrggbb' or '#rrggbbaa' as in the layer TOML (riskmap.core.style reads it; Qt itself
    would read 8 digits as #aarrggbb)."""
    c = parse_color(text)
    return QColor(c.r, c.g, c.b, c.a)


def legend_pixmap(
    geometry: str,
    style: Style,
    size: QSize,
    dpr: float = 1.0,
    color: str | None = None,
    dashed: bool = False,
) -> QPixmap:
    """A swatch as the map draws the layer: symbol for points, stroke for lines, fill for areas."""
    pm = QPixmap(max(1, round(size.width() * dpr)), max(1, round(size.height() * dpr)))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    w, h = float(size.width()), float(size.height())
    stroke = qcolor(color or style.color)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if geometry in ("polygon", "line+polygon"):
        fill = qcolor(style.fill) if style.fill else QColor(stroke)
        if color and style.fill:  # class colour with the layer's transparency
            fill = qcolor(color)
            fill.setAlpha(qcolor(style.fill).alpha())
        elif not style.fill:
            fill.setAlpha(0 if dashed else 90)
        pen = QPen(qcolor(style.color) if color else stroke, max(1.0, h / 10))
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(fill)
        inset = h * 0.14
        p.drawRoundedRect(QRectF(inset, inset, w - 2 * inset, h - 2 * inset), h * 0.12, h * 0.12)
    if geometry in ("line", "line+polygon", "any"):
        pen = QPen(stroke, min(max(1.5, style.width * 1.2), h / 4))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        path = QPainterPath(QPointF(w * 0.08, h * 0.75))
        path.cubicTo(
            QPointF(w * 0.4, h * 0.05), QPointF(w * 0.6, h * 0.95), QPointF(w * 0.92, h * 0.3)
        )
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    if geometry in ("point", "any"):
        symbol = Symbols.get(style.symbol, Symbols["o"])
        # Bigger map symbols get bigger swatches, so the legend keeps the map's proportions.
        scale = h * min(0.85, 0.35 + style.size / 24) * (1.0 if geometry == "point" else 0.75)
        t = QTransform()
        t.translate(w / 2, h / 2)
        t.scale(scale, scale)
        p.setPen(QPen(stroke.darker(150), 1.0))
        p.setBrush(stroke)
        p.drawPath(t.map(symbol))
    p.end()
    return pm


class _LayerTree(QTreeWidget):
    """A tree whose rows move only within their group; the panel performs the move itself."""

    layerDropped = Signal(str, int)  # layer key, new index in its group (0 = top)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)

    def _target(self, event: QDropEvent | QDragMoveEvent) -> tuple[QTreeWidgetItem, int] | None:
        """(dragged layer item, new index in its group) or None where a drop is not allowed."""
        src = self.currentItem()
        known = event.mimeData().hasFormat(self.mimeTypes()[0])
        if event.source() not in (self, None) or not known or src is None:
            return None
        if src.data(0, _KIND_ROLE) != "layer":
            return None
        group = src.parent()
        pos = event.position().toPoint()
        target = self.itemAt(pos)
        if target is not None and target.data(0, _KIND_ROLE) == "class":
            target = target.parent()
        if target is group:
            return src, 0
        if target is None or target.parent() is not group:
            return None
        rect = self.visualItemRect(target)
        idx = group.indexOfChild(target) + (1 if pos.y() > rect.center().y() else 0)
        if idx > group.indexOfChild(src):
            idx -= 1
        return src, idx

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)  # places the drop indicator
        if self._target(event) is None:
            event.ignore()
        else:
            # Qt would refuse (layer rows take no drops "on" them); the move is ours to make.
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        hit = self._target(event)
        if hit is None:
            event.ignore()
            return
        # IgnoreAction: Qt must not remove the source row itself (the panel moves it below).
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        src, idx = hit
        self.layerDropped.emit(src.data(0, _KEY_ROLE), idx)


class LayerPanel(QWidget):
    """Layer visibility, opacity, drawing order and legend for the map."""

    sigVisibilityChanged = Signal(str, bool)
    sigOpacityChanged = Signal(str, float)
    sigOrderChanged = Signal(list)  # every layer key, bottom-first drawing order

    def __init__(
        self,
        catalog: Catalog,
        counts: dict[str, int],
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._lang = lang
        self._counts: dict[str, int] = dict(counts)
        self._visible: dict[str, bool] = {}
        self._opacity: dict[str, float] = {}
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        self._updating = False

        self._tree = _LayerTree(self)
        self._tree.setColumnCount(2)
        self._tree.setUniformRowHeights(True)
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._tree.setAnimated(False)
        header = self._tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h = self.fontMetrics().height()
        self._icon_size = QSize(round(h * 1.5), h)
        self._tree.setIconSize(self._icon_size)

        self._opacity_label = QLabel(self)
        self._opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self._opacity_slider.setRange(0, 100)
        self._opacity_slider.setValue(100)
        self._opacity_value = QLabel(self)
        # Room for "100 %" so the row does not jump while dragging.
        self._opacity_value.setMinimumWidth(self.fontMetrics().horizontalAdvance("100 %  "))
        self._opacity_value.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        row = QHBoxLayout()
        row.addWidget(self._opacity_label)
        row.addWidget(self._opacity_slider, 1)
        row.addWidget(self._opacity_value)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._tree, 1)
        lay.addLayout(row)

        self._build()
        self._tree.itemChanged.connect(self._on_item_changed)
        self._tree.currentItemChanged.connect(self._on_current_changed)
        self._tree.layerDropped.connect(self.move_layer)
        self._opacity_slider.valueChanged.connect(self._on_slider)
        self._on_current_changed(None, None)
        self.retranslate()

    # -- building -------------------------------------------------------------------------
    def _layer_defs(self) -> list[tuple[str, str, str]]:
        """(key, group, geometry) bottom-first: the catalog's order, then the app's own layers."""
        out = [(spec.key, spec.group, spec.geometry) for spec in self._catalog.values()]
        out += [(key, group, geom) for key, (group, geom, _style) in _SYNTHETIC.items()]
        return out

    def _style(self, key: str) -> tuple[str, Style]:
        if key in _SYNTHETIC:
            return _SYNTHETIC[key][1], _SYNTHETIC[key][2]
        spec = self._catalog[key]
        return spec.geometry, spec.style

    def _build(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for g in GROUP_KEYS:
            item = QTreeWidgetItem(self._tree)
            item.setData(0, _KIND_ROLE, "group")
            item.setData(0, _KEY_ROLE, g)
            item.setFont(0, bold)
            # Drop-enabled so Qt draws the indicator line between its rows while dragging.
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsAutoTristate
                | Qt.ItemFlag.ItemIsDropEnabled
            )
            self._groups[g] = item
        # Catalog order is bottom-first; the tree lists the top-most layer first.
        for key, group, _geom in reversed(self._layer_defs()):
            parent = self._groups.get(group) or self._groups["risk"]
            item = QTreeWidgetItem(parent)
            item.setData(0, _KIND_ROLE, "layer")
            item.setData(0, _KEY_ROLE, key)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._items[key] = item
            self._visible[key] = True
            self._opacity[key] = 1.0
            self._add_class_rows(key, item)
        for item in self._groups.values():
            item.setCheckState(0, Qt.CheckState.Checked)  # shows the tri-state group box
            item.setFirstColumnSpanned(True)
            item.setExpanded(True)
            item.setHidden(item.childCount() == 0)
        self._paint_icons()

    def _add_class_rows(self, key: str, item: QTreeWidgetItem) -> None:
        if key in _SYNTHETIC:
            return
        for value in self._catalog[key].style.classes:
            child = QTreeWidgetItem(item)
            child.setData(0, _KIND_ROLE, "class")
            child.setData(0, _KEY_ROLE, value)
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _paint_icons(self) -> None:
        dpr = self.devicePixelRatioF()
        for key, item in self._items.items():
            geom, style = self._style(key)
            dashed = key == DISTRICTS_KEY  # outlines only, like the map's dashed townships
            item.setIcon(0, QIcon(legend_pixmap(geom, style, self._icon_size, dpr, dashed=dashed)))
            for i in range(item.childCount()):
                child = item.child(i)
                color = style.classes.get(child.data(0, _KEY_ROLE), style.color)
                child.setIcon(0, QIcon(legend_pixmap(geom, style, self._icon_size, dpr, color)))

    # -- texts ----------------------------------------------------------------------------
    def _group_title(self, group: str) -> str:
        titles = {
            "risk": self.tr("Risk layers"),
            "resources": self.tr("Emergency resources"),
            "patrols": self.tr("Patrol areas"),
            "base": self.tr("Base map"),
        }
        return titles[group]

    def _layer_name(self, key: str) -> str:
        if key == DISTRICTS_KEY:
            return self.tr("Districts")
        if key == BASEMAP_KEY:
            #: 道路、水系、土地利用
            return self.tr("Roads, water, land use")
        if key == PATROLS_KEY:
            return self.tr("All patrol areas")
        return self._catalog[key].name(self._lang)

    def retranslate(self) -> None:
        """Re-set every text: group titles, layer names in the current language, tooltips."""
        self._updating = True
        try:
            self._tree.setHeaderLabels([self.tr("Layer"), self.tr("Features")])
            for g, item in self._groups.items():
                item.setText(0, self._group_title(g))
            for key, item in self._items.items():
                item.setText(0, self._layer_name(key))
                item.setToolTip(0, self._layer_tooltip(key))
                for i in range(item.childCount()):
                    child = item.child(i)
                    child.setText(0, self._class_label(key, child.data(0, _KEY_ROLE)))
            self._show_counts()
            self._opacity_label.setText(self.tr("Opacity"))
            self._opacity_slider.setToolTip(self.tr("Opacity of the selected layer"))
            self._tree.setToolTip(
                self.tr("Tick to show a layer; drag within a group to change the drawing order")
            )
            self._show_opacity_value()
        finally:
            self._updating = False

    def _layer_tooltip(self, key: str) -> str:
        if key in _SYNTHETIC:
            return self._layer_name(key)
        spec = self._catalog[key]
        regulator = spec.regulator.zh if self._lang.startswith("zh") else spec.regulator.en
        return self.tr("{0} — regulator: {1}").format(spec.name(self._lang), regulator)

    def _class_label(self, key: str, value: str) -> str:
        spec = self._catalog[key]
        field = spec.field(spec.style.class_field or "")
        if field is None:
            return value
        label = field.zh if self._lang.startswith("zh") else field.en
        return self.tr("{0}: {1}").format(label, terms().choice(value))

    def _show_counts(self) -> None:
        loc = self.locale()
        for key, item in self._items.items():
            n = self._counts.get(key)
            item.setText(1, loc.toString(n) if n is not None else "")

    def _show_opacity_value(self) -> None:
        self._opacity_value.setText(self.tr("{0} %").format(self._opacity_slider.value()))

    # -- public API -----------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Layer names from the catalog in `lang` ("zh" or "en"), then every tr() text."""
        self._lang = lang
        self.retranslate()

    def set_counts(self, counts: dict[str, int]) -> None:
        """Feature counts per layer key; keys not given keep their count."""
        self._counts.update(counts)
        self._updating = True
        try:
            self._show_counts()
        finally:
            self._updating = False

    def keys(self) -> list[str]:
        return list(self._items)

    def order(self) -> list[str]:
        """Every layer key, bottom-first: the order in which the map draws them."""
        top_first = [
            group.child(i).data(0, _KEY_ROLE)
            for g in GROUP_KEYS
            for group in (self._groups[g],)
            for i in range(group.childCount())
        ]
        return top_first[::-1]

    def visible_layers(self) -> list[str]:
        """The ticked layer keys, bottom-first."""
        return [k for k in self.order() if self._visible[k]]

    def is_visible(self, key: str) -> bool:
        return self._visible[key]

    def opacity(self, key: str) -> float:
        return self._opacity[key]

    def set_visible(self, key: str, visible: bool) -> None:
        """Tick or untick a layer; emits sigVisibilityChanged when that changes anything."""
        state = Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
        self._items[key].setCheckState(0, state)

    def set_opacity(self, key: str, opacity: float) -> None:
        opacity = min(1.0, max(0.0, float(opacity)))
        if abs(self._opacity[key] - opacity) < 1e-9:
            return
        self._opacity[key] = opacity
        if self.current_layer() == key:
            self._opacity_slider.blockSignals(True)
            self._opacity_slider.setValue(round(opacity * 100))
            self._opacity_slider.blockSignals(False)
            self._show_opacity_value()
        self.sigOpacityChanged.emit(key, opacity)

    def select_layer(self, key: str) -> None:
        self._tree.setCurrentItem(self._items[key])

    def current_layer(self) -> str | None:
        item = self._tree.currentItem()
        if item is not None and item.data(0, _KIND_ROLE) == "layer":
            return item.data(0, _KEY_ROLE)
        return None

    def opacity_slider(self) -> QSlider:
        return self._opacity_slider

    def tree(self) -> QTreeWidget:
        return self._tree

    def move_layer(self, key: str, new_index: int) -> None:
        """Move a layer to `new_index` within its group (0 = top of the group = drawn on top)."""
        item = self._items[key]
        group = item.parent()
        old = group.indexOfChild(item)
        new_index = min(max(0, new_index), group.childCount() - 1)
        if new_index == old:
            return
        expanded, current = item.isExpanded(), self._tree.currentItem() is item
        self._updating = True
        try:
            group.takeChild(old)
            group.insertChild(new_index, item)
            item.setExpanded(expanded)
            if current:
                self._tree.setCurrentItem(item)
        finally:
            self._updating = False
        self.sigOrderChanged.emit(self.order())

    def state(self) -> dict[str, Any]:
        """Visibility, opacity and order as plain JSON-able data (for QSettings)."""
        return {
            "version": 1,
            "visible": dict(self._visible),
            "opacity": {k: round(v, 3) for k, v in self._opacity.items()},
            "order": self.order(),
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Apply a saved state; keys no longer in the catalog are skipped, new ones keep defaults.

        Emits the change signals for whatever differs, so a map already drawn follows.
        """
        if not isinstance(state, dict):
            return
        for key, vis in dict(state.get("visible") or {}).items():
            if key in self._items and isinstance(vis, bool):
                self.set_visible(key, vis)
        for key, op in dict(state.get("opacity") or {}).items():
            if key in self._items and isinstance(op, int | float) and not isinstance(op, bool):
                self.set_opacity(key, op)
        saved = [k for k in list(state.get("order") or []) if k in self._items]
        if saved:
            self._restore_order(saved)

    def _restore_order(self, saved_bottom_first: list[str]) -> None:
        before = self.order()
        rank = {k: i for i, k in enumerate(saved_bottom_first[::-1])}  # top-first rank
        self._updating = True
        try:
            for group in self._groups.values():
                children = [group.child(i) for i in range(group.childCount())]
                known = sorted(
                    (c for c in children if c.data(0, _KEY_ROLE) in rank),
                    key=lambda c: rank[c.data(0, _KEY_ROLE)],
                )
                # New layers keep their default slot; saved ones fill the remaining slots in order.
                slots = iter(known)
                arranged = [
                    c if c.data(0, _KEY_ROLE) not in rank else next(slots) for c in children
                ]
                expanded = {id(c): c.isExpanded() for c in children}
                current = self._tree.currentItem()
                group.takeChildren()
                group.addChildren(arranged)
                for c in arranged:
                    c.setExpanded(expanded[id(c)])
                if current in arranged:
                    self._tree.setCurrentItem(current)
        finally:
            self._updating = False
        if self.order() != before:
            self.sigOrderChanged.emit(self.order())

    # -- slots ----------------------------------------------------------------------------
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0 or item.data(0, _KIND_ROLE) != "layer":
            return
        key = item.data(0, _KEY_ROLE)
        visible = item.checkState(0) == Qt.CheckState.Checked
        if self._visible.get(key) != visible:
            self._visible[key] = visible
            self.sigVisibilityChanged.emit(key, visible)

    def _on_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        key = self.current_layer()
        self._opacity_slider.setEnabled(key is not None)
        self._opacity_slider.blockSignals(True)
        self._opacity_slider.setValue(round(self._opacity[key] * 100) if key else 100)
        self._opacity_slider.blockSignals(False)
        self._show_opacity_value()

    def _on_slider(self, value: int) -> None:
        self._show_opacity_value()
        key = self.current_layer()
        if key is not None:
            self.set_opacity(key, value / 100.0)
