"""Write docs/screenshots/*.png: the main window on the demo city, offscreen, on a screen of
1920×1080, one of 1366×768 (a laptop) and one of 3840×2160; the wall on a 1920×1080 and a
3840×2160 one; and the first page of the briefing, a 督办通知 and an incident sheet as poppler
renders their PDFs.

make screenshots      (= .venv/bin/python docs/make_screenshots.py [--4k] [--documents])
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def wait_for(app, predicate, timeout_s: float = 20.0) -> None:
    import time

    end = time.monotonic() + timeout_s
    while not predicate():
        app.processEvents()
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window")
        time.sleep(0.01)


def main() -> None:
    """Each screen size in its own process, on an offscreen screen of that size: the windows
    open as they would on it (first start, sized and clamped to the screen)."""
    import json
    import subprocess

    ap = argparse.ArgumentParser()
    ap.add_argument("--4k", dest="uhd", action="store_true", help="also 3840×2160 shots")
    ap.add_argument(
        "--documents", action="store_true", help="only the document pages (briefing, notice…)"
    )
    ap.add_argument("--screen", help=argparse.SUPPRESS)  # WxH:what, in the child process
    args = ap.parse_args()
    if args.screen:
        size, what = args.screen.split(":")
        width, height = (int(v) for v in size.split("x"))
        shots(width, height, what)
        return
    if args.documents:
        documents()
        return
    runs = [("1920x1080", "all"), ("1366x768", "laptop"), ("1920x1080", "wall"),
            ("3840x2160", "wall")]  # fmt: skip
    # the window at 4K: its main view always, every shot with --4k
    runs.append(("3840x2160", "all" if args.uhd else "window"))
    with tempfile.TemporaryDirectory() as tmp:
        for size, what in runs:
            w, h = size.split("x")
            screen = {"name": size, "x": 0, "y": 0, "width": int(w), "height": int(h),
                      "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
            config = Path(tmp) / f"{size}.json"
            config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
            cmd = [sys.executable, __file__, "--screen", f"{size}:{what}"]
            subprocess.run(cmd, env=env, check=True)
    documents()
    print("\n".join(sorted(str(p.relative_to(ROOT)) for p in OUT.glob("*.png"))))


DOCUMENT_SHOTS = ("brief_cover_zh", "notice_zh", "incident_sheet_zh")


def documents() -> None:
    """Page 1 of the 清明 briefing (its cover), of the 督办通知 to the unit with the most open
    rectifications and of the incident sheet at the chemical plant with the most plants within
    1 km, each written by the `riskmap` command on a fresh demo database and rendered by
    poppler's pdftoppm, as a reader sees the paper."""
    import shutil
    import sqlite3
    import subprocess

    import shapely

    from riskmap.demo.install import init_db

    if shutil.which("pdftoppm") is None:
        raise SystemExit("the document pages need pdftoppm: apt-get install poppler-utils")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        url = f"sqlite:///{t / 'demo.sqlite'}"
        init_db(url).dispose()
        con = sqlite3.connect(t / "demo.sqlite")
        try:
            ((unit,),) = con.execute(
                "SELECT unit_id FROM rectifications WHERE status != 'verified'"
                " AND unit_id IS NOT NULL GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1"
            ).fetchall()
            plants = con.execute(
                "SELECT id, geom FROM sites WHERE layer = 'chemical_plants' ORDER BY id"
            ).fetchall()
        finally:
            con.close()
        geoms = shapely.from_wkb([g for _i, g in plants])
        near = [int((shapely.distance(g, geoms) <= 1000).sum()) for g in geoms]
        site = plants[near.index(max(near))][0]

        def riskmap(*args: str) -> None:
            cmd = [sys.executable, "-m", "riskmap", *args, "--db", url]
            subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)

        riskmap("brief", "--preset", "清明", "--formats", "pdf", "--out", str(t / "brief"))
        riskmap("notice", "--unit", str(unit), "--out", str(t / "notice.pdf"))
        riskmap("incident", "--site", str(site), "--out", str(t / "incident.pdf"))
        pdfs = (next((t / "brief").glob("*.pdf")), t / "notice.pdf", t / "incident.pdf")
        for pdf, name in zip(pdfs, DOCUMENT_SHOTS, strict=True):
            cmd = ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile"]
            subprocess.run([*cmd, str(pdf), str(OUT / name)], check=True)


