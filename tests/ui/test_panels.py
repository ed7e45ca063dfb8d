"""The dossier models and the layer, dossier and site-detail panels, on the demo city (offscreen).

Any Qt warning fails a test (module marker below): a model that returns a wrong type for a role,
or a widget misused, shows up as a warning long before it shows up as a bug report.
"""

from __future__ import annotations

import csv
import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from riskmap.core.dossier import Dossier, Filters, build
from riskmap.core.site_detail import site_detail
from riskmap.textout import dossier_tables
from riskmap.ui.models import (
    ROW_ROLE,
    SITE_ID_ROLE,
    SORT_ROLE,
    DossierFilterProxy,
    HazardTableModel,
    RectificationTableModel,
    UnitTableModel,
)
from riskmap.ui.panels import BASEMAP_KEY, DISTRICTS_KEY, PATROLS_KEY, LayerPanel
from riskmap.ui.panels.dossier_dock import DossierPanel
from riskmap.ui.panels.site_detail import SiteDetailPanel

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform plugin says this on every top-level show(); not ours to fix.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture(scope="module")
def dossier(demo_ws, demo_anchor: dt.date) -> Dossier:
    return build(demo_ws, demo_ws.whole_region(), Filters(as_of=demo_anchor))


@pytest.fixture(scope="module")
def county_names(demo_ws) -> dict[str, str]:
    return {c.code: c.name for c in demo_ws.counties()}


def _shown(widget: QWidget) -> None:
    """Shown and laid out, so rows have rectangles to click and drop on."""
    widget.resize(1200, 800)
    widget.show()
    QApplication.processEvents()


def _hazard_proxy(qtbot, dossier: Dossier, names: dict[str, str]) -> DossierFilterProxy:
    model = HazardTableModel()
    model.set_rows(dossier.hazards, {}, names)
    proxy = DossierFilterProxy()
    proxy.setSourceModel(model)
    model.setParent(proxy)
    return proxy


def _column(proxy: DossierFilterProxy, key: str) -> int:
    return proxy.sourceModel().column_keys().index(key)


def _values(proxy: DossierFilterProxy, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> list:
    return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]


# -- models ------------------------------------------------------------------------------


def test_numbers_sort_as_numbers(qtbot, dossier, county_names) -> None:
    proxy = _hazard_proxy(qtbot, dossier, county_names)
    col = _column(proxy, "days_overdue")
    proxy.sort(col, Qt.SortOrder.DescendingOrder)
    texts = [t for t in _values(proxy, col) if t]
    days = [int(t) for t in texts]
    assert days == sorted(days, reverse=True)
    assert days[0] == max(h.days_overdue or 0 for h in dossier.hazards)
    # As text, "9" would come before "59"; the demo city has both one- and two-digit values.
    assert texts != sorted(texts, reverse=True)
    assert {type(v) for v in _values(proxy, col, SORT_ROLE)} == {int}


def test_dates_sort_as_dates(qtbot, dossier, county_names) -> None:
    proxy = _hazard_proxy(qtbot, dossier, county_names)
    col = _column(proxy, "found_on")
    proxy.sort(col, Qt.SortOrder.AscendingOrder)
    found = [dt.date.fromisoformat(t) for t in _values(proxy, col)]
    assert found == sorted(h.found_on for h in dossier.hazards)
    keys = _values(proxy, col, SORT_ROLE)
    assert keys == sorted(keys) and all(isinstance(k, int) for k in keys)


def test_search_narrows_rows_case_insensitively(qtbot, dossier, county_names) -> None:
    proxy = _hazard_proxy(qtbot, dossier, county_names)
    total = proxy.rowCount()
    assert total == len(dossier.hazards)
    word = dossier.hazards[0].site_name[:2]
    proxy.set_search(word)
    expected = sum(1 for h in dossier.hazards if word in h.site_name or word in h.description)
    assert 0 < proxy.rowCount() < total
    assert proxy.rowCount() >= expected
    # Case-insensitive: a site name with latin letters (road segments "Y736 …") found in lower case.
    latin = next(h.site_name for h in dossier.hazards if h.site_name[:1].isascii())
    proxy.set_search(latin[:4].lower())
    assert proxy.rowCount() > 0
    proxy.set_search("")
    assert proxy.rowCount() == total


