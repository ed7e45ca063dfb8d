"""Open every window and dialog riskmap has on the screen Qt was given, and print (JSON) where
each one is and whether its buttons can be clicked. Run by tests/ui/test_screens.py in a
subprocess per screen: python screen_probe.py DB_URL SETTINGS.ini DAY"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets
from sqlalchemy import func, select

from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.store.schema import Hazard
from riskmap.ui.app import create_app, open_wall, open_window

# The buttons a dialog must keep on screen: its default one, Close/Cancel, and its own.
NAMED = ("close_button", "cancel_button", "import_button", "generate_button", "save_button")


def settle(app: QtWidgets.QApplication, until: Any = None, timeout_s: float = 20.0) -> None:
    end = time.monotonic() + timeout_s
    while until is not None and not until() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)
    for _ in range(20):
        app.processEvents()


def clickable(button: QtWidgets.QWidget, win: QtWidgets.QWidget) -> bool:
    """Shown, not clipped by a scroll area or the window, inside the window."""
    if not button.isVisible():
        return False
    seen = button.visibleRegion().boundingRect()
    inside = QtCore.QRect(button.mapTo(win, QtCore.QPoint(0, 0)), button.size())
    return seen.size() == button.size() and win.rect().contains(inside)


def report(win: QtWidgets.QWidget) -> dict[str, Any]:
    buttons = [
        b
        for b in win.findChildren(QtWidgets.QPushButton)
        if b.isDefault() or isinstance(b.parentWidget(), QtWidgets.QDialogButtonBox)
    ]
    buttons += [
        getattr(win, n) for n in NAMED if isinstance(getattr(win, n, None), QtWidgets.QWidget)
    ]
    wanted = {id(b): b for b in buttons if not b.isHidden()}  # not the ones hidden on purpose
    frame = win.frameGeometry()
    area = win.screen().availableGeometry()
    return {
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "available": [area.x(), area.y(), area.width(), area.height()],
        "fits": area.contains(frame),
        "buttons": {b.text() or b.objectName(): clickable(b, win) for b in wanted.values()},
    }


def main() -> None:
    url, ini, day = sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3])
    app = create_app()
    ws = Workspace.load(open_store(url))
    settings = QtCore.QSettings(ini, QtCore.QSettings.Format.IniFormat)
    out: dict[str, Any] = {}
    win = open_window(ws, settings, "zh", user="admin", today=day)
    win.show()
    settle(app)
    out["main"] = report(win)
    ext = [
        b
        for b in win.findChildren(QtWidgets.QToolButton)
        if b.objectName() == "qt_toolbar_ext_button"
    ]
    tool_buttons = [
        bar.widgetForAction(act)
        for bar in win.findChildren(QtWidgets.QToolBar)
        for act in bar.actions()
        if not act.isSeparator()
    ]
    out["toolbar"] = {
        "overflow": any(b.isVisible() for b in ext),
        "all_shown": all(w is not None and clickable(w, win) for w in tool_buttons),
        "asof": clickable(win.asof_edit, win),
        "icons": all(not a.icon().isNull() for a in win.tool_actions.values()),
    }
    # a circle at the city's centre: the dossier comes to the front, a dozen rows or more
    c = ws.city().geom.centroid
    win.set_region(Region.from_circle(c.x, c.y, 8000, crs=ws.crs))
    settle(app, lambda: win.dossier is not None)
    [view] = [v for v in win.dossier_panel.findChildren(QtWidgets.QTableView) if v.isVisible()]
    out["dossier"] = {
        "in_front": not win.dossier_dock.visibleRegion().isEmpty(),
        "rows": view.viewport().height() / view.verticalHeader().defaultSectionSize(),
        "map": [win.canvas.width(), win.canvas.height()],
    }

    dialogs: dict[str, Any] = {}
    brief = win.briefing_ui.open()
    dialogs["briefing"] = brief
    csv = Path(ini).with_name("sites.csv")
    csv.write_text("名称,经度,纬度\n甲,112.9,28.2\n", encoding="utf-8")
    dialogs["import"] = win.import_ui.import_dialog(csv)
    with ws.store.session() as s:
        hid = s.execute(select(func.max(Hazard.id))).scalar()
    for name, opener in (
        ("districts", lambda: win.import_ui.districts(csv)),
        ("database", win.database_ui.open),
        ("responsibility", win.ledger_files.show_lists),
        ("users", win.ledger_files.show_users),
        ("switch_user", win.ledger_ui.switch_user_dialog),
        ("hazard", lambda: win.ledger.edit_hazard(hid)),
        ("patrol", lambda: win.patrol_ui.edit_attributes(win.patrol_ui.ctl.patrols()[0].id)),
    ):
        dialogs[name] = opener()
    from riskmap.ui.importer.export_dialog import ExportDialog
    from riskmap.ui.ledger.files import UnitPickerDialog
    from riskmap.ui.map.district_picker import DistrictPicker

    dialogs["export"] = ExportDialog(ws.catalog, {k: 1 for k in ws.catalog}, "zh", win)
    dialogs["unit_picker"] = UnitPickerDialog(win.ledger_files.units_with_open_items(), win)
    dialogs["district_picker"] = DistrictPicker(ws, win)
    for name, dlg in dialogs.items():
        if not dlg.isVisible():
            dlg.show()
        settle(app)
        out[name] = report(dlg)
        dlg.close()
        settle(app)

    wall = open_wall(ws, settings, "zh", today=day)
    wall.show_on_wall(app.primaryScreen())
    settle(app, lambda: wall.figures is not None)
    g, s = wall.geometry(), wall.screen().geometry()
    out["wall"] = {"geometry": [g.x(), g.y(), g.width(), g.height()],
                   "screen": [s.x(), s.y(), s.width(), s.height()]}  # fmt: skip
    wall.leave_full_screen()
    settle(app)
    out["wall_window"] = report(wall)
    wall.close()
    win.close()
    settle(app)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
