"""File → Database… → New city…: a real city from its outline, through the dialogs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pyproj
import shapely
from PySide6 import QtWidgets

from riskmap.core.datum import from_wgs84
from riskmap.ui.database_dialog import DatabaseDialog

OK = QtWidgets.QDialogButtonBox.StandardButton.Ok
# A city around 120.6°E, 31.3°N: the CGCS2000 Gauss-Krüger zone of CM 120°E is EPSG:4549.
CITY = shapely.box(120.40, 31.15, 120.80, 31.45)


def _outline(path: Path, geom: shapely.Geometry) -> Path:
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": json.loads(shapely.to_geojson(geom)),
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return path


def _amap(geom: shapely.Geometry) -> shapely.Geometry:
    """The outline as Amap (GCJ-02) shows it: some 500 m off here."""
    return shapely.transform(
        shapely.segmentize(geom, 0.01),
        lambda c: np.column_stack(from_wgs84(c[:, 0], c[:, 1], "gcj02")),
    )


def _new_city_form(qtbot, tmp_path: Path, db: Path):
    from riskmap.ui.i18n import Translations

    app = QtWidgets.QApplication.instance()
    assert (app.findChild(Translations) or Translations(app)).set_language("zh")
    dlg = DatabaseDialog(f"sqlite:///{db}")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.test_button.click()
    qtbot.waitUntil(lambda: dlg.test_button.isEnabled(), timeout=15000)
    assert dlg.create_city.isVisible()  # nothing there yet: it may be made here
    dlg.create_city.click()
    form = dlg.city_dialog
    assert form is not None and form.isVisible()
    return dlg, form


def test_a_city_from_an_amap_outline_through_the_dialog(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "新城.sqlite"
    dlg, form = _new_city_form(qtbot, tmp_path, db)
    assert not form.ok_button.isEnabled()  # no outline yet
    # in the window's language, the sources as users name them
    assert form.windowTitle() == "新建城市" and dlg.create_city.text() == "新建城市…"
    sources = [form.datum.itemText(i) for i in range(form.datum.count())]
    assert sources == [
        "GPS / 官方数据（CGCS2000 / WGS84）",
        "高德地图（GCJ-02）",
        "百度地图（BD-09）",
        "天地图（CGCS2000）",
    ]
    form.datum.setCurrentIndex(form.datum.findData("gcj02"))
    form.file.setText(str(_outline(tmp_path / "市界_高德.geojson", _amap(CITY))))
    qtbot.waitUntil(form.ok_button.isEnabled, timeout=15000)
    assert form.crs.text() == "EPSG:4549" and "EPSG:4549" in form.crs_note.text()
    form.name.setText("新城市")
    form.code.setText("320500")
    form.ok_button.click()
    qtbot.waitUntil(lambda: dlg.buttons.button(OK).isEnabled(), timeout=30000)
    assert dlg.probe is not None and dlg.probe.city_name == "新城市"
    assert "新城市" in dlg.status.text()

    con = sqlite3.connect(db)
    try:
        [(code, name, level, wkb)] = con.execute(
            "SELECT code, name, level, geom FROM districts"
        ).fetchall()
        crs = con.execute("SELECT value FROM meta WHERE key = 'crs'").fetchone()[0]
    finally:
        con.close()
    assert (code, name, level, crs) == ("320500", "新城市", "city", "EPSG:4549")
    stored = shapely.from_wkb(bytes(wkb))
    to_gk = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4549", always_xy=True)
    for lon, lat in shapely.get_coordinates(CITY)[:4]:
        # converted from GCJ-02: each true corner within half a metre of the stored outline
        assert shapely.distance(shapely.Point(*to_gk.transform(lon, lat)), stored.exterior) < 0.5


def test_a_crs_on_another_datum_is_refused_in_the_dialog(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "zh.sqlite"
    dlg, form = _new_city_form(qtbot, tmp_path, db)
    form.file.setText(
        str(_outline(tmp_path / "zurich.geojson", shapely.box(8.4, 47.3, 8.6, 47.45)))
    )
    qtbot.waitUntil(form.ok_button.isEnabled, timeout=15000)
    assert form.crs.text() == "EPSG:32632"  # outside China: the UTM zone
    form.crs.setText("EPSG:2056")
    form.ok_button.click()
    qtbot.waitUntil(lambda: dlg.create_city.isEnabled(), timeout=30000)
    # the window says why, in its language
    assert "EPSG:2056" in dlg.status.text() and "请改用基于 WGS84 或 CGCS2000" in dlg.status.text()
    assert not dlg.buttons.button(OK).isEnabled() and not db.exists()


def test_the_new_city_takes_its_counties_in_the_window(qtbot, tmp_path: Path) -> None:
    """After the outline, the window's boundary import offers the counties next and finds
    each one's parent by location."""
    import datetime as dt

    from PySide6 import QtCore

    from riskmap.core.workspace import Workspace
    from riskmap.demo.install import init_db
    from riskmap.io.importer.outline import read_outline
    from riskmap.store.engine import open_store
    from riskmap.ui.app import open_window

    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    outline = read_outline(_outline(tmp_path / "市界.geojson", CITY))
    init_db(url, empty=True, outline=outline, name="新城市", code="320500", admin="officer")
    ws = Workspace.load(open_store(url))
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(ws, settings, "zh", user="officer", today=dt.date(2027, 3, 1))
    qtbot.addWidget(win)
    win.show()
    halves = [
        ({"区划代码": "320501", "名称": "西区"}, shapely.box(120.40, 31.15, 120.60, 31.45)),
        ({"区划代码": "320502", "名称": "东区"}, shapely.box(120.60, 31.15, 120.80, 31.45)),
    ]
    features = [
        {"type": "Feature", "properties": p, "geometry": json.loads(shapely.to_geojson(g))}
        for p, g in halves
    ]
    path = tmp_path / "区县.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    dlg = win.import_ui.districts(path)
    qtbot.waitUntil(lambda: dlg.panel.source is not None and not dlg.run_bar.busy(), timeout=15000)
    assert dlg.level_combo.currentData() == "county"  # the city is there; counties come next
    assert dlg.level_combo.itemData(0) == "city"
    assert dlg.column("code") == "区划代码" and dlg.column("name") == "名称"
    with qtbot.waitSignal(dlg.sigReport, timeout=15000) as got:
        dlg.run(dry_run=False)
    assert got.args[0].written
    con = sqlite3.connect(tmp_path / "c.sqlite")
    try:
        rows = con.execute(
            "SELECT code, parent_code FROM districts WHERE level = 'county' ORDER BY code"
        ).fetchall()
    finally:
        con.close()
    assert rows == [("320501", "320500"), ("320502", "320500")]
    dlg.close()
    win.close()
    ws.store.dispose()