def test_overdue_preset_shows_exactly_the_overdue_hazards(qtbot, dossier, county_names) -> None:
    proxy = _hazard_proxy(qtbot, dossier, county_names)
    proxy.set_preset("overdue")
    shown = {proxy.index(r, 0).data(ROW_ROLE).id for r in range(proxy.rowCount())}
    assert shown == {h.id for h in dossier.hazards if h.overdue}
    assert len(shown) == dossier.totals.overall.overdue > 0
    proxy.set_preset("major")
    assert proxy.rowCount() == sum(1 for h in dossier.hazards if h.level == "major")
    proxy.set_preset("open")
    assert proxy.rowCount() == dossier.totals.overall.open


def test_overdue_rows_stand_out(qtbot, dossier, county_names) -> None:
    proxy = _hazard_proxy(qtbot, dossier, county_names)
    for r in range(proxy.rowCount()):
        h = proxy.index(r, 0).data(ROW_ROLE)
        bg = proxy.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
        if h.overdue:
            assert bg is not None and bg.red() > bg.green() + 100 and bg.red() > bg.blue() + 100
        else:
            assert bg is None
        font = proxy.index(r, 0).data(Qt.ItemDataRole.FontRole)
        assert (font is not None and font.bold()) == (h.level == "major")
        assert proxy.index(r, 0).data(SITE_ID_ROLE) == h.site_id
    level = _column(proxy, "level")
    major = next(
        r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(ROW_ROLE).level == "major"
    )
    assert proxy.index(major, level).data(Qt.ItemDataRole.DisplayRole) == "major"
    assert proxy.index(major, level).data(Qt.ItemDataRole.ForegroundRole).name() == "#e65100"


def test_unit_role_filter_and_rectification_presets(qtbot, dossier) -> None:
    units = UnitTableModel()
    units.set_rows(dossier.units)
    proxy = DossierFilterProxy()
    proxy.setSourceModel(units)
    proxy.set_role("territorial")
    roles = {proxy.index(r, 0).data(ROW_ROLE).role for r in range(proxy.rowCount())}
    assert roles == {"territorial"}
    assert proxy.rowCount() == sum(1 for u in dossier.units if u.role == "territorial")
    rects = RectificationTableModel()
    rects.set_rows(dossier.rectifications)
    proxy.setSourceModel(rects)
    proxy.set_role("")
    proxy.set_preset("overdue")
    assert proxy.rowCount() == sum(1 for r in dossier.rectifications if r.days_overdue > 0)


# -- layer panel -------------------------------------------------------------------------


@pytest.fixture()
def layer_panel(qtbot, demo_ws) -> LayerPanel:
    counts = {k: 10 for k in demo_ws.catalog}
    panel = LayerPanel(demo_ws.catalog, counts, "zh")
    qtbot.addWidget(panel)
    return panel


def test_layer_panel_lists_every_layer(layer_panel, demo_ws) -> None:
    keys = set(layer_panel.order())
    assert keys == {*demo_ws.catalog, BASEMAP_KEY, DISTRICTS_KEY, PATROLS_KEY}
    assert set(layer_panel.visible_layers()) == keys
    chem = layer_panel._items["chemical_plants"]
    assert chem.text(0) == demo_ws.catalog["chemical_plants"].name_zh
    assert chem.text(1) == "10"
    layer_panel.set_language("en")
    assert chem.text(0) == demo_ws.catalog["chemical_plants"].name_en
    layer_panel.set_counts({"chemical_plants": 45})
    assert chem.text(1) == "45"