def shots(width: int, height: int, what: str) -> None:
    """The shots of one screen: `what` is all (the desktop at this size, suffixed _4k at
    3840×2160), laptop (the main window and a dossier, suffixed _1366) or wall."""
    from PySide6 import QtCore

    from riskmap.core.region import Region
    from riskmap.core.workspace import Workspace
    from riskmap.demo.install import init_db
    from riskmap.ui.app import create_app, open_window

    app = create_app()
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = {"laptop": f"_{width}", "wall": ""}.get(what, "_4k" if width > 1920 else "")
    langs = {"all": ("zh", "en"), "window": ("zh",)}.get(what, ("zh",))
    with tempfile.TemporaryDirectory() as tmp:
        store = init_db(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        ws = Workspace.load(store)
        settings = QtCore.QSettings(str(Path(tmp) / "s.ini"), QtCore.QSettings.Format.IniFormat)
        if what == "wall":
            _wall_shot(app, ws, settings, width)
            ws.store.dispose()
            return
        for lang in langs:
            settings.remove("geometry")  # each window as on a first start on this screen
            settings.remove("window_state")
            win = open_window(ws, settings, lang)
            win.show()
            win.canvas.zoom_to_extent()
            wait_for(app, lambda w=win: w.canvas.isVisible())
            wait_for(app, lambda w=win: w.canvas.rendering_idle())
            for _ in range(30):
                app.processEvents()
            win.grab().save(str(OUT / f"main_{lang}{suffix}.png"))
            if what == "window":
                win.close()
                break
            x, y = _chemical_park(ws)
            # as a user draws it: the dossier comes to the front of the lists under the map
            win.set_region(Region.from_circle(x, y, 8000, crs=ws.crs), zoom=True)
            wait_for(app, lambda w=win: w.dossier is not None)
            wait_for(app, lambda w=win: w.canvas.rendering_idle())
            for _ in range(30):
                app.processEvents()
            win.grab().save(str(OUT / f"circle_dossier_{lang}{suffix}.png"))
            win.close()
            win.deleteLater()
            app.processEvents()
        if what == "all":
            _map_shots(app, ws, settings, width, height, suffix)
            _ledger_shots(app, ws, settings, width, height, suffix)
            from riskmap.ui.incident import incident_shot

            incident_shot(app, ws, settings, OUT / f"incident_zh{suffix}.png", size=(width, height))
            _patrol_shots(app, ws, settings, width, height, suffix)
            _import_shot(app, ws, settings, width, height, suffix)
            if not suffix:
                _brief_dialog_shot(app, ws, settings, Path(tmp))
                printed_map_shot(ws)
        ws.store.dispose()


def _map_shots(app, ws, settings, width: int, height: int, suffix: str) -> None:
    """The map alone: the city (where risk concentrates: townships by open hazards, major and
    overdue sites on top) and the busiest township at 1:10,000 with its labels."""
    import numpy as np
    import shapely
    from PySide6 import QtCore

    from riskmap.ui.app import open_window

    settings.remove("geometry")
    settings.remove("window_state")
    win = open_window(ws, settings, "zh")
    win.show()
    canvas = win.canvas
    canvas.zoom_to_extent()
    wait_for(app, lambda: canvas.isVisible() and canvas.risk is not None)
    wait_for(app, canvas.rendering_idle)
    canvas.grab().save(str(OUT / f"map_city_zh{suffix}.png"))
    xy = shapely.get_coordinates(shapely.point_on_surface(ws.sites.geoms))
    cells, n = np.unique(np.floor(xy / 3000).astype(int), axis=0, return_counts=True)
    cx, cy = cells[np.argmax(n)] * 3000 + 1500
    vp = canvas.view.viewport()
    res = 10_000 * 0.0254 / 96  # 1:10,000 on a 96 dpi screen
    w, h = vp.width() * res, vp.height() * res
    canvas.set_view_rect(QtCore.QRectF(cx - w / 2, cy - h / 2, w, h))
    wait_for(app, canvas.rendering_idle)
    for _ in range(30):
        app.processEvents()
    canvas.grab().save(str(OUT / f"map_township_10k_zh{suffix}.png"))
    win.close()
    win.deleteLater()
    app.processEvents()


def printed_map_shot(ws) -> None:
    """A county printed by `riskmap map` (the same page 文件 → 导出地图… writes), as PNG."""
    from riskmap.brief.printmap import PrintRequest, print_map

    county = ws.counties()[0]
    print_map(ws, PrintRequest(out=OUT / "printed_map_zh.png", district=county.code, dpi=110))


def _ledger_shots(app, ws, settings, width: int, height: int, suffix: str) -> None:
    """The ledger as a city editor sees it: a plant's hazards with their workflow, the form,
    and the responsibility lists as the admin edits them."""
    from sqlalchemy import func, select

    from riskmap.store.engine import DEMO_PASSWORD
    from riskmap.store.schema import Hazard, Site
    from riskmap.ui.app import open_window

    with ws.store.session() as s:
        site, hid = s.execute(
            select(Site.id, func.max(Hazard.id))
            .join(Hazard, Hazard.site_id == Site.id)
            .where(Site.layer == "chemical_plants")
            .group_by(Site.id)
            .order_by(func.count().desc(), Site.id)
            .limit(1)
        ).one()
    win = open_window(ws, settings, "zh", user="lina")
    win.resize(width, height)
    win.show()
    win.show_site(site, fly=True)
    for _ in range(60):
        app.processEvents()
    win.grab().save(str(OUT / f"ledger_detail_zh{suffix}.png"))
    dlg = win.ledger.edit_hazard(hid)
    for _ in range(20):
        app.processEvents()
    if dlg is not None:
        dlg.grab().save(str(OUT / f"hazard_dialog_zh{suffix}.png"))
        dlg.close()
    win.ledger_ui.switch_user("admin", DEMO_PASSWORD)
    lists = win.ledger_files.show_lists()
    lists.resize(min(1600, width - 100), min(900, height - 100))
    for _ in range(30):
        app.processEvents()
    lists.grab().save(str(OUT / f"responsibility_zh{suffix}.png"))
    lists.close()
    win.close()
    win.deleteLater()
    app.processEvents()


def _patrol_shots(app, ws, settings, width: int, height: int, suffix: str) -> None:
    """The coverage check a planner runs before 清明: the high-risk sites no patrol covers,
    marked on the map over the patrol areas and listed with why each is high-risk."""
    import numpy as np
    import shapely
    from PySide6 import QtCore

    from riskmap.ui.app import open_window

    win = open_window(ws, settings, "zh", user="lina")
    win.resize(width, height)
    win.show()
    ui = win.patrol_ui
    ui.show_coverage()
    for _ in range(10):
        app.processEvents()
    # The list gets room for a dozen rows; the map keeps most of the screen.
    win.resizeDocks([ui.dock], [int(height * 0.36)], QtCore.Qt.Orientation.Vertical)
    cov = ui.panel.coverage
    start, end = cov.start.date().toPython(), cov.end.date().toPython()
    cov.set_window("qingming", cov.year.value(), start, end)
    cov.run()
    wait_for(app, lambda: ui.coverage.result is not None)
    result = ui.coverage.result
    # Around the patrol area with the most uncovered sites near it: patrols and gaps side by side.
    gaps = result.coverage.gaps
    pts = shapely.points([(g.x, g.y) for g in gaps])
    near = [int(np.sum(shapely.distance(p.coverage, pts) < 15000)) for p in result.coverage.patrols]
    patrol = result.coverage.patrols[int(np.argmax(near))].coverage
    around = shapely.get_coordinates(pts[shapely.distance(patrol, pts) < 15000])
    cx, cy = np.median(np.vstack([around, shapely.get_coordinates(patrol.centroid)]), axis=0)
    side = 30000.0
    win.canvas.set_view_rect(QtCore.QRectF(cx - side / 2, cy - side / 2, side, side))
    nearest = min(gaps, key=lambda g: (g.x - cx) ** 2 + (g.y - cy) ** 2)
    cov.view.sortByColumn(1, QtCore.Qt.SortOrder.AscendingOrder)
    cov.select_site(nearest.site_id)
    win.canvas.highlight([nearest.site_id])
    for col, chars in enumerate((16, 7, 7, 22)):
        cov.view.setColumnWidth(col, cov.view.fontMetrics().horizontalAdvance("隐" * chars))
    wait_for(app, lambda: win.canvas.rendering_idle())
    for _ in range(60):
        app.processEvents()
    win.grab().save(str(OUT / f"coverage_gaps_zh{suffix}.png"))
    win.close()
    win.deleteLater()
    app.processEvents()


def _wall_shot(app, ws, settings, width: int) -> None:
    """The wall display full screen (3840×2160 or 1920×1080, at 100 %): the city overview
    step, figures read, map drawn. (200 % scaling shows the same layout at 1920×1080 logical:
    tests/ui/test_wall.py.)"""
    from riskmap.ui.app import open_wall

    wall = open_wall(ws, settings, "zh")
    wall.show_on_wall(app.primaryScreen())  # the screen main() gives this process
    wait_for(app, lambda: wall.figures is not None)
    wall.restyle_now()
    wall.set_paused(True)  # the overview, not wherever the sequence is when the shot is taken
    wall.go_to(0, animate=False)
    for _ in range(30):
        app.processEvents()
    wait_for(app, lambda: wall.map.canvas.rendering_idle())
    for _ in range(30):
        app.processEvents()
    wall.grab().save(str(OUT / ("wall_4k.png" if width > 1920 else "wall_1080.png")))
    wall.close()
    wall.deleteLater()
    app.processEvents()


def _brief_dialog_shot(app, ws, settings, tmp: Path) -> None:
    """File → Briefing… over the main window at 1920×1080, after writing the 清明 briefing:
    its key figures and the PDF's city page (page 2)."""
    from PySide6 import QtGui

    from riskmap.ui.app import open_window

    win = open_window(ws, settings, "zh")
    win.resize(1920, 1080)
    win.show()
    dlg = win.briefing_ui.open()
    dlg.set_params("qingming")
    dlg.folder.setText(str(tmp / "brief"))
    dlg.resize(1560, 900)
    wait_for(app, lambda: dlg.figures.briefing is not None, 60)
    dlg.start()
    wait_for(app, lambda: dlg.result is not None or not dlg.running(), 120)
    if dlg.result is not None and dlg.result.preview is not None:
        dlg.show_page(2)
        wait_for(app, lambda: dlg.page.page == 2, 30)
    for _ in range(30):
        app.processEvents()
    # offscreen windows have no frame: the dialog is drawn over the window with an outline and
    # a shadow, as a desktop would show it
    shot = win.grab()
    over = dlg.grab()
    x, y = (shot.width() - over.width()) // 2, (shot.height() - over.height()) // 2
    painter = QtGui.QPainter(shot)
    for i in range(12, 0, -1):
        painter.fillRect(x - i + 6, y - i + 8, over.width() + 2 * i, over.height() + 2 * i,
                         QtGui.QColor(0, 0, 0, 6))  # fmt: skip
    painter.drawPixmap(x, y, over)
    painter.setPen(QtGui.QColor("#607d8b"))
    painter.drawRect(x - 1, y - 1, over.width() + 1, over.height() + 1)
    painter.end()
    shot.save(str(OUT / "brief_dialog_zh.png"))
    win.close()
    win.deleteLater()
    app.processEvents()


def _chemical_park(ws) -> tuple[float, float]:
    """The chemical park by the city seat: the densest cluster of chemical plants."""
    import numpy as np
    import shapely

    code = ws.sites.layer_keys.index("chemical_plants")
    pts = ws.sites.geoms[ws.sites.layers == code]
    xy = shapely.get_coordinates(pts)
    return float(np.median(xy[:, 0])), float(np.median(xy[:, 1]))


def _import_shot(app, ws, settings, width: int, height: int, suffix: str) -> None:
    """The Import dialog over the map, on a spreadsheet of chemical plants whose coordinates a
    unit copied from Amap (GCJ-02): the offset verdict with its one-click conversion, the
    column mapping beside the first rows. Nothing is imported."""
    import csv
    import json

    import numpy as np
    import shapely
    from PySide6 import QtCore, QtGui
    from sqlalchemy import text

    from riskmap.core.crs import to_degrees
    from riskmap.core.datum import from_wgs84
    from riskmap.ui.app import open_window
    from riskmap.ui.importer import ImportActions

    sql = "SELECT name, address, geom, attrs FROM sites WHERE layer = 'chemical_plants' ORDER BY id"
    with ws.store.engine.connect() as c:
        rows = c.execute(text(sql)).all()
    geoms = shapely.from_wkb([bytes(r[2]) for r in rows])
    degrees = np.array([to_degrees(g, ws.crs).coords[0] for g in geoms])
    lon, lat = from_wgs84(degrees[:, 0], degrees[:, 1], "gcj02")
    grades = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
    header = ["企业名称", "详细地址", "经度", "纬度", "危险化学品", "从业人数", "重大危险源等级"]
    win = open_window(ws, settings, "zh", user="admin")
    win.resize(width, height)
    win.show()
    actions = getattr(win, "import_ui", None) or ImportActions(win)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "危化企业名单（高德坐标）.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(header)
            for (name, address, _g, attrs), x, y in zip(rows, lon, lat, strict=True):
                a = json.loads(attrs) if isinstance(attrs, str) else dict(attrs or {})
                grade = grades.get(a.get("hazard_class"), "")
                chem, staff = a.get("chemicals", ""), a.get("employees", "")
                out.writerow([name, address, f"{x:.6f}", f"{y:.6f}", chem, staff, grade])
        dlg = actions.import_dialog(path)
        wait_for(app, lambda: dlg.panel.source is not None)
        dlg.set_target("chemical_plants")
        dlg.mapping.set_column("chemicals", "危险化学品")
        wait_for(app, lambda: dlg.verdict is not None)
        dlg.resize(min(1480, width - 160), min(900, height - 140))
        wait_for(app, lambda: win.canvas.rendering_idle())
        for _ in range(60):
            app.processEvents()
        # A screen as the user sees it: the dialog over the window, centred, with a shadow
        # and a title bar (an offscreen grab has no window frame).
        shot = win.grab()
        front = dlg.grab()
        bar = 30
        x0 = (shot.width() - front.width()) // 2
        y0 = (shot.height() - front.height() + bar) // 2
        frame = QtCore.QRect(x0, y0 - bar, front.width(), front.height() + bar)
        painter = QtGui.QPainter(shot)
        painter.fillRect(frame.translated(6, 6), QtGui.QColor(0, 0, 0, 70))
        title = QtCore.QRect(x0, y0 - bar, front.width(), bar)
        painter.fillRect(title, QtGui.QColor("#dfe3e8"))
        painter.setPen(QtGui.QColor("#263238"))
        left = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        painter.drawText(title.adjusted(12, 0, -12, 0), int(left), dlg.windowTitle())
        painter.drawPixmap(x0, y0, front)
        painter.setPen(QtGui.QColor("#78909c"))
        painter.drawRect(frame.adjusted(0, 0, -1, -1))
        painter.end()
        shot.save(str(OUT / f"import_dialog_zh{suffix}.png"))
        dlg.close()
    win.close()
    win.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