def test_a_file_of_several_layers_offers_its_polygon_layer(qtbot, tmp_path: Path) -> None:
    import pyogrio.raw

    gpkg = tmp_path / "底图.gpkg"
    pyogrio.raw.write(
        str(gpkg),
        shapely.to_wkb(np.array([shapely.Point(120.5, 31.3)], dtype=object)),
        [np.array(["一个点"], dtype=object)],
        ["名称"],
        layer="地名",
        geometry_type="Point",
        crs="EPSG:4490",
    )
    pyogrio.raw.write(
        str(gpkg),
        shapely.to_wkb(np.array([CITY], dtype=object)),
        [np.array(["新城市"], dtype=object)],
        ["名称"],
        layer="市界",
        geometry_type="Polygon",
        crs="EPSG:4490",
        append=True,
    )
    db = tmp_path / "l.sqlite"
    dlg, form = _new_city_form(qtbot, tmp_path, db)
    assert not form.layer.isVisible()
    form.file.setText(str(gpkg))
    qtbot.waitUntil(form.ok_button.isEnabled, timeout=15000)
    assert form.layer.isVisible() and form.layer.currentText() == "市界"
    assert [form.layer.itemText(i) for i in range(form.layer.count())] == ["地名", "市界"]
    assert form.crs.text() == "EPSG:4549"
    form.ok_button.click()
    qtbot.waitUntil(lambda: dlg.buttons.button(OK).isEnabled(), timeout=30000)
    assert dlg.probe is not None and dlg.probe.city_name == "底图"  # the file's name by default
