"""The dossier's CSV and XLSX exports from the window: a site named like a formula stays text."""

from __future__ import annotations

import csv
import sqlite3

from openpyxl import load_workbook

from riskmap.core.dossier import Filters, build
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.panels.dossier_dock import DossierPanel

EVIL = '=HYPERLINK("http://x","click")'


def test_dossier_exports_keep_formula_names_as_text(qtbot, demo_copy: str, demo_anchor, tmp_path):
    con = sqlite3.connect(demo_copy.removeprefix("sqlite:///"))
    with con:
        # every site with a hazard, so the hazards list shows the name
        con.execute(
            "UPDATE sites SET name = ? || id WHERE id IN (SELECT site_id FROM hazards)", (EVIL,)
        )
    con.close()
    ws = Workspace.load(open_store(demo_copy))
    dossier = build(ws, ws.whole_region(), Filters(as_of=demo_anchor))
    panel = DossierPanel()
    qtbot.addWidget(panel)
    panel.set_dossier(dossier, ws.catalog, {c.code: c.name for c in ws.counties()}, "zh")

    path = tmp_path / "hazards.csv"
    assert panel.export_csv(path, "hazards")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c.startswith("=")]
    assert any(c.startswith("'" + EVIL) for c in cells)

    path = tmp_path / "dossier.xlsx"
    assert panel.export_xlsx(path)
    sheet = load_workbook(path)["hazards"]
    named = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith(EVIL)]
    assert named and all(c.data_type == "s" and c.quotePrefix for c in named)
    assert not [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("'=")]
    ws.store.dispose()