def test_unticking_a_layer_hides_it(qtbot, layer_panel) -> None:
    with qtbot.waitSignal(layer_panel.sigVisibilityChanged) as blocker:
        layer_panel._items["roads"].setCheckState(0, Qt.CheckState.Unchecked)  # as a click does
    assert blocker.args == ["roads", False]
    assert "roads" not in layer_panel.visible_layers()
    with qtbot.waitSignal(layer_panel.sigVisibilityChanged) as blocker:
        layer_panel.set_visible("roads", True)
    assert blocker.args == ["roads", True]
    assert "roads" in layer_panel.visible_layers()


def test_opacity_slider_emits_for_the_selected_layer(qtbot, layer_panel) -> None:
    layer_panel.select_layer("waterways")
    assert layer_panel.opacity_slider().isEnabled()
    with qtbot.waitSignal(layer_panel.sigOpacityChanged) as blocker:
        layer_panel.opacity_slider().setValue(40)
    assert blocker.args == ["waterways", pytest.approx(0.4)]
    assert layer_panel.opacity("waterways") == pytest.approx(0.4)


def test_moving_a_layer_changes_the_drawing_order(qtbot, layer_panel) -> None:
    before = layer_panel.order()
    with qtbot.waitSignal(layer_panel.sigOrderChanged) as blocker:
        layer_panel.move_layer("forest_fire", 0)  # to the top of the risk group
    after = layer_panel.order()
    assert blocker.args == [after]
    assert after != before and sorted(after) == sorted(before)
    catalog_keys = set(layer_panel._catalog) - {"resources"}
    risk = [k for k in after if k in catalog_keys]
    assert risk[-1] == "forest_fire"  # bottom-first: the top of the list is drawn last
    # Moves stay within the group: the basemap and the districts over it (bottom) and patrol
    # areas (top) keep their places.
    assert after[:2] == before[:2] == [BASEMAP_KEY, DISTRICTS_KEY]
    assert after[-1] == before[-1] == PATROLS_KEY


def test_dropping_a_row_moves_it_within_its_group(qtbot, layer_panel) -> None:
    _shown(layer_panel)
    tree = layer_panel.tree()
    roads, top = layer_panel._items["roads"], layer_panel._items["chemical_plants"]
    tree.setCurrentItem(roads)
    rect = tree.visualItemRect(top)
    hover = QDragMoveEvent(
        QPoint(rect.center().x(), rect.top() + 1),
        Qt.DropAction.MoveAction,
        tree.mimeData([roads]),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dragMoveEvent(hover)
    assert hover.isAccepted()
    drop = QDropEvent(
        QPointF(rect.center().x(), rect.top() + 1),
        Qt.DropAction.MoveAction,
        tree.mimeData([roads]),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(layer_panel.sigOrderChanged):
        tree.dropEvent(drop)
    assert roads.parent().indexOfChild(roads) == 0
    # The top risk layer: drawn last but the patrol areas, which lie over every risk layer.
    assert layer_panel.order()[-2:] == ["roads", PATROLS_KEY]
    # A drop onto another group is refused.
    rect = tree.visualItemRect(layer_panel._items[DISTRICTS_KEY])
    before = layer_panel.order()
    drop = QDropEvent(
        QPointF(rect.center()),
        Qt.DropAction.MoveAction,
        tree.mimeData([roads]),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(drop)
    assert not drop.isAccepted() and layer_panel.order() == before


def test_state_round_trip(qtbot, layer_panel, demo_ws) -> None:
    import json

    layer_panel.set_visible("mines", False)
    layer_panel.set_opacity("forest_fire", 0.35)
    layer_panel.move_layer("dense_venues", 0)
    state = json.loads(json.dumps(layer_panel.state()))  # survives QSettings as JSON

    other = LayerPanel(demo_ws.catalog, {}, "en")
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.sigOrderChanged):
        other.restore_state({**state, "visible": {**state["visible"], "gone_layer": True}})
    assert other.state() == state
    assert "mines" not in other.visible_layers()
    assert other.opacity("forest_fire") == pytest.approx(0.35)


# -- dossier panel -----------------------------------------------------------------------


@pytest.fixture()
def dossier_panel(qtbot, dossier, demo_ws, county_names) -> DossierPanel:
    panel = DossierPanel()
    qtbot.addWidget(panel)
    panel.set_dossier(dossier, demo_ws.catalog, county_names, "zh")
    return panel


def test_set_dossier_fills_the_tables(dossier_panel, dossier) -> None:
    assert dossier_panel.table_view("hazards").model().rowCount() == len(dossier.hazards)
    assert dossier_panel.table_view("units").model().rowCount() == len(dossier.units)
    rects = dossier_panel.table_view("rectifications").model()
    assert rects.rowCount() == len(dossier.rectifications)
    dossier_panel.clear()
    assert dossier_panel.table_view("hazards").model().rowCount() == 0
    assert dossier_panel.dossier() is None


def test_a_district_shows_its_own_sites_and_names_the_crossing_ones(
    qtbot, dossier_panel, demo_ws, demo_anchor, county_names
) -> None:
    import shapely

    from riskmap.core.region import Region

    assert dossier_panel.crossing_text() == ""  # the whole city: nothing crosses into it
    county = demo_ws.counties()[1]
    d = build(demo_ws, Region.from_district(demo_ws.districts, county.code, demo_ws.crs),
              Filters(as_of=demo_anchor))  # fmt: skip
    # Independently: the sites whose geometry meets the county but whose township is elsewhere.
    own = {s.id for s in d.sites}
    crossing = [
        int(i) for i in demo_ws.sites.ids
        if int(i) not in own and shapely.intersects(demo_ws.geometry(int(i)), county.geom)
    ]  # fmt: skip
    assert crossing, "the demo city has roads and rivers across county lines"
    dossier_panel.set_dossier(d, demo_ws.catalog, county_names, "en")
    assert dossier_panel.counts().open == sum(h.is_open for h in d.hazards)
    assert dossier_panel.counts().sites == len(own)
    text = dossier_panel.crossing_text()
    assert f"{len(crossing)} sites of other districts" in text
    tip = dossier_panel.findChild(QWidget, "dossier_crossing").toolTip()
    first = next(c for c in d.crossing if c.id in crossing)
    assert first.name in tip
    # A drawn shape answers by geometry: no such line.
    drawn = build(
        demo_ws, Region.from_polygon(county.geom, demo_ws.crs), Filters(as_of=demo_anchor)
    )
    dossier_panel.set_dossier(drawn, demo_ws.catalog, county_names, "en")
    assert dossier_panel.crossing_text() == ""
    assert dossier_panel.counts().sites == len(own) + len(crossing)


def test_search_box_and_presets_filter_the_view(qtbot, dossier_panel, dossier) -> None:
    tab = dossier_panel.list_tab("hazards")
    tab.preset.setCurrentIndex(tab.preset.findData("overdue"))
    assert tab.view.model().rowCount() == dossier.totals.overall.overdue
    tab.search.setText(dossier.hazards[0].site_name)  # QTest cannot type CJK characters
    assert 0 < tab.view.model().rowCount() < dossier.totals.overall.overdue
    tab.search.clear()
    road = next(h.site_name for h in dossier.hazards if h.overdue and h.site_name[:1].isascii())
    qtbot.keyClicks(tab.search, road.split()[0].lower())  # "y736": case-insensitive
    shown = [tab.view.model().index(r, 0).data() for r in range(tab.view.model().rowCount())]
    assert road in shown and len(shown) < dossier.totals.overall.overdue


def test_clicking_a_hazard_row_flies_to_its_site(qtbot, dossier_panel, dossier) -> None:
    _shown(dossier_panel)
    view = dossier_panel.table_view("hazards")
    index = view.model().index(3, 0)
    assert index.data(ROW_ROLE) is dossier.hazards[3]
    with qtbot.waitSignal(dossier_panel.sigSiteActivated) as blocker:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    assert blocker.args == [dossier.hazards[3].site_id]
    received: list[int] = []
    dossier_panel.sigSiteActivated.connect(received.append)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    qtbot.wait(20)
    assert received == [dossier.hazards[3].site_id]  # once per click, not clicked + activated


def test_export_csv_rows_equal_the_dossier(qtbot, dossier_panel, dossier, demo_ws, tmp_path):
    expected = dossier_tables(dossier, demo_ws.catalog, "zh")
    for name in ("hazards", "units", "rectifications"):
        path = tmp_path / f"{name}.csv"
        with qtbot.waitSignal(dossier_panel.sigMessage):
            assert dossier_panel.export_csv(path, name)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        headers, data = expected[name]
        assert rows[0] == headers
        assert rows[1:] == [["" if v is None else str(v) for v in row] for row in data]
        assert len(rows) - 1 == len(getattr(dossier, name))


def test_export_xlsx_has_one_sheet_per_list(qtbot, dossier_panel, dossier, demo_ws, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "dossier.xlsx"
    assert dossier_panel.export_xlsx(path)
    wb = load_workbook(path, read_only=True)
    expected = dossier_tables(dossier, demo_ws.catalog, "zh")
    for name in ("hazards", "units", "rectifications"):
        rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
        headers, data = expected[name]
        assert rows[0] == headers
        assert len(rows) - 1 == len(getattr(dossier, name))
        assert [[_norm(v) for v in r] for r in rows[1:]] == [[_norm(v) for v in r] for r in data]
    wb.close()


def _norm(v: object) -> object:
    # openpyxl reads an empty cell back as None; formula-like text is stored with a leading "'".
    if v is None or v == "":
        return ""
    return v[1:] if isinstance(v, str) and v[:2] in ("'=", "'+", "'-", "'@") else v


def test_export_errors_become_messages_not_tracebacks(qtbot, dossier_panel, tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with qtbot.waitSignal(dossier_panel.sigMessage) as blocker:
        assert not dossier_panel.export_csv(blocked / "sub" / "h.csv", "hazards")
    assert blocker.args[0]
    with qtbot.waitSignal(dossier_panel.sigMessage):
        assert not dossier_panel.export_csv(tmp_path / "x.csv", "no_such_table")
    dossier_panel.clear()
    with qtbot.waitSignal(dossier_panel.sigMessage):
        assert not dossier_panel.export_xlsx(tmp_path / "x.xlsx")


# -- site detail ---------------------------------------------------------------------------


def test_site_detail_shows_the_site_and_its_enterprise(qtbot, demo_ws, dossier) -> None:
    chem = next(h for h in dossier.hazards if h.layer == "chemical_plants")
    detail = site_detail(demo_ws, chem.site_id, "zh", dossier.filters.as_of)
    panel = SiteDetailPanel()
    qtbot.addWidget(panel)
    panel.show_site(detail)
    text = panel.plain_text()
    assert detail.name in text
    assert detail.units["enterprise"] and all(u in text for u in detail.units["enterprise"])
    assert detail.layer_name in text
    assert all(h.description in text for h in detail.hazards)
    panel.clear()
    assert detail.name not in panel.plain_text()


# -- language switch ---------------------------------------------------------------------


def test_retranslate_follows_the_installed_translator(qtbot, demo_ws, dossier_panel) -> None:
    from PySide6.QtCore import QTranslator

    words = {"Risk layers": "风险图层", "major": "重大隐患", "Search…": "搜索…"}

    class Fake(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return words.get(source)

    panel = LayerPanel(demo_ws.catalog, {}, "zh")
    qtbot.addWidget(panel)
    fake = Fake()
    app = QApplication.instance()
    app.installTranslator(fake)
    try:
        panel.retranslate()
        dossier_panel.retranslate()
        assert panel._groups["risk"].text(0) == "风险图层"
        assert dossier_panel.list_tab("hazards").search.placeholderText() == "搜索…"
        proxy = dossier_panel.table_view("hazards").model()
        level = _column(proxy, "level")
        assert proxy.index(0, level).data() == "重大隐患"  # the first row is an overdue major one
    finally:
        app.removeTranslator(fake)
    panel.retranslate()
    assert panel._groups["risk"].text(0) == "Risk layers"
